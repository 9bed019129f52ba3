"""Where webhooks may point: public addresses only, unless the operator allows private ones.

A webhook makes the server POST to a URL a manager typed and shows them the answer, so without
this check it could reach the server's own network (a database port on loopback, a cloud
metadata service on a link-local address). Checked when a webhook is saved and again before
each attempt, since a name can be pointed elsewhere after registration.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


def is_public(address: str) -> bool:
    """Whether ``address`` (IPv4 or IPv6) is globally routable: not loopback, private,
    link-local, multicast, reserved or unspecified."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def refusal(url: str) -> str:
    """Why ``url`` may not be called ("" when it may): its host must resolve to public addresses
    only."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as error:
        return f"The host {host!r} could not be resolved ({error})."
    addresses = {str(info[4][0]) for info in infos}
    private = sorted(address for address in addresses if not is_public(address))
    if private:
        return f"The host {host!r} resolves to a private address ({', '.join(private)})."
    return ""


def configured_refusal(url: str) -> str:
    """``refusal(url)``, unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` lets every address through."""
    return "" if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES else refusal(url)
