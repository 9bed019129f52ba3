"""The board's pages: thin views that read the pack (``board.pack``) and write through the
operations. Another service's page is not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from actions.models import Action
from actions.operations.actions import send_back_action, sign_off_action
from board.exports import FORMATS
from board.forms import SEND_BACK, SignOffForm
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
        "sign_off_url": reverse("board:sign-off-queue", args=[service.pk]),
    }
    return render(request, "board/board.html", context)


def _queue(service):
    """Completed actions of ``service`` awaiting sign-off, oldest completion first."""
    return (
        Action.objects.in_service(service)
        .awaiting_sign_off()
        .select_related("owner", "completed_by", "lead_agency", "recommendation__inspection")
        .order_by("completed_on", "pk")
    )


def _meetings(service):
    return BoardMeeting.objects.filter(board__service=service).order_by("-meets_on")


@login_required
def sign_off_queue(request, pk: int, action_pk: int | None = None):
    """The completed actions awaiting the board's sign-off, each with its closing evidence;
    whoever may sign off (``actions.sign_off_action``) signs off or sends back with a comment."""
    service = visible_service(request, pk)
    forms: dict[int, SignOffForm] = {}
    if request.method == "POST" and action_pk is not None:
        action = get_object_or_404(_queue(service), pk=action_pk)
        form = SignOffForm(request.POST, meetings=_meetings(service), prefix=f"a{action.pk}")
        if _decide(request, action, form):
            return redirect("board:sign-off-queue", pk=service.pk)
        forms[action.pk] = form
    items = [
        {
            "action": action,
            "may_sign_off": request.user.has_perm("actions.sign_off_action", action),
            "form": forms.get(action.pk)
            or SignOffForm(meetings=_meetings(service), prefix=f"a{action.pk}"),
        }
        for action in _queue(service)
    ]
    bound = [form for form in forms.values() if form.errors]
    context = {"service": service, "items": items, "error_forms": bound, "error_title": bool(bound)}
    return render(request, "board/sign_off_queue.html", context)


def _decide(request, action, form) -> bool:
    """Sign off or send back, as the button said; rule errors go beside the fields."""
    if not form.is_valid():
        return False
    comment, meeting = form.cleaned_data["comment"], form.cleaned_data["meeting"]
    try:
        if SEND_BACK in request.POST:
            send_back_action(action=action, actor=request.user, comment=comment)
            messages.success(
                request, f"{action.reference} {action.title} was sent back to its owner."
            )
        else:
            sign_off_action(action=action, actor=request.user, comment=comment, meeting=meeting)
            messages.success(request, f"{action.reference} {action.title} is signed off.")
    except ValidationError as error:
        for field, errors in error.update_error_dict({}).items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True
