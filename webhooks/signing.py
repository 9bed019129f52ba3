"""Signing webhook deliveries by the Standard Webhooks specification, and checking them.

Every request carries ``webhook-id``, ``webhook-timestamp`` (unix seconds) and
``webhook-signature``: space-separated ``v1,<base64 HMAC-SHA256>`` entries, each over
``"<id>.<timestamp>.<body>"``. The key is the base64-decoded part of a ``whsec_`` secret. So a
council can check a delivery with the official library for its language
(https://www.standardwebhooks.com). Signing the id and timestamp with the body lets a receiver
refuse a captured request replayed later. Pure functions: time is passed in.
"""

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping

# Secrets are made with the webhook (``delivery.models.generate_secret``).
from delivery.models import SECRET_PREFIX

MIN_KEY_BYTES = 24  # The specification's floor for a symmetric key (192 bits).
SCHEME = "v1"
ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
DEFAULT_TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The signature headers are missing, malformed, wrong or outside the tolerance."""


def secret_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_`` secret: the base64-decoded part after the prefix.

    Raises ``ValueError`` for anything else, including the URL-safe secrets made before the
    switch to Standard Webhooks: a receiver's library would derive a different key from them.
    """
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("A webhook secret starts with whsec_.")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as error:
        raise ValueError("A webhook secret is whsec_ and standard base64.") from error
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"A webhook secret's key is at least {MIN_KEY_BYTES} bytes.")
    return key


def message_id(event_id: int) -> str:
    """The ``webhook-id`` of a delivery of event ``event_id``: ``msg_<event id>``.

    The specification has the id name the event and stay the same across retries, so receivers
    can deduplicate on it. The event id does that: every attempt and every manual re-send of a
    delivery carries it, and it is the ``id`` in the payload. (A delivery's own pk would also be
    stable, but would give one event two ids where two webhooks reach the same receiver.)
    """
    return f"msg_{event_id}"


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``v1,<base64>`` HMAC-SHA256 of ``"<msg_id>.<timestamp>.<body>"`` under ``secret``."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return f"{SCHEME},{base64.b64encode(digest).decode()}"


def signature_headers(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` sent as ``msg_id`` at ``timestamp``."""
    return {
        ID_HEADER: msg_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, msg_id, timestamp, body),
    }


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    now: int,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> int:
    """Check the headers against ``body``; return the timestamp or raise ``SignatureError``.

    Header names are matched without regard to case. A timestamp more than ``tolerance``
    seconds away from ``now`` (unix seconds), either way, is refused. Any one matching ``v1``
    signature among several (sent while a secret rotates) is enough; other schemes are ignored.
    """
    named = {name.lower(): value for name, value in headers.items()}
    msg_id = _required(named, ID_HEADER)
    timestamp = _timestamp(_required(named, TIMESTAMP_HEADER))
    if abs(now - timestamp) > tolerance:
        raise SignatureError("The webhook-timestamp is outside the tolerance.")
    expected = sign(secret, msg_id, timestamp, body).encode()
    candidates = _required(named, SIGNATURE_HEADER).split()
    if not any(hmac.compare_digest(expected, c.encode()) for c in candidates):
        raise SignatureError("No v1 signature in webhook-signature matches the body.")
    return timestamp


def _required(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name, "").strip()
    if not value:
        raise SignatureError(f"The {name} header is missing.")
    return value


def _timestamp(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise SignatureError("The webhook-timestamp header is not unix seconds.")
    return int(value)
