"""Helpers shared by tests: the day frozen tests run on, a free loopback port, a wait."""

import socket
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

T = TypeVar("T")

# The day of tests that depend on the date (the ``today`` fixture freezes the clock on it):
# a Monday, clear of the clock changes, as in the tables of rag.py and rollup.py.
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
