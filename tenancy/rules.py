"""Who may do what: every permission is one named rule here, and nowhere else.

Roles are per service (``ServiceMembership``); a rule asks about the service an object belongs
to (its ``SERVICE_PATH``). The operations evaluate these rules themselves, and the admin's
``has_*_permission``, the API's permission classes and templates ask the same rules through
``user.has_perm(name, obj)`` (django-rules' backend), so a third path cannot skip one.

Called without an object, a rule answers "may this user do it anywhere?" (the admin's list and
add pages, the API's ``has_permission``); with one, "may they do it to this object?". Superusers
may do everything (Django's ``ModelBackend`` says so before any rule is asked).
"""

import rules
from django.apps import apps
from django.core.exceptions import PermissionDenied

from tenancy.choices import ServiceRole


def service_id_of(obj) -> int | None:
    """The id of the service ``obj`` belongs to, following ``SERVICE_PATH`` (a service: itself);
    None for what belongs to no service (a framework)."""
    path = getattr(obj, "SERVICE_PATH", None)
    if path is None:
        return obj.pk if obj._meta.model_name == "youthjusticeservice" else None
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    return getattr(obj, f"{last}_id")


def roles_of(user) -> dict[int, str]:
    """``{service id: role}`` for ``user``, read once and memoised on the user for the request."""
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_yj_roles", None)
    if cache is None:
        cache = dict(user.service_memberships.values_list("service_id", "role"))
        user._yj_roles = cache
    return cache


def read_roles(users) -> None:
    """Memoise ``roles_of`` for many users at once (one query), so a batch of writes asks each
    rule of each of them without a query per person."""
    pending = {user.pk: user for user in users if user.is_authenticated}
    pending = {pk: user for pk, user in pending.items() if getattr(user, "_yj_roles", None) is None}
    if not pending:
        return
    for user in pending.values():
        user._yj_roles = {}
    memberships = apps.get_model("tenancy", "ServiceMembership").objects.filter(user_id__in=pending)
    for user_id, service_id, role in memberships.values_list("user_id", "service_id", "role"):
        pending[user_id]._yj_roles[service_id] = role


def role_in(user, service_id) -> str | None:
    """``user``'s role in the service, or None."""
    return roles_of(user).get(service_id)


def services_with_role(user, *roles) -> list[int]:
    """Ids of the services where ``user`` holds one of ``roles``."""
    return [service_id for service_id, role in roles_of(user).items() if role in roles]


def _holds(*roles):
    """A predicate: the user holds one of ``roles`` in the object's service (anywhere, without one)."""

    def check(user, obj=None) -> bool:
        service_id = None if obj is None else service_id_of(obj)
        if service_id is None:
            return bool(services_with_role(user, *roles))
        return role_in(user, service_id) in roles

    check.__name__ = "holds_" + "_or_".join(roles)
    return rules.predicate(check)


is_member = _holds(*ServiceRole.values)
is_manager = _holds(ServiceRole.SERVICE_MANAGER)
is_plan_owner = _holds(ServiceRole.PLAN_OWNER)
is_board_member = _holds(ServiceRole.BOARD_MEMBER)


@rules.predicate
def owns(user, obj=None) -> bool:
    """The object (an action) is the user's own; without one, true (they may own some)."""
    return obj is None or getattr(obj, "owner_id", None) == user.pk


# An action's editors: the service's managers, and a plan owner for the actions they own.
edits_action = is_manager | (is_plan_owner & owns)


@rules.predicate
def holds_sign_off_seat(user, obj=None) -> bool:
    """The user sits on the board of the object's service (anywhere, without one) as one who may
    sign off: its chair, or any member where the board allows it (``BoardMember.signers``)."""
    # Imported here: this module is loaded by TenancyConfig before the models are ready.
    from tenancy.models import BoardMember

    seats = BoardMember.objects.signers().filter(user=user)
    if obj is not None:
        seats = seats.filter(board__service_id=service_id_of(obj))
    return seats.exists()


@rules.predicate
def completed_it(user, obj=None) -> bool:
    """The user marked the action complete: the board's check must be someone else's."""
    return obj is not None and getattr(obj, "completed_by_id", None) == user.pk


signs_off_action = holds_sign_off_seat & ~completed_it

