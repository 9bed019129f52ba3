"""``GET /api/v1/services/{id}/board-pack/?as_at=YYYY-MM-DD&format=pdf|xlsx|csv|json``."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from board.exports import FORMATS
from board.pack import build_pack
from board.params import pack_request
from board.responses import pack_response
from core import clock
from tenancy.models import YouthJusticeService


class BoardPackView(APIView):
    """The board pack of a service as at a day (default today), in the format asked for.

    Another service's pack is not found (404); a bad date or format is a 400 naming the field.
    """

    # ``format`` names the pack's format here, not DRF's renderer (its URL override).
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        return (JSONRenderer(), JSONRenderer.media_type)

    @extend_schema(
        parameters=[
            OpenApiParameter("as_at", OpenApiTypes.DATE, description="Default: today."),
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=list(FORMATS), description="Default: json."
            ),
        ],
        responses={
            (200, chosen.content_type.split(";")[0]): (
                OpenApiTypes.OBJECT if name == "json" else OpenApiTypes.BINARY
            )
            for name, chosen in FORMATS.items()
        }
        | {
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description="A bad as_at or format: a message per field."
            )
        },
    )
    def get(self, request, pk: int) -> HttpResponse:
        service = get_object_or_404(YouthJusticeService.objects.visible_to(request.user), pk=pk)
        day, name = pack_request(request.query_params, today=clock.today())
        return pack_response(build_pack(service, as_at=day), name)
