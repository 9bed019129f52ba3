"""The board's pages: thin views that read the pack (``board.pack``) and write through the
operations. Another service's page is not found."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render

from actions.models import Action
from board.exports import FORMATS
from board.pack import build_pack
from board.params import pack_day
from board.presentation import pack_context
from core import clock
from tenancy.models import BoardMeeting, YouthJusticeService


def visible_service(request, pk: int) -> YouthJusticeService:
    """The service, if the person holds a role in it (or is a superuser); else 404."""
    return get_object_or_404(YouthJusticeService.objects.visible_to(request.user), pk=pk)


@login_required
def board_page(request, pk: int):
    """The plan as at today (or the day asked for), exceptions first, with its downloads."""
    service = visible_service(request, pk)
    today = clock.today()
    error = None
    try:
        as_at = pack_day(request.GET.get("as_at"), today=today)
    except ValidationError as invalid:
        as_at, error = today, invalid.message_dict["as_at"][0]
    pack = build_pack(service, as_at=as_at)
    context = {
        **pack_context(pack),
        "service": service,
        "today": today,
        "as_at_value": request.GET.get("as_at", "") if error else as_at.isoformat(),
        "as_at_error": error,
        "meetings": list(
            BoardMeeting.objects.filter(board__service=service, meets_on__lte=today)
            .order_by("-meets_on")
            .values_list("meets_on", flat=True)[:8]
        ),
        "formats": [name for name in FORMATS if name != "json"],
        "awaiting_now": Action.objects.in_service(service).awaiting_sign_off().count(),
    }
    return render(request, "board/board.html", context)
