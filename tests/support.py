"""Helpers shared by tests: the day frozen tests run on, FilterSet tables, a free port, a wait."""

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes
from typing import TypeVar

from django.test import RequestFactory

T = TypeVar("T")

# The day of tests that depend on the date (the ``today`` fixture freezes the clock on it):
# a Monday, clear of the clock changes. Tables of pure rules (test_rag.py) pass it in.
TODAY = date(2026, 11, 23)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate: Callable[[], T], timeout: float = 30.0, what: str = "it") -> T:
    """``predicate()``'s first truthy result, polled every 0.1 s; fails the test after ``timeout``.

    Real seconds (``time.monotonic``), so a frozen clock does not stop the wait.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass(frozen=True)
class Ref:
    """A row of a test's dataset named in a parametrize table: its pk when the case runs."""

    name: str


def resolve(params: dict, rows) -> dict:
    """``params`` with each ``Ref`` (or list of them) replaced by the pk of that row of ``rows``."""

    def value(v):
        if isinstance(v, list):
            return [value(item) for item in v]
        return getattr(rows, v.name).pk if isinstance(v, Ref) else v

    return {key: value(v) for key, v in params.items()}


def bind_filterset(filterset_class, data: dict, user):
    """``filterset_class`` bound to ``data`` over what ``user`` may see, as a request binds it."""
    request = RequestFactory().get("/")
    request.user = user
    model = filterset_class._meta.model
    return filterset_class(data=data, queryset=model.objects.visible_to(user), request=request)


def filtered(filterset_class, data: dict, user) -> list:
    """The rows ``filterset_class`` gives for ``data``, in order, repeats kept; fails if invalid."""
    filterset = bind_filterset(filterset_class, data, user)
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def names_of(rows, objects) -> list[str]:
    """The attribute names under which ``objects`` appear in the dataset ``rows``, in order."""
    by_key = {(type(row), row.pk): name for name, row in vars(rows).items() if hasattr(row, "pk")}
    return [by_key.get((type(obj), obj.pk), f"<unnamed {obj.pk}>") for obj in objects]


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"

    def to(self, address: str):
        return [message for message in self.messages if message["To"] == address]
