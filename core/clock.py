"""The one clock: what day it is. Deadlines are dates in Europe/London, whatever the server's zone.

Rules never read the clock: they take ``today`` (or ``now``) as an argument, and the code at the
edge (a request, a task run) asks this module once and passes the value in.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """The date in Europe/London now."""
    return timezone.localdate(timezone=LONDON)


def now() -> datetime:
    """The current moment (aware, UTC)."""
    return timezone.now()
