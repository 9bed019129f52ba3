"""Links that arrive by email (e.g. digest preferences)."""

app_name = "notifications"
urlpatterns: list = []
