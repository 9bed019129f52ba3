"""One HTTP POST with the standard library: no redirects followed, a timeout, nothing raised.

Every outcome comes back as a ``Response``: a status code (any, including 4xx and 5xx), or an
error message when no HTTP answer arrived (refused, reset, timed out, bad TLS).
"""

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

RESPONSE_EXCERPT_BYTES = 4096


@dataclass(frozen=True)
class Response:
    status: int | None
    body: str = ""
    error: str = ""
    duration_ms: int = 0


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST would be resent as a GET without its body: treat 3xx as the answer.
    def redirect_request(  # type: ignore[no-untyped-def]
        self, req, fp, code, msg, headers, newurl
    ) -> None:
        return None


_opener = urllib.request.build_opener(_RefuseRedirects)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Response:
    """POST ``body`` to ``url``; return what came back within ``timeout`` seconds."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=timeout) as answer:
            status, excerpt, error = answer.status, _excerpt(answer), ""
    except urllib.error.HTTPError as answer:
        status, excerpt, error = answer.code, _excerpt(answer), ""
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        status, excerpt, error = None, "", _describe(exc)
    duration_ms = round((time.monotonic() - started) * 1000)
    return Response(status=status, body=excerpt, error=error, duration_ms=duration_ms)


def _excerpt(answer: http.client.HTTPResponse | urllib.error.HTTPError) -> str:
    try:
        data: bytes = answer.read(RESPONSE_EXCERPT_BYTES)
        return data.decode("utf-8", errors="replace")
    except OSError:
        return ""


def _describe(exc: Exception) -> str:
    reason = getattr(exc, "reason", None)
    return f"{type(exc).__name__}: {reason if reason is not None else exc}"
