"""Giving people a role in a service: the one path used by ``grant_role`` and the demo loader."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from tenancy.choices import ServiceRole
from tenancy.models import ServiceMembership, YouthJusticeService


def find_service(name: str) -> YouthJusticeService:
    """The service called ``name`` (case-insensitive), or a ValidationError listing the names."""
    try:
        return YouthJusticeService.objects.get(name__iexact=name.strip())
    except YouthJusticeService.DoesNotExist:
        known = ", ".join(YouthJusticeService.objects.values_list("name", flat=True)) or "none yet"
        raise ValidationError(f"No service is called {name!r}. Services: {known}.") from None


@transaction.atomic
def grant_role(
    *,
    username: str,
    service: YouthJusticeService,
    role: str,
    email: str | None = None,
    password: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
):
    """Create or update ``username`` and give them ``role`` in ``service``.

    A user holds one role per service, so an existing membership is changed rather than added.
    The user is staff (the admin is the web interface); what they may do follows from their
    roles (``tenancy.rules``). Fields left as None are not changed. A password must pass
    ``AUTH_PASSWORD_VALIDATORS``, as one chosen in the admin must.
    """
    if role not in ServiceRole.values:
        raise ValidationError(f"Unknown role {role!r}. Roles: {', '.join(ServiceRole.values)}.")
    user = _save_user(username, email, password, first_name, last_name)
    ServiceMembership.objects.update_or_create(user=user, service=service, defaults={"role": role})
    return user


def _save_user(username, email, password, first_name, last_name):
    user, _ = get_user_model().objects.get_or_create(username=username)
    changes = {"email": email, "first_name": first_name, "last_name": last_name}
    for field, value in changes.items():
        if value is not None:
            setattr(user, field, value)
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif not user.password:
        # A new user with no password given can sign in only after one is set.
        user.set_unusable_password()
    user.is_staff = True
    user.full_clean(exclude=["password"])
    user.save()
    return user
