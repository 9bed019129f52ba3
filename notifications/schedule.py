"""When reminders, escalations, update requests and deadline events fall due. Pure: ``today`` in.

The rule, every number a per-service setting (``ReminderPolicy``):

- **reminder** to the owner ``d`` days before the deadline, for each ``d`` in ``days_before``
  (default 14, 3 and 0, the day itself). A run that missed a day sends the latest one passed.
- **overdue reminder** to the owner from the day after the deadline and then every
  ``overdue_every_days`` (default 7): overdue by 1, 8, 15… days. 0 means once only.
- **escalation to the service managers** once, when overdue by ``manager_after_days`` (7) or more.
- **escalation to the board chair** once, when overdue by ``chair_after_days`` (28) or more.
- **update request** to the owner of an action in progress with no progress for
  ``update_after_days`` (42), again after each further quiet spell of that length.

Each ``Due`` carries its ledger period. Deadline periods start with the deadline, so revising the
deadline re-arms them; an update request's period starts with the last activity date, so a
progress update re-arms it. The ledger (kind, action, recipient, period) keeps each to one email.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from actions.deadlines import is_due_soon, is_overdue
from events.catalogue import EventType

DUE_SOON_EVENT = EventType.ACTION_BECAME_DUE_SOON
OVERDUE_EVENT = EventType.ACTION_BECAME_OVERDUE


class ReminderKind(StrEnum):
    """The kinds of ledger row this module schedules; each names an email template triplet."""

    REMINDER = "reminder"
    OVERDUE = "overdue_reminder"
    ESCALATION_MANAGER = "escalation_manager"
    ESCALATION_CHAIR = "escalation_chair"
    UPDATE_REQUEST = "update_request"


# Sent to whoever owns the action (moved with it when it is reassigned).
OWNER_KINDS = (ReminderKind.REMINDER, ReminderKind.OVERDUE, ReminderKind.UPDATE_REQUEST)
# Tied to one deadline (stale once the deadline moves).
DEADLINE_KINDS = (
    ReminderKind.REMINDER,
    ReminderKind.OVERDUE,
    ReminderKind.ESCALATION_MANAGER,
    ReminderKind.ESCALATION_CHAIR,
)
ALL_KINDS = tuple(ReminderKind)


@dataclass(frozen=True)
class ReminderPolicy:
    """A service's reminder and escalation settings."""

    days_before: tuple[int, ...] = (14, 3, 0)
    overdue_every_days: int = 7
    manager_after_days: int = 7
    chair_after_days: int = 28
    update_after_days: int = 42


@dataclass(frozen=True)
class Due:
    """A message that is due: its kind, its ledger period and the day count it reports."""

    kind: ReminderKind
    period: str
    days: int


def reminders_due(
    due_on: date, today: date, policy: ReminderPolicy, *, set_on: date | None = None
) -> list[Due]:
    """The deadline messages due on ``today`` for an open action due on ``due_on``.

    ``set_on`` is the day a revision set this deadline. If that was after the deadline (a
    manager confirmed a date already past), the overdue rounds and escalations count from the
    day after it was set, not from the deadline: the owner is told it is overdue, and the
    escalations follow at their usual distance, not all at once.
    """
    days_left = (due_on - today).days
    if not is_overdue(due_on, today):
        return _before_deadline(due_on, days_left, policy)
    counted = -days_left if set_on is None or set_on <= due_on else (today - set_on).days + 1
    return _after_deadline(due_on, -days_left, counted, policy)


def _before_deadline(due_on: date, days_left: int, policy: ReminderPolicy) -> list[Due]:
    passed = [days for days in policy.days_before if days >= days_left]
    if not passed:
        return []
    latest = min(passed)
    return [Due(ReminderKind.REMINDER, f"{due_on.isoformat()}:before-{latest}", days_left)]


def _after_deadline(
    due_on: date, days_over: int, counted: int, policy: ReminderPolicy
) -> list[Due]:
    """``days_over`` is what the messages report; ``counted`` the days the rounds go by."""
    every = policy.overdue_every_days
    round_number = (counted - 1) // every if every else 0
    due = [Due(ReminderKind.OVERDUE, f"{due_on.isoformat()}:overdue-{round_number}", days_over)]
    if counted >= policy.manager_after_days:
        due.append(
            Due(ReminderKind.ESCALATION_MANAGER, f"{due_on.isoformat()}:escalated", days_over)
        )
    if counted >= policy.chair_after_days:
        due.append(Due(ReminderKind.ESCALATION_CHAIR, f"{due_on.isoformat()}:escalated", days_over))
    return due


def update_request_due(last_activity_on: date, today: date, policy: ReminderPolicy) -> Due | None:
    """The update request due for an action in progress quiet since ``last_activity_on``, if any."""
    quiet_days = (today - last_activity_on).days
    after = policy.update_after_days
    if not after or quiet_days < after:
        return None
    spell = quiet_days // after * after
    return Due(
        ReminderKind.UPDATE_REQUEST, f"{last_activity_on.isoformat()}:quiet-{spell}", quiet_days
    )


def deadline_event_due(due_on: date, today: date, due_soon_days: int) -> str | None:
    """The time-based event an open action is in: overdue, due soon (within the window) or none."""
    if is_overdue(due_on, today):
        return OVERDUE_EVENT
    if is_due_soon(due_on, today, due_soon_days):
        return DUE_SOON_EVENT
    return None


def deadline_event_key(event_type: str, action_id: int, due_on: date) -> str:
    """The once-only key of a time-based event: one per action per deadline."""
    return f"{event_type}:{action_id}:{due_on.isoformat()}"
