"""Signing webhook bodies, Stripe-style, and checking a signature as a receiver would.

The header is ``X-Yjtracker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>``, the HMAC being
of ``"<t>.<body>"`` under the webhook's secret. Signing the timestamp with the body lets a
receiver refuse a captured request replayed later. Pure functions: time is passed in.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Yjtracker-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The signature header is missing, malformed, wrong or too old."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` under ``secret``."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the ``X-Yjtracker-Signature`` header for ``body`` sent at ``timestamp``."""
    return f"t={timestamp},{SCHEME}={sign(secret, timestamp, body)}"


def parse_header(header: str) -> tuple[int, list[str]]:
    """The timestamp and the ``v1`` signatures in a header (several when a secret rotates)."""
    timestamp, signatures = None, []
    for part in (header or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == SCHEME and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise SignatureError("The signature header has no timestamp or no v1 signature.")
    return timestamp, signatures


def verify(
    secret: str,
    header: str,
    body: bytes,
    now: int,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> int:
    """Check ``header`` against ``body``; return its timestamp or raise ``SignatureError``.

    A request signed more than ``tolerance`` seconds away from ``now`` (unix seconds) is
    refused, so a captured request cannot be replayed later.
    """
    timestamp, signatures = parse_header(header)
    if abs(now - timestamp) > tolerance:
        raise SignatureError("The signature timestamp is outside the tolerance.")
    expected = sign(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise SignatureError("The signature does not match the body.")
    return timestamp
