"""The transports: one function per channel that sends one claimed delivery and says how it went.

A transport does not decide whom to tell or whether to retry: whoever wrote the ``Delivery``
chose its destination and content, and the pipeline settles the row from the ``Outcome``. The
email transport is registered by ``notifications.emails``, the webhook one by
``webhooks.requests``, each imported by its app's ``ready()``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from delivery.models import Delivery


@dataclass(frozen=True)
class Outcome:
    """What one attempt did. ``sent``: it went. ``retry``: it did not, but may later (the server
    was unreachable or busy). ``uncertain``: it was handed over but the answer was lost, so it
    may have gone (never retried blindly). ``cancelled``: it must not go (the destination was
    switched off, the recipient removed). Anything else is a refusal that retrying would not
    change. ``attempted`` is False when nothing was sent anywhere, so there is no attempt to log."""

    destination: str
    sent: bool = False
    retry: bool = False
    uncertain: bool = False
    cancelled: bool = False
    attempted: bool = True
    status_code: int | None = None
    error: str = ""
    request_headers: dict = field(default_factory=dict)
    request_body: str = ""
    response_body: str = ""
    duration_ms: int = 0


Transport = Callable[["Delivery", datetime], Outcome]
_TRANSPORTS: dict[str, Transport] = {}


def transport(channel: str) -> Callable[[Transport], Transport]:
    """Register the decorated function as the transport of ``channel``."""

    def register(send: Transport) -> Transport:
        _TRANSPORTS[channel] = send
        return send

    return register


# Kinds whose message may stop being wanted between writing and sending (an update link used,
# revoked or expired): the app that writes them registers a check, so delivery imports nothing
# above it. A check returns why the row must not go, or "" to send it.
WithdrawalCheck = Callable[["Delivery", datetime], str]
_WITHDRAWAL_CHECKS: dict[str, WithdrawalCheck] = {}


def withdrawal_check(*kinds: str) -> Callable[[WithdrawalCheck], WithdrawalCheck]:
    """Register the decorated function as the check of rows of ``kinds`` before each send."""

    def register(check: WithdrawalCheck) -> WithdrawalCheck:
        for kind in kinds:
            _WITHDRAWAL_CHECKS[kind] = check
        return check

    return register


def withdrawn(delivery: "Delivery", now: datetime) -> str:
    """Why ``delivery`` must no longer go out as of ``now``; "" when nothing withdrew it."""
    check = _WITHDRAWAL_CHECKS.get(delivery.kind)
    return check(delivery, now) if check else ""


def transport_for(channel: str) -> Transport:
    try:
        return _TRANSPORTS[channel]
    except KeyError:
        raise LookupError(f"No transport is registered for {channel!r} deliveries.") from None
