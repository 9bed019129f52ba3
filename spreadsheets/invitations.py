"""An owner named in an imported plan who is not yet a user: made a plan owner of the service
and sent an invitation through the delivery ledger (never directly)."""

from django.conf import settings
from django.contrib.auth import get_user_model

from delivery.models import Channel, Delivery
from delivery.tasks import deliver_on_commit
from tenancy.accounts import grant_role
from tenancy.choices import ServiceRole

INVITATION_KIND = "plan_owner_invitation"


def invite_owner(*, owner, service, invited_by):
    """Give ``owner`` (a ``NewOwner``: name and email) the plan-owner role in ``service`` and
    queue their invitation once the import commits. A user who already has the email address
    (in another service) is given the role; no second account is made. The ledger's key
    (kind, user, service) means a second import invites nobody twice."""
    existing = get_user_model().objects.filter(email__iexact=owner.email).first()
    first_name, _, last_name = owner.name.partition(" ")
    user = grant_role(
        username=existing.username if existing else owner.email,
        service=service,
        role=ServiceRole.PLAN_OWNER,
        email=None if existing else owner.email,
        first_name=None if existing else first_name,
        last_name=None if existing else last_name,
    )
    delivery, created = Delivery.objects.get_or_create(
        channel=Channel.EMAIL,
        kind=INVITATION_KIND,
        subject_type="service",
        subject_id=service.pk,
        recipient=user,
        period="",
        defaults={
            "service": service,
            "context": {
                "service_name": service.name,
                "invited_by": invited_by.get_full_name() or invited_by.username,
                "link_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            },
        },
    )
    if created:
        deliver_on_commit([delivery.pk], Channel.EMAIL)
    return user
