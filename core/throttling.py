"""Telling clients apart, and slowing down those that guess passwords or API tokens.

Sign-in forms are guarded by django-axes (settings ``AXES_*``); the API by Django REST
framework's throttles, with one addition: DRF throttles run after authentication, so a request
with a wrong token is answered 401 before any throttle counts it. ``ThrottledTokenAuthentication``
counts those failures per client address and answers 429 once there are too many.
"""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


def client_address(request) -> str:
    """The client's IP address: the connection's, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    X-Forwarded-For entry the last of them added. DRF's rule, so throttles and axes agree."""
    return BaseThrottle().get_ident(request)


class TokenFailureThrottle(SimpleRateThrottle):
    """Failed token authentications per client address, at the ``token_failure`` rate."""

    scope = "token_failure"
    # Set by SimpleRateThrottle.__init__ from the rate (the stubs do not declare them).
    num_requests: int
    duration: int

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def exhausted(self, request) -> bool:
        """True when the client has failed as often as the rate allows within its period."""
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        self.history = [at for at in self.cache.get(self.key, []) if at > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        """Count one more failure (after ``exhausted`` has read the client's history)."""
        self.throttle_success()


class ThrottledTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, answering 429 (with Retry-After) to a client
    address that has sent too many wrong tokens lately, whatever token it sends next: a right
    token must not tell a guesser that it guessed right."""

    def authenticate(self, request):
        if not self.offers_token(request):
            return None
        throttle = TokenFailureThrottle()
        if throttle.exhausted(request):
            raise Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record_failure()
            raise

    def offers_token(self, request) -> bool:
        words = get_authorization_header(request).split()
        return bool(words) and words[0].lower() == self.keyword.lower().encode()


def lockout_response(request, original_response, credentials):
    """django-axes' answer to a locked-out sign-in: a page saying why and for how long (429)."""
    context = {
        **admin.site.each_context(request),  # the admin's header and title: "yjtracker"
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "axes/locked_out.html", context, status=429)
