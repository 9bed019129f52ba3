"""The OpenAPI schema class: drf-spectacular's, with the error answers each operation can give.

Documenting 400/401/403/404/412 lets generated clients and schema-driven tests (schemathesis)
treat them as part of the contract rather than surprises.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


VALIDATION_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Messages per field (`{"field": ["message"]}`); rule breaks not about one '
    "field are listed under `non_field_errors`.",
)
ERRORS = {
    "401": OpenApiResponse(ErrorDetailSerializer, description="No valid credentials."),
    "403": OpenApiResponse(ErrorDetailSerializer, description="Your role may not do this."),
    "404": OpenApiResponse(
        ErrorDetailSerializer, description="No such object in your services (or no such page)."
    ),
    "412": OpenApiResponse(
        ErrorDetailSerializer, description="`If-Match` names an ETag the object no longer has."
    ),
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag from GET. When it no longer matches, the write is refused with 412. "
    "Without it the write is applied whatever changed meanwhile.",
)


class AutoSchema(SpectacularAutoSchema):
    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.honours_if_match():
            parameters = [*parameters, IF_MATCH]
        return parameters

    def honours_if_match(self) -> bool:
        """Writes to one object of a view that checks ``If-Match`` (``OperationWriteMixin``)."""
        writes = self.method in ("POST", "PUT", "PATCH")
        return writes and "{" in self.path and hasattr(self.view, "guarded_write")

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                error = VALIDATION_ERRORS if code == "400" else ERRORS[code]
                responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses

    def error_codes(self) -> list[str]:
        """The error statuses this operation can answer with."""
        codes = ["401"]
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        # A list's filters and its ``page_size`` are refused with messages when malformed.
        queried = self._is_list_view() and (
            getattr(self.view, "filterset_class", None)
            or getattr(self.view, "pagination_class", None)
        )
        if writes or queried:
            codes.append("400")
        if writes:
            codes.append("403")
        if self._is_list_view() or "{" in self.path:
            codes.append("404")
        if self.honours_if_match():
            codes.append("412")
        return codes
