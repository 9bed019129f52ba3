"""REST API routes (``/api/v1/``), the OpenAPI schema and its docs."""

urlpatterns: list = []
