"""The token in an update link's URL: the link row's id and its action's, signed with the site's
secret (Django's ``django.core.signing``, salted for this use only).

The signature proves the URL is one we made and that neither id was changed; it carries no
expiry of its own, because whether a link still works is the row's to say (``UpdateLink``).
"""

from django.core import signing

SALT = "partner_links.update_link"


def token_for(link) -> str:
    """The URL-safe token naming ``link`` (and its action)."""
    return signing.dumps({"link": link.pk, "action": link.action_id}, salt=SALT)


def ids_in(token: str) -> tuple[int, int] | None:
    """``(link id, action id)`` named by ``token``; None when it is not one we signed."""
    try:
        data = signing.loads(token, salt=SALT)
        return int(data["link"]), int(data["action"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
