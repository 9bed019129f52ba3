"""Delivery: render one ledger row's template triplet and send it, at most once per claim.

Delivery does not decide anything: whoever wrote the ``Notification`` chose its recipient and
content. The templates of kind ``k`` are ``notifications/email/k_subject.txt``, ``k.txt`` and
``k.html``; they receive the row's ``context`` (``*_on`` values as dates), ``recipient`` and
``site_url``.
"""

import logging
import smtplib
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date

from events.dispatch import CLAIM_LEASE, MAX_ATTEMPTS, SWEEP_AFTER, SWEEP_BATCH_SIZE, TransientError
from notifications.digest_links import list_unsubscribe_headers
from notifications.models import Notification, NotificationStatus

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "notifications/email"


def email_context(notification: Notification) -> dict:
    """The template context: the stored facts, with ISO ``*_on`` strings turned into dates."""
    context = {
        key: parse_date(value) if key.endswith("_on") and isinstance(value, str) else value
        for key, value in notification.context.items()
    }
    return {**context, "recipient": notification.recipient, "site_url": settings.SITE_URL}


def build_message(notification: Notification) -> EmailMultiAlternatives:
    """The email for one ledger row: plain text with an HTML alternative."""
    context = email_context(notification)
    base = f"{TEMPLATE_DIR}/{notification.kind}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        to=[notification.recipient.email],
        headers={
            "X-Yjtracker-Notification": str(notification.pk),
            **list_unsubscribe_headers(notification.context),
        },
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


def claim_notification(notification_id: int, now: datetime) -> bool:
    """Take the row for sending: True if this UPDATE moved it from pending (or a lapsed claim)."""
    claimable = Q(status=NotificationStatus.PENDING) | Q(
        status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE
    )
    return bool(
        Notification.objects.filter(claimable, pk=notification_id).update(
            status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def is_transient(error: Exception) -> bool:
    """SMTP 4xx replies and connection failures are worth retrying; anything else is not."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    return isinstance(error, OSError)


def send_notification(notification_id: int, *, now: datetime | None = None) -> str:
    """Send the row if it is pending and mark it sent. Returns ``sent``, ``skipped`` or ``failed``.

    A transient failure returns the row to pending and raises ``TransientError`` so the task
    retries with backoff (failed after ``MAX_ATTEMPTS``); other failures mark it failed.
    """
    if not claim_notification(notification_id, now or timezone.now()):
        return "skipped"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        if not notification.recipient.email:
            raise ValueError(f"{notification.recipient} has no email address.")
        build_message(notification).send()
    except Exception as error:
        transient = is_transient(error) and notification.attempts < MAX_ATTEMPTS
        _release(
            notification,
            NotificationStatus.PENDING if transient else NotificationStatus.FAILED,
            error,
        )
        if transient:
            raise TransientError(str(error)) from error
        logger.exception("Sending %s failed", notification)
        return "failed"
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def _release(notification: Notification, status: str, error: Exception) -> None:
    Notification.objects.filter(pk=notification.pk).update(
        status=status, last_error=f"{type(error).__name__}: {error}"
    )


def notifications_to_sweep(now: datetime):
    """Ledger rows pending since before ``SWEEP_AFTER`` or claimed past their lease."""
    left_pending = Q(status=NotificationStatus.PENDING, created_at__lt=now - SWEEP_AFTER)
    lease_over = Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE)
    return Notification.objects.filter(left_pending | lease_over).order_by("pk")


def sweep_notifications(*, now: datetime, limit: int = SWEEP_BATCH_SIZE) -> list[int]:
    """The ids of up to ``limit`` ledger rows left behind (pending too long or past their lease)."""
    return list(notifications_to_sweep(now).values_list("pk", flat=True)[:limit])
