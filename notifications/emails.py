"""The email transport: render one ledger row's template triplet and send it by SMTP.

It does not decide anything: whoever wrote the ``Delivery`` chose its recipient and content,
and the pipeline (``delivery.pipeline``) claims, retries and settles the row. The templates
of kind ``k`` are ``notifications/email/k_subject.txt``, ``k.txt`` and ``k.html``; they receive
the row's ``context`` (``*_on`` values as dates), ``recipient`` and ``site_url``.
"""

import logging
import smtplib
import time
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.dateparse import parse_date

from delivery.models import Channel, Delivery
from delivery.transports import Outcome, transport
from notifications.digest_links import list_unsubscribe_headers
from notifications.smtp import MayHaveBeenSent
from tenancy.models import ServiceMembership

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "notifications/email"
NO_LONGER_A_MEMBER = "The recipient no longer holds a role in the service."


def email_context(delivery: Delivery) -> dict:
    """The template context: the stored facts, with ISO ``*_on`` strings turned into dates."""
    context = {
        key: parse_date(value) if key.endswith("_on") and isinstance(value, str) else value
        for key, value in delivery.context.items()
    }
    return {**context, "recipient": delivery.recipient, "site_url": settings.SITE_URL}


def message_id(delivery: Delivery) -> str:
    """The same Message-ID on every attempt and resend of one ledger row (its key is unique), so
    a copy sent twice is recognisable as one message by the recipient's mail system."""
    domain = urlsplit(settings.SITE_URL).hostname or "yjtracker.invalid"
    return f"<delivery.{delivery.pk}@{domain}>"


def address_of(delivery: Delivery) -> str:
    """Where the row's email goes: its recipient's address, else its own (someone without an
    account, such as a partner contact sent an update link)."""
    return delivery.recipient.email if delivery.recipient else delivery.address


def build_message(delivery: Delivery) -> EmailMultiAlternatives:
    """The email for one ledger row (which has an address): plain text with an HTML alternative."""
    assert address_of(delivery)
    context = email_context(delivery)
    base = f"{TEMPLATE_DIR}/{delivery.kind}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        to=[address_of(delivery)],
        headers={
            "Message-ID": message_id(delivery),
            "X-Yjtracker-Delivery": str(delivery.pk),  # the ledger row, to quote to support
            **list_unsubscribe_headers(delivery.context),
        },
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


def is_transient(error: Exception) -> bool:
    """SMTP 4xx replies and connection failures are worth retrying; anything else is not."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    return isinstance(error, OSError)


@transport(Channel.EMAIL)
def send_email(delivery: Delivery, now: datetime) -> Outcome:
    """Render and send the row's email; a 4xx reply or a lost connection is worth a retry."""
    recipient, address = delivery.recipient, address_of(delivery)
    if not address:
        return Outcome("", attempted=False, error=f"{recipient} has no email address.")
    # An address-only row has no role to lose; its writer's withdrawal check guards it instead.
    if (
        recipient
        and delivery.service_id
        and not ServiceMembership.objects.holds_role(recipient.pk, delivery.service_id)
    ):
        # Chosen when they held a role; since removed (or deactivated): tell them nothing.
        return Outcome(address, cancelled=True, attempted=False, error=NO_LONGER_A_MEMBER)
    started = time.monotonic()
    try:
        message = build_message(delivery)
        message.send()
    except MayHaveBeenSent as error:
        logger.error("Sending %s may have succeeded; left for an operator: %s", delivery, error)
        return Outcome(address, uncertain=True, error=str(error), duration_ms=_since(started))
    except Exception as error:
        logger.warning("Sending %s failed: %s", delivery, error)
        return Outcome(
            address,
            retry=is_transient(error),
            status_code=getattr(error, "smtp_code", None),
            error=f"{type(error).__name__}: {error}",
            duration_ms=_since(started),
        )
    return Outcome(
        address, sent=True, request_body=str(message.subject), duration_ms=_since(started)
    )


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
