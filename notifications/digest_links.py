"""Signed links in a digest that let a member change their frequency or unsubscribe, no login.

The token is ``django.core.signing`` over the member's seat and user ids (so a seat deleted and
re-created for someone else does not honour the old link) with a salt of its own. It does not
expire: an unsubscribe link must keep working as long as the emails it came with are read.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tenancy.models import BoardMember

SALT = "notifications.digest-preferences"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class InvalidLink(Exception):
    """The token was altered, truncated or signed with another key."""


def preferences_token(member: BoardMember) -> str:
    return signing.dumps({"member": member.pk, "user": member.user_id}, salt=SALT)


def member_for_token(token: str) -> BoardMember:
    """The seat a token was issued for; ``BoardMember.DoesNotExist`` if it has been removed."""
    try:
        claims = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise InvalidLink(str(error)) from error
    return BoardMember.objects.select_related("board__service", "user").get(
        pk=claims["member"], user_id=claims["user"]
    )


def preferences_url(member: BoardMember) -> str:
    """The page where the member chooses their digest frequency."""
    return absolute_url(
        reverse("notifications:digest-preferences", args=[preferences_token(member)])
    )


def unsubscribe_url(member: BoardMember) -> str:
    """The one-click unsubscribe address (``List-Unsubscribe``, RFC 8058)."""
    return absolute_url(
        reverse("notifications:digest-unsubscribe", args=[preferences_token(member)])
    )


def list_unsubscribe_headers(context: dict) -> dict[str, str]:
    """RFC 2369/8058 headers for an email whose context carries an ``unsubscribe_url``.

    Mail clients then offer their own "Unsubscribe" button, which POSTs
    ``List-Unsubscribe=One-Click`` to the address: one click, no page, no login.
    """
    url = context.get("unsubscribe_url")
    if not url:
        return {}
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
