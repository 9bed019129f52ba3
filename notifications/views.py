"""Digest preferences reached from a signed link in the email itself (see ``digest_links``).

The token is the authority: it names one board seat and changes nothing else. A GET never
changes anything (mail scanners follow links); changes are POSTs. The unsubscribe address
also takes RFC 8058's one-click POST (``List-Unsubscribe=One-Click``) from the mail client,
which carries no CSRF token, so that view is exempt. Unsubscribing stops digests only.
"""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications.digest_links import InvalidLink, member_for_token
from notifications.models import EmailOptOut
from notifications.workflow import WorkflowKind
from notifications.workflow_links import InvalidLink as InvalidStopLink
from notifications.workflow_links import read_stop_token
from tenancy.choices import BoardRole, DigestChoice, DigestSchedule
from tenancy.models import BoardMember

User = get_user_model()


def _invalid(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    return render(
        request, "notifications/digest_link_invalid.html", {"reason": reason}, status=status
    )


def _with_member(view):
    """Resolve the token to a seat, or answer with a clear page (400 altered, 404 removed)."""

    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        try:
            member = member_for_token(token)
        except InvalidLink:
            return _invalid(request, "altered", 400)
        except BoardMember.DoesNotExist:
            return _invalid(request, "removed", 404)
        return view(request, member)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def frequency_options(board) -> list[tuple[str, str]]:
    """The member's choices, each saying when it arrives (e.g. "Monthly (first Monday 08:00)")."""
    schedules = dict(DigestSchedule.choices)
    schedules[DigestSchedule.BEFORE_MEETING] = (
        f"{board.digest_days_before_meeting} days before each board meeting, 08:00"
    )
    return [
        (
            value,
            f"As the board's schedule: {schedules[board.digest_schedule]}"
            if value == DigestChoice.BOARD_SCHEDULE
            else schedules.get(value, label),
        )
        for value, label in DigestChoice.choices
    ]


def _page(request, template: str, member: BoardMember, **context) -> HttpResponse:
    context.update(
        member=member,
        board=member.board,
        is_chair=member.role == BoardRole.CHAIR,
        choices=frequency_options(member.board),
    )
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@_with_member
def digest_preferences(request: HttpRequest, member: BoardMember) -> HttpResponse:
    """Show the member's digest frequency; a POST of ``digest_choice`` changes it."""
    if request.method == "GET":
        return _page(request, "notifications/digest_preferences.html", member)
    choice = request.POST.get("digest_choice", "")
    if choice not in DigestChoice.values:
        return _page(
            request,
            "notifications/digest_preferences.html",
            member,
            error="Choose one of the options.",
        )
    _set_choice(member, choice)
    return _page(request, "notifications/digest_preferences.html", member, saved=True)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_with_member
def digest_unsubscribe(request: HttpRequest, member: BoardMember) -> HttpResponse:
    """GET asks to confirm with one button; a POST (the button or RFC 8058 one-click) unsubscribes."""
    if request.method == "POST":
        _set_choice(member, DigestChoice.UNSUBSCRIBED)
        return _page(request, "notifications/digest_preferences.html", member, saved=True)
    return _page(request, "notifications/digest_unsubscribe.html", member)


def _set_choice(member: BoardMember, choice: str) -> None:
    member.digest_choice = choice
    member.save(update_fields=["digest_choice"])


@csrf_exempt
@require_http_methods(["GET", "POST"])
def workflow_stop(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm with one button; a POST (the button, or the mail client's RFC 8058
    one-click) switches that kind of workflow email off for that person; a second POST with
    ``resume`` switches it back on."""
    try:
        user_id, kind = read_stop_token(token)
    except InvalidStopLink:
        return _invalid(request, "altered", 400)
    if kind not in WorkflowKind.values or not User.objects.filter(pk=user_id).exists():
        return _invalid(request, "removed", 404)
    stopped = EmailOptOut.objects.filter(user_id=user_id, kind=kind)
    if request.method == "POST":
        if "resume" in request.POST:
            stopped.delete()
        else:
            EmailOptOut.objects.get_or_create(user_id=user_id, kind=kind)
    return render(
        request,
        "notifications/workflow_stop.html",
        {
            "label": WorkflowKind(kind).label,
            "stopped": stopped.exists(),
            "posted": request.method == "POST",
        },
    )
