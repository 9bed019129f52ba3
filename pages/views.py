"""People's pages: thin views that read through ``pages.homes`` and write through the operations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actions.choices import RevisionStatus
from actions.forms import ProgressForm
from actions.models import Action, DeadlineRevision
from actions.operations.actions import complete_action
from actions.operations.progress import record_progress
from actions.operations.revisions import (
    approve_deadline_revision,
    reject_deadline_revision,
    request_deadline_revision,
)
from core import clock
from events.catalogue import EventType
from events.models import DomainEvent
from pages import homes
from pages.forms import CompleteForm, DeadlineChangeForm
from pages.timeline import timeline
from tenancy.choices import ServiceRole
from tenancy.rules import roles_of

# The action page's two forms, told apart by the name of the button that sent them.
FORMS = {
    "record_progress": ProgressForm,
    "request_deadline": DeadlineChangeForm,
    "complete": CompleteForm,
}
# The boxes of GOV.UK's date input: label, width (characters), index of the part.
DATE_PARTS = (("Day", 2, 0), ("Month", 2, 1), ("Year", 4, 2))
# A manager's own request is approved as it is made.
DEADLINE_MESSAGES: dict[str, str] = {
    RevisionStatus.PENDING: "Your request to move the deadline has been sent to the service's managers.",
    RevisionStatus.APPROVED: "The deadline has been moved.",
}

COMPLETED_MESSAGE = "The action is marked complete. The board will be asked to sign it off."


@login_required
def home(request):
    """Each person's home: the sections of every role they hold (anonymous: sign in first)."""
    today = clock.today()
    roles = set(roles_of(request.user).values())
    owner = homes.owner_home(request.user, today)
    context = {
        "today": today,
        "is_owner": ServiceRole.PLAN_OWNER in roles or bool(owner["open_rows"]),
        **owner,
        "services": homes.manager_home(request.user, today),
        "boards": homes.board_home(request.user) if ServiceRole.BOARD_MEMBER in roles else [],
    }
    return render(request, "pages/home.html", context)


@login_required
def action_page(request, pk):
    """What was agreed, the forms to record progress and ask for more time, and the history.

    Another service's action is not found; a write the person may not make is refused (403) by
    the operation itself.
    """
    action = get_object_or_404(
        Action.objects.visible_to(request.user)
        .with_service()
        .select_related("owner", "lead_agency"),
        pk=pk,
    )
    sent = next((name for name in FORMS if name in request.POST), None)
    forms = {name: form_class() for name, form_class in FORMS.items()}
    if request.method == "POST" and sent:
        forms[sent] = FORMS[sent](request.POST)
        if _write(request, action, sent, forms[sent]):
            return redirect("pages:action", pk=action.pk)
    return render(request, "pages/action.html", _action_context(request, action, forms))


def _write(request, action, name, form) -> bool:
    """Run the form's operation; its rule errors go beside the fields. True when written."""
    if not form.is_valid():
        return False
    try:
        if name == "record_progress":
            record_progress(action=action, author=request.user, **form.cleaned_data)
            messages.success(request, "Your update has been recorded.")
        elif name == "complete":
            complete_action(action=action, actor=request.user, **form.cleaned_data)
            messages.success(request, COMPLETED_MESSAGE)
        else:
            revision = request_deadline_revision(
                action=action, requested_by=request.user, **form.cleaned_data
            )
            messages.success(request, DEADLINE_MESSAGES[revision.status])
    except ValidationError as error:
        for field, errors in error.update_error_dict({}).items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


def _action_context(request, action, forms) -> dict:
    today = clock.today()
    user = request.user
    bound = [form for form in forms.values() if form.is_bound and form.errors]
    return {
        "action": action,
        "assessment": action.assess_rag(today),
        "progress_form": forms["record_progress"],
        "deadline_form": forms["request_deadline"],
        "complete_form": forms["complete"],
        "may_complete": not action.is_complete and user.has_perm("actions.change_action", action),
        "sent_back": _sent_back(action),
        "error_forms": bound,
        "error_title": bool(bound),
        "may_record": user.has_perm("actions.add_progressupdate", action),
        "may_move_deadline": user.has_perm("actions.request_deadline_revision", action),
        "date_parts": DATE_PARTS,
        "pending_revision": action.deadline_revisions.filter(status=RevisionStatus.PENDING).first(),
        "timeline": timeline(action),
    }


def _sent_back(action) -> DomainEvent | None:
    """The board's latest "sent back" while the action is open again (its comment says what the
    board needs), or None."""
    if action.is_complete:
        return None
    latest = (
        DomainEvent.objects.filter(
            subject_type="action",
            subject_id=action.pk,
            type__in=[EventType.ACTION_SENT_BACK, EventType.ACTION_COMPLETED],
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
        .first()
    )
    return latest if latest and latest.type == EventType.ACTION_SENT_BACK else None


DECISIONS = {"approve": approve_deadline_revision, "reject": reject_deadline_revision}


@require_POST
@login_required
def decide_deadline(request, pk):
    """A manager approves or rejects a deadline change from their home, and lands back there.

    Another service's request is not found; a person who may not decide is refused (403) by
    the operation; a request already decided is said so, not decided twice."""
    revision = get_object_or_404(
        DeadlineRevision.objects.visible_to(request.user).select_related("action"), pk=pk
    )
    decide = DECISIONS.get(request.POST.get("decision", ""))
    if decide is None:
        messages.error(request, "Choose Approve or Reject.")
        return redirect("pages:home")
    try:
        decided = decide(revision=revision, decided_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _decided_message(decided))
    return redirect("pages:home")


def _decided_message(revision) -> str:
    verdict = "moved to" if revision.status == RevisionStatus.APPROVED else "kept, not moved to"
    day = revision.requested_due_on
    return f"{revision.action.reference} {revision.action.title}: deadline {verdict} {day.day} {day:%B %Y}."