# Read: anyone holding a role in the object's service (lists are already limited to them).
VIEWABLE = {
    "inspections": ["inspection", "standardrating", "recommendation"],
    "actions": ["action", "deadlinerevision", "progressupdate"],
}
# Read, in the back office, by the role that works with it: the admin's home shows a person only
# what their role uses (a plan owner sees the plan, not frameworks, boards or the event log).
VIEWABLE_BY = {
    "tenancy": {
        "youthjusticeservice": is_manager | is_board_member,
        "localauthority": is_manager,
        "partneragency": is_manager,
        "board": is_manager | is_board_member,
        "boardmeeting": is_manager | is_board_member,
        "boardmember": is_manager | is_board_member,
    },
    "inspections": {
        "framework": is_manager,
        "domain": is_manager,
        "standard": is_manager,
        "ratinglevel": is_manager,
        "scoreband": is_manager,
    },
    "events": {"domainevent": is_manager},
}
# Add, change and delete: the service's managers.
MANAGED = {
    "inspections": ["inspection", "standardrating", "recommendation"],
    "tenancy": ["partneragency", "board", "boardmeeting", "boardmember"],
    "actions": ["deadlinerevision"],
    "delivery": ["webhook"],
}
RULES = {
    # Apps whose admin section a role sees (the admin index and app pages).
    "tenancy": is_manager | is_board_member,
    "inspections": is_member,
    "actions": is_member,
    "events": is_manager,
    "delivery": is_manager,
    # A service's own settings (RAG thresholds, reminders): its managers.
    "tenancy.change_youthjusticeservice": is_manager,
    # Actions: managers add and delete them; editors change them and record progress and
    # deadline requests; managers decide deadline requests; the board signs completed ones off.
    "actions.add_action": is_manager,
    "actions.delete_action": is_manager,
    "actions.change_action": edits_action,
    # Who owns it, its reference and recommendation: the managers only.
    "actions.change_action_details": is_manager,
    "actions.add_progressupdate": edits_action,
    "actions.request_deadline_revision": edits_action,
    "actions.decide_deadline_revision": is_manager,
    # Signing off and sending back are one decision, the board's: the chair (or any member, where
    # the board allows), never the person who completed the action.
    "actions.sign_off_action": signs_off_action,
    # Importing a plan from a spreadsheet writes recommendations and actions, and the record of
    # imports holds the files: the managers.
    "inspections.import_plan": is_manager,
    "spreadsheets": is_manager,
    "spreadsheets.view_planimport": is_manager,
    # Webhooks carry their signing secret, and the ledger shows who was told what: only the
    # service's managers see them and may send a failed delivery again.
    "delivery.view_webhook": is_manager,
    "delivery.view_delivery": is_manager,
    "delivery.view_deliveryattempt": is_manager,
    "delivery.resend_delivery": is_manager,
    # Update links (an action's owner or a partner contact updates it without signing in): the
    # service's managers send them, see who was sent what and withdraw them. The admin's add
    # page is the sending, so its permission is the same rule.
    "partner_links": is_manager,
    "actions.send_update_link": is_manager,
    "partner_links.add_updatelink": is_manager,
    "partner_links.view_updatelink": is_manager,
    "partner_links.revoke_updatelink": is_manager,
}
# Operators' acts, named so every permission the code asks for is listed here: no rule grants
# them, so only superusers (whom Django's ModelBackend lets do everything) may.
SUPERUSER_ONLY = (
    "tenancy.add_youthjusticeservice",
    "tenancy.set_up_youthjusticeservice",  # rename a service, set its authorities
    "events.redispatch_domainevent",
)


def register() -> None:
    """Register every rule with django-rules (called once, from ``TenancyConfig.ready``)."""
    for app, models in VIEWABLE.items():
        for model in models:
            rules.set_perm(f"{app}.view_{model}", _active(is_member))
    for app, readers in VIEWABLE_BY.items():
        for model, predicate in readers.items():
            rules.set_perm(f"{app}.view_{model}", _active(predicate))
    for app, models in MANAGED.items():
        for model in models:
            for verb in ("add", "change", "delete"):
                rules.set_perm(f"{app}.{verb}_{model}", _active(is_manager))
    for name, predicate in RULES.items():
        rules.set_perm(name, _active(predicate))
    for name in SUPERUSER_ONLY:
        rules.set_perm(name, rules.always_deny)


def _active(predicate):
    # Django asks the backends even for an inactive user: roles count only for active people.
    return rules.is_active & predicate


class NotAllowed(PermissionDenied):
    """An operation refused for the person asking (a 403 in the API)."""


def require(user, permission: str, obj=None) -> None:
    """Refuse unless ``user`` holds ``permission`` (on ``obj``); ``None`` is the system itself
    (the nightly jobs, the demo loader), which no rule limits."""
    if user is not None and not user.has_perm(permission, obj):
        raise NotAllowed(REFUSALS.get(permission, "You may not do this in this service."))


REFUSALS = {
    "actions.add_action": "You can add actions only in services you manage.",
    "actions.change_action": "You can change only the actions you own or manage.",
    "actions.add_progressupdate": "You can record progress only on actions you own or manage.",
    "actions.request_deadline_revision": "You can move deadlines only of actions you own or manage.",
    "actions.decide_deadline_revision": "Only the service's managers decide deadline changes.",
    "actions.send_update_link": "Only the service's managers send update links.",
    "actions.sign_off_action": "Only the board's chair (or a member, where the board allows) "
    "signs actions off, and never one they completed themselves.",
    "inspections.import_plan": "Only the service's managers import plans.",
}
