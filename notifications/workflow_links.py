"""The one-click "stop these emails" link in every workflow email (no login needed).

The token is ``django.core.signing`` over the user id and the kind, with a salt of its own: it
can switch off that one kind for that one person, nothing else, and does not expire (the link
must work as long as the email is read).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "notifications.workflow-emails"


class InvalidLink(Exception):
    """The token was altered, truncated or signed with another key."""


def stop_token(user_id: int, kind: str) -> str:
    return signing.dumps({"user": user_id, "kind": kind}, salt=SALT)


def read_stop_token(token: str) -> tuple[int, str]:
    """``(user id, kind)`` from a token, or ``InvalidLink``."""
    try:
        claims = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise InvalidLink(str(error)) from error
    return claims["user"], claims["kind"]


def stop_url(user_id: int, kind: str) -> str:
    """The page (and RFC 8058 one-click address) that switches ``kind`` off for the user."""
    path = reverse("notifications:workflow-stop", args=[stop_token(user_id, kind)])
    return f"{settings.SITE_URL}{path}"
