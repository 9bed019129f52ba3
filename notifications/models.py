"""What people chose about the emails they receive (digests are a board seat's choice)."""

from django.conf import settings
from django.db import models


class EmailOptOut(models.Model):
    """A person who switched one kind of workflow email off, with one click from such an email.

    Reminders, escalations and digests have their own settings; this covers the workflow emails
    (``notifications.workflow.WorkflowKind``). Deleting the row switches the kind back on.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_user_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} does not receive {self.kind}"
