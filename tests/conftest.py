"""Shared fixtures: two services with a person in each role, so isolation is always tested."""

import os
from datetime import datetime, time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.db import connection

from core.clock import LONDON
from core.jobs import tasks_inline
from events import tasks as event_tasks
from tenancy.choices import ServiceRole
from tests.factories import BoardFactory, ServiceFactory, board_member, member
from tests.support import TODAY, Inbox, free_port


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, then asked once what it supports.

    Django asks SQLite whether it has JSON on the first JSON query of a connection and keeps
    the answer: those 3 queries would land in whichever test comes first in a process (one
    worker's first query-count test, under pytest-xdist), not in the request it measures.
    """
    with django_db_blocker.unblock():
        connection.features.supports_json_field  # noqa: B018 (a cached property: asked once)


@pytest.fixture
def today(time_machine):
    """``TODAY``, with the clock frozen at noon in London on it, so ``core.clock.today()`` agrees.

    Frozen, not ticking: a test that needs time to pass moves it (``time_machine.shift``).
    """
    time_machine.move_to(datetime.combine(TODAY, time(12), tzinfo=LONDON), tick=False)
    return TODAY


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no throttle counts (the cache is in process memory)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(db):
    return ServiceFactory(name="Medway Youth Justice Service")


@pytest.fixture
def other_service(db):
    return ServiceFactory(name="Blackpool Youth Justice Service")


@pytest.fixture
def board(service):
    return BoardFactory(service=service)


@pytest.fixture
def plan_owner(service):
    return member(service, ServiceRole.PLAN_OWNER, username="owner")


@pytest.fixture
def manager(service):
    return member(service, ServiceRole.SERVICE_MANAGER, username="manager")


@pytest.fixture
def board_user(board):
    return board_member(board, username="boardmember")


@pytest.fixture
def chair(board):
    """The board's chair: who signs completed actions off."""
    return board_member(board, role="chair", username="chair")


@pytest.fixture
def other_owner(other_service):
    return member(other_service, ServiceRole.PLAN_OWNER, username="other_owner")


# Headless Chromium for browser tests, driven by Playwright against ``live_server``. Debian's
# /usr/bin/chromium is used (``make test`` installs it); without it browser tests skip, never fail.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


# Module scope: Playwright's event loop and the async-safety override end with the browser
# tests, so the tests that run after them see a normal thread.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # alongside it are still synchronous, so Django's async-safety check does not apply.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def inline_tasks():
    """Queued tasks run at once in this process, as ``manage.py run_job`` runs them."""
    with tasks_inline():
        yield


@pytest.fixture(autouse=True)
def broker_presumed_up(monkeypatch):
    """Each test starts with the broker presumed reachable (``events.tasks`` stops publishing
    for a while after a failure, per process)."""
    monkeypatch.setattr(event_tasks, "_broker_down_until", 0.0)


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()
