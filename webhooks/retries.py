"""What an attempt's outcome means for its delivery: pure rules, time and limits passed in.

2xx succeeds. Network errors (no status) and 5xx are transient: retried after an exponential
delay (base, 2 x base, 4 x base ... capped) until the attempts run out. Anything else (3xx, 4xx)
means the receiver refused the request: retrying would not help, so it fails at once.
"""

from datetime import datetime, timedelta

from webhooks.choices import DeliveryStatus


def is_success(status_code: int | None) -> bool:
    return status_code is not None and 200 <= status_code < 300


def is_transient(status_code: int | None) -> bool:
    """A network error or a server error: worth trying again later."""
    return status_code is None or status_code >= 500


def retry_delay(attempts: int, *, base_seconds: int, max_seconds: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: base x 2^(attempts - 1), capped."""
    exponent = max(attempts - 1, 0)
    return timedelta(seconds=min(base_seconds * 2**exponent, max_seconds))


def next_status(status_code: int | None, *, attempts: int, max_attempts: int) -> DeliveryStatus:
    """The delivery's status after its ``attempts``-th attempt answered ``status_code``."""
    if is_success(status_code):
        return DeliveryStatus.SUCCEEDED
    if not is_transient(status_code):
        return DeliveryStatus.FAILED
    if attempts >= max_attempts:
        return DeliveryStatus.GIVING_UP
    return DeliveryStatus.PENDING


def next_attempt_at(
    now: datetime, *, attempts: int, base_seconds: int, max_seconds: int
) -> datetime:
    return now + retry_delay(attempts, base_seconds=base_seconds, max_seconds=max_seconds)
