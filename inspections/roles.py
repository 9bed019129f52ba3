"""Who may do what in a service. One place, used by the admin and the API alike."""

from inspections.choices import ServiceRole


def role_in(user, service_id) -> str | None:
    """``user``'s role in the service, or None. Memoised on the user object for the request."""
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_yj_roles", None)
    if cache is None:
        cache = dict(user.service_memberships.values_list("service_id", "role"))
        user._yj_roles = cache
    return cache.get(service_id)


def services_with_role(user, *roles) -> list[int]:
    """Ids of the services where ``user`` holds one of ``roles``."""
    role_in(user, None)
    cache = getattr(user, "_yj_roles", {})
    return [service_id for service_id, role in cache.items() if role in roles]


def is_member(user, service_id) -> bool:
    return user.is_superuser or role_in(user, service_id) is not None


def manages(user, service_id) -> bool:
    """Service managers manage everything in their service; superusers everywhere."""
    return user.is_superuser or role_in(user, service_id) == ServiceRole.SERVICE_MANAGER


def can_edit_action(user, action) -> bool:
    """Managers edit any action of their service; plan owners only the actions they own."""
    service_id = action.recommendation.inspection.service_id
    if manages(user, service_id):
        return True
    return role_in(user, service_id) == ServiceRole.PLAN_OWNER and action.owner_id == user.pk


def can_sign_off(user, service_id) -> bool:
    """Completion is accepted by the board: board members (and superusers) sign off."""
    return user.is_superuser or role_in(user, service_id) == ServiceRole.BOARD_MEMBER
