"""One HTTP POST with the standard library, to an address already checked: no redirects followed,
a timeout, nothing raised.

The connection goes to exactly ``address`` (the one ``delivery.destinations`` checked) and never
resolves the host again; the ``Host`` header, TLS SNI and certificate verification still use the
URL's host name. Every outcome comes back as a ``Response``: a status code (any, including 4xx
and 5xx), or an error message when no HTTP answer arrived (refused, reset, timed out, bad TLS).
"""

import http.client
import socket
import time
from dataclasses import dataclass
from typing import Self
from urllib.parse import urlsplit

RESPONSE_EXCERPT_BYTES = 4096


@dataclass(frozen=True)
class Response:
    status: int | None
    body: str = ""
    error: str = ""
    duration_ms: int = 0


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to ``address`` that speaks to the server as ``host``."""

    address = ""

    @classmethod
    def pinned(cls, host: str, port: int, *, address: str, timeout: float) -> Self:
        connection = cls(host, port, timeout=timeout)
        connection.address = address
        return connection

    def connect(self) -> None:
        # Not HTTPConnection.connect: it would resolve ``self.host`` again.
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class PinnedHTTPSConnection(http.client.HTTPSConnection, PinnedHTTPConnection):
    """HTTPS to ``address``: ``HTTPSConnection.connect`` wraps the pinned socket (its
    ``super().connect()`` is ``PinnedHTTPConnection.connect``) in TLS with the default context,
    certificates verified, and ``server_hostname=host``: SNI and the name the certificate must
    carry."""


def post(
    url: str, body: bytes, headers: dict[str, str], *, address: str, timeout: float
) -> Response:
    """POST ``body`` to ``url`` at ``address``; return what came back within ``timeout`` seconds."""
    started = time.monotonic()
    try:
        status, excerpt, error = *_exchange(url, body, headers, address, timeout), ""
    except (http.client.HTTPException, OSError, ValueError) as exc:
        status, excerpt, error = None, "", f"{type(exc).__name__}: {exc}"
    duration_ms = round((time.monotonic() - started) * 1000)
    return Response(status=status, body=excerpt, error=error, duration_ms=duration_ms)


def _exchange(
    url: str, body: bytes, headers: dict[str, str], address: str, timeout: float
) -> tuple[int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Not an http(s) URL: {url!r}")
    kind = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    # The port given, so an IPv6 host ("::1") is not read as "host:port".
    port = parts.port or kind.default_port
    connection = kind.pinned(parts.hostname, port, address=address, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, _excerpt(answer)
    finally:
        connection.close()


def _excerpt(answer: http.client.HTTPResponse) -> str:
    try:
        data: bytes = answer.read(RESPONSE_EXCERPT_BYTES)
        return data.decode("utf-8", errors="replace")
    except OSError:
        return ""
