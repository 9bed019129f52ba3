"""The update link page: one action, one form, no account. Thin: the token names the row, the
row says whether it works (``UpdateLink.refusal``), ``record_link_update`` writes.

Nothing but the linked action is read: the link row is found by the signed ids of both the link
and its action, so a token altered to name another action is not ours and finds nothing.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from actions.forms import ProgressForm
from core import clock
from partner_links.models import UpdateLink
from partner_links.operations import LinkRefused, record_link_update
from partner_links.tokens import ids_in
from tenancy.rules import NotAllowed

INVALID, NOT_ALLOWED = "invalid", "not_allowed"
# The status of each refusal: not found for a link we did not make, gone for one that ended,
# forbidden for an owner's link once they no longer own the action or hold a role.
STATUS = {INVALID: 404, "expired": 410, "used": 410, "revoked": 410, NOT_ALLOWED: 403}


def _link(token: str) -> UpdateLink | None:
    ids = ids_in(token)
    if ids is None:
        return None
    link_id, action_id = ids
    related = "action__recommendation__inspection__service", "action__lead_agency"
    return (
        UpdateLink.objects.select_related(*related).filter(pk=link_id, action_id=action_id).first()
    )


def _refused(request, reason: str, link: UpdateLink | None = None):
    response = render(
        request,
        "partner_links/refused.html",
        {"reason": reason, "link": link},
        status=STATUS[reason],
    )
    return response


@never_cache
def update_page(request, token: str):
    """The one action the link names and a form to update it; once used, expired or revoked,
    a page saying so (and nothing of the action)."""
    link = _link(token)
    if link is None:
        return _refused(request, INVALID)
    if reason := link.refusal(clock.now()):
        return _refused(request, reason, link)
    form = ProgressForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_link_update(link_id=link.pk, now=clock.now(), **form.cleaned_data)
        except LinkRefused as refused:
            return _refused(request, refused.reason, link)
        except NotAllowed:
            return _refused(request, NOT_ALLOWED, link)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("partner_links:thanks", token=token)
    action = link.action
    context = {
        "link": link,
        "action": action,
        "assessment": action.assess_rag(clock.today()),
        "form": form,
        "error_forms": [form] if form.errors else [],
        "error_title": bool(form.errors),
    }
    return render(request, "partner_links/update.html", context)


@never_cache
def thanks_page(request, token: str):
    """Where a used link lands: the update is recorded (a link not yet used goes to its form)."""
    link = _link(token)
    if link is None:
        return _refused(request, INVALID)
    if link.used_at is None:
        return redirect("partner_links:update", token=token)
    return render(request, "partner_links/thanks.html", {"link": link})
