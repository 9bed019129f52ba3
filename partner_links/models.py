"""Update links: a signed, expiring, single-use way for someone to update one action without an
account (a partner contact) or without signing in (an owner, in the update round).

A link is a row; its URL carries a signature naming the row (``partner_links.tokens``). Whether
it still works is decided by the row alone (``UpdateLink.refusal``): the signature only proves
the URL was ours and was not altered.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from tenancy.models import ServiceScopedQuerySet

# Why a link no longer works, as the page (and the ledger) says it.
EXPIRED, USED, REVOKED = "expired", "used", "revoked"


def refusal_of(*, expires_at: datetime, used_at, revoked_at, now: datetime) -> str:
    """Why a link with these dates refuses an update at ``now``: "revoked", "used", "expired"; ""
    when it still works. Revoked before used before expired: the page says the most useful."""
    if revoked_at is not None:
        return REVOKED
    if used_at is not None:
        return USED
    return EXPIRED if now >= expires_at else ""


class UpdateLinkQuerySet(ServiceScopedQuerySet):
    def usable(self, now: datetime):
        """Links that still accept an update at ``now``: the rows ``refusal_of`` says "" for."""
        return self.filter(revoked_at__isnull=True, used_at__isnull=True, expires_at__gt=now)

    def in_round(self, round_key: str):
        return self.filter(round=round_key)


class UpdateLink(models.Model):
    """A link sent to ``contact_name`` at ``contact_email`` to update one action, once.

    ``round`` says why it was sent: ``meeting:<date>`` for the update round before a board
    meeting, ``manual:<uuid>`` for one a manager sent. One link per action, address and round, so
    a round run twice sends nothing new. ``contact`` is the user it was sent to when they have an
    account (the action's owner); a partner contact has none. Used, the link points at the update
    it recorded: who sent it, to whom, when, when used and what was written is this row.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="update_links")
    contact_name = models.CharField(max_length=160)
    contact_email = models.EmailField()
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The user the link was sent to, when they have an account.",
    )
    round = models.CharField(max_length=60, help_text="Why it was sent: meeting:<date> or manual.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the scheduled update round.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    progress_update = models.OneToOneField(
        ProgressUpdate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="update_link",
    )

    SERVICE_PATH = "action__recommendation__inspection__service"
    objects = UpdateLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "contact_email", "round"],
                name="one_update_link_per_action_contact_round",
                violation_error_message="This contact already has a link to this action in this "
                "round.",
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, progress_update__isnull=True)
                | Q(used_at__isnull=False, progress_update__isnull=False),
                name="update_link_used_with_its_update",
                violation_error_message="A used link records the update it was used for.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} for {self.contact_name} ({self.round})"

    def refusal(self, now: datetime) -> str:
        """Why this link refuses an update at ``now``; "" when it works."""
        return refusal_of(
            expires_at=self.expires_at, used_at=self.used_at, revoked_at=self.revoked_at, now=now
        )
