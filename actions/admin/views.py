"""The action admin's own pages: revise a deadline (and decide on a request), sign off.

Each view checks the object is visible and the role allows it, calls one operation and turns a
``ValidationError`` into form errors or a message.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from actions.choices import RevisionStatus
from actions.operations.actions import sign_off_action
from actions.operations.revisions import (
    approve_deadline_revision,
    reject_deadline_revision,
    request_deadline_revision,
)
from tenancy.admin_base import add_validation_error


class DeadlineRevisionForm(forms.Form):
    """A new deadline and why it moves."""

    due_on = forms.DateField(label="New deadline", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))
    confirm_past_deadline = forms.BooleanField(
        label="The new deadline is in the past, and that is meant (service managers only)",
        required=False,
    )


def _action_or_redirect(model_admin, request, object_id):
    action = model_admin.get_object(request, unquote(object_id))
    if action is None:
        return None, model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.opts, object_id
        )
    return action, None


def _change_url(action) -> str:
    return reverse("admin:actions_action_change", args=[action.pk])


def revise_deadline_view(model_admin, request, object_id):
    """GET: the form and the action's revisions. POST: request a revision or decide one."""
    action, missing = _action_or_redirect(model_admin, request, object_id)
    if missing:
        return missing
    if not model_admin.has_view_permission(request, action):
        raise PermissionDenied
    form = DeadlineRevisionForm()
    if request.method == "POST" and "decision" in request.POST:
        return _decide(request, action)
    if request.method == "POST":
        if not request.user.has_perm("actions.request_deadline_revision", action):
            raise PermissionDenied
        form = DeadlineRevisionForm(request.POST)
        if form.is_valid() and _request_revision(request, action, form):
            return HttpResponseRedirect(_change_url(action))
    return TemplateResponse(
        request,
        "admin/actions/action/revise_deadline.html",
        _context(model_admin, request, action, form),
    )


def _request_revision(request, action, form) -> bool:
    try:
        revision = request_deadline_revision(
            action=action,
            requested_by=request.user,
            due_on=form.cleaned_data["due_on"],
            reason=form.cleaned_data["reason"],
            confirm_past_deadline=form.cleaned_data["confirm_past_deadline"],
        )
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    if revision.status == RevisionStatus.APPROVED:
        messages.success(request, f"The deadline is now {revision.requested_due_on:%d %B %Y}.")
    else:
        messages.success(request, "Your deadline change is waiting for a service manager.")
    return True


def _decide(request, action):
    if not request.user.has_perm("actions.decide_deadline_revision", action):
        raise PermissionDenied
    revision_id = request.POST.get("revision", "")
    if not revision_id.isdigit():
        raise Http404("No such deadline change.")
    revision = get_object_or_404(
        action.deadline_revisions, pk=revision_id, status=RevisionStatus.PENDING
    )
    decide = (
        approve_deadline_revision
        if request.POST["decision"] == "approve"
        else reject_deadline_revision
    )
    try:
        decided = decide(revision=revision, decided_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # From the decided revision: the one read above is still "pending approval".
        messages.success(request, f"Deadline change {decided.get_status_display().lower()}.")
    return HttpResponseRedirect(request.path)


def _context(model_admin, request, action, form):
    revisions = action.deadline_revisions.select_related("requested_by", "decided_by")
    return {
        **model_admin.admin_site.each_context(request),
        "title": f"Revise the deadline of {action}",
        "opts": model_admin.opts,
        "original": action,
        "form": form,
        "revisions": revisions,
        "pending": next((r for r in revisions if r.status == RevisionStatus.PENDING), None),
        "can_request": not action.is_complete
        and request.user.has_perm("actions.request_deadline_revision", action),
        "can_decide": request.user.has_perm("actions.decide_deadline_revision", action),
        "change_url": _change_url(action),
    }


def sign_off_view(model_admin, request, object_id):
    """POST: the board accepts the completed action."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action, missing = _action_or_redirect(model_admin, request, object_id)
    if missing:
        return missing
    if not request.user.has_perm("actions.sign_off_action", action):
        raise PermissionDenied
    try:
        sign_off_action(action=action, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{action} is signed off.")
    return HttpResponseRedirect(_change_url(action))
