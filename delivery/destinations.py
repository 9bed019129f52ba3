"""Where webhooks may point: public addresses only, unless the operator allows private ones.

A webhook makes the server POST to a URL a manager typed and shows them the answer, so without
this check it could reach the server's own network (a database port on loopback, a cloud
metadata service on a link-local address). Checked when a webhook is saved and again before
each attempt, since a name can be pointed elsewhere after registration.

Before an attempt the host is resolved once (``resolve``) and the request connects to exactly
the address that was checked: a name that answers a public address to the check and loopback to
the connection (DNS rebinding) has no second answer to give.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

# IPv6 ranges that carry an IPv4 address in their last 32 bits: IPv4-compatible (``::a.b.c.d``,
# deprecated) and the NAT64 well-known prefix (RFC 6052).
IPV4_IN_LOW_BITS = (ipaddress.IPv6Network("::/96"), ipaddress.IPv6Network("64:ff9b::/96"))


@dataclass(frozen=True)
class Destination:
    """A URL's host resolved once: the addresses to connect to, or why it may not be called.

    ``refusal`` is a registration problem (a private address; an unresolvable host when private
    addresses are refused); ``error`` a resolution failure worth retrying (private addresses
    allowed, so nothing was checked). ``address`` is the one a request connects to.
    """

    addresses: tuple[str, ...] = ()
    refusal: str = ""
    error: str = ""

    @property
    def address(self) -> str:
        return self.addresses[0]


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped, IPv4-compatible, NAT64, 6to4
    (``2002::/16``) and Teredo (``2001::/32``, its server and its client)."""
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if any(ip in network for network in IPV4_IN_LOW_BITS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
    return [address for address in found if address is not None]


def is_public(address: str) -> bool:
    """Whether ``address`` (IPv4 or IPv6) is globally routable: not loopback, private,
    link-local, multicast, reserved or unspecified, nor an IPv6 form of such an IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    judged: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4-mapped address is that IPv4 address; the other forms must pass both ways.
        judged = [ip.ipv4_mapped] if ip.ipv4_mapped else [ip, *embedded_ipv4(ip)]
    return all(each.is_global and not each.is_multicast for each in judged)


def resolve(url: str, *, allow_private: bool = False) -> Destination:
    """``url``'s host resolved once, every address checked unless ``allow_private``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError) as error:
        message = f"The host {host!r} could not be resolved ({error})."
        return Destination(error=message) if allow_private else Destination(refusal=message)
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    private = sorted(address for address in addresses if not is_public(address))
    if private and not allow_private:
        message = f"The host {host!r} resolves to a private address ({', '.join(private)})."
        return Destination(refusal=message)
    return Destination(addresses=addresses)


def refusal(url: str) -> str:
    """Why ``url`` may not be called ("" when it may): its host must resolve to public addresses
    only."""
    return resolve(url).refusal


def configured_destination(url: str) -> Destination:
    """``resolve(url)``, private addresses allowed when ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES``."""
    return resolve(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)


def configured_refusal(url: str) -> str:
    """``refusal(url)``, unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` lets every address through."""
    return "" if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES else refusal(url)
