"""Absolute links to the board's pages, for emails (the digests point to the board page)."""

from datetime import date

from django.conf import settings
from django.urls import reverse


def board_page_url(service, *, as_at: date | None = None) -> str:
    """The board page of ``service`` (as at ``as_at``, when given), with the site's address."""
    path = reverse("board:board", args=[service.pk])
    query = f"?as_at={as_at.isoformat()}" if as_at is not None else ""
    return f"{settings.SITE_URL}{path}{query}"
