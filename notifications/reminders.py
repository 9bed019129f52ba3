"""Selection: who receives which reminder, escalation or update request today, for a batch.

The timing rule is ``notifications.schedule``; this module adds the people:

- reminders, overdue reminders and update requests go to the action's owner;
- the manager escalation goes to every active service manager of the action's service
  (not to the owner, who already has the overdue reminder);
- the chair escalation goes to the chair of the service's board (it cannot be switched off).

Complete actions are never selected. Each message becomes a ``Delivery`` ledger row, written
with ``ignore_conflicts`` so a row already in the ledger (sent, pending or cancelled) is never
written twice. A batch costs a fixed number of queries, whatever its size.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from actions.choices import ActionStatus
from core.writes import insert_new
from delivery.models import Delivery, DeliveryStatus
from notifications import payloads
from notifications.schedule import (
    ALL_KINDS,
    Due,
    ReminderKind,
    ReminderPolicy,
    reminders_due,
    update_request_due,
)
from tenancy.choices import BoardRole, ServiceRole
from tenancy.models import BoardMember, ServiceMembership, YouthJusticeService


def reminder_policy(service: YouthJusticeService) -> ReminderPolicy:
    """The service's reminder settings as the value ``notifications.schedule`` works with."""
    return ReminderPolicy(
        days_before=tuple(int(days) for days in service.reminder_days_before),
        overdue_every_days=service.overdue_reminder_every_days,
        manager_after_days=service.escalate_to_manager_after_days,
        chair_after_days=service.escalate_to_chair_after_days,
        update_after_days=service.update_request_after_days,
    )


def messages_due(action, today: date, policy: ReminderPolicy) -> list[Due]:
    """Every message due today about one action (none once it is complete)."""
    if action.status == ActionStatus.COMPLETE:
        return []
    due = reminders_due(action.due_on, today, policy, set_on=action.due_on_set_on)
    if action.status == ActionStatus.IN_PROGRESS:
        request = update_request_due(action.last_activity_on(), today, policy)
        due += [request] if request else []
    return due


@dataclass(frozen=True)
class ServicePeople:
    """Who may be told about the services of a batch: only active people holding a role."""

    members: frozenset[tuple[int, int]]  # (service id, user id)
    managers: dict[int, list[int]]
    chairs: dict[int, int]


def service_people(service_ids) -> ServicePeople:
    """The current members, managers and board chair of each service: two queries."""
    members, managers = set(), defaultdict(list)
    memberships = ServiceMembership.objects.current().filter(service_id__in=service_ids)
    for service_id, user_id, role in memberships.values_list("service_id", "user_id", "role"):
        members.add((service_id, user_id))
        if role == ServiceRole.SERVICE_MANAGER:
            managers[service_id].append(user_id)
    chairs = dict(
        BoardMember.objects.current()
        .filter(board__service_id__in=service_ids, role=BoardRole.CHAIR)
        .values_list("board__service_id", "user_id")
    )
    return ServicePeople(frozenset(members), dict(managers), chairs)


def recipients(kind: str, action, people: ServicePeople) -> list[int]:
    """The user ids that receive ``kind`` about ``action``."""
    service_id = action.recommendation.inspection.service_id
    if kind == ReminderKind.ESCALATION_MANAGER:
        managers = people.managers.get(service_id, [])
        return [user_id for user_id in managers if user_id != action.owner_id]
    if kind == ReminderKind.ESCALATION_CHAIR:
        return [people.chairs[service_id]] if service_id in people.chairs else []
    return [action.owner_id] if (service_id, action.owner_id) in people.members else []


def ledger_rows(actions, today: date, recorded=frozenset()) -> list[Delivery]:
    """Unsaved ledger rows for everything due today about ``actions`` (selected with their
    owner and recommendation→inspection→service), leaving out the keys in ``recorded``."""
    services = {action.recommendation.inspection.service for action in actions}
    policies = {service.pk: reminder_policy(service) for service in services}
    people = service_people(policies)
    rows = []
    for action in actions:
        service_id = action.recommendation.inspection.service_id
        due = [
            (message, user_id)
            for message in messages_due(action, today, policies[service_id])
            for user_id in recipients(message.kind, action, people)
            if (message.kind, action.pk, user_id, message.period) not in recorded
        ]
        facts = payloads.action_facts(action) if due else {}
        rows += [
            Delivery(
                kind=message.kind,
                recipient_id=user_id,
                service_id=service_id,
                subject_type="action",
                subject_id=action.pk,
                period=message.period,
                context={**facts, "days": message.days, "today_on": today.isoformat()},
            )
            for message, user_id in due
        ]
    return rows


def recorded_keys(action_ids) -> set[tuple]:
    """The ledger keys (kind, action, recipient, period) already written for these actions."""
    return set(
        Delivery.objects.emails()
        .filter(subject_type="action", subject_id__in=action_ids, kind__in=ALL_KINDS)
        .values_list("kind", "subject_id", "recipient_id", "period")
    )


def record_reminders(actions, today: date) -> list[int]:
    """Write today's ledger rows for ``actions``; return the ids of the rows this run wrote.

    Keys already in the ledger are skipped (and a row written meanwhile by another run is
    ignored by the unique key), so a second run adds and queues nothing; a row written earlier
    and still waiting (the broker was down) is the sweep's to queue.
    """
    action_ids = [action.pk for action in actions]
    rows = ledger_rows(actions, today, recorded_keys(action_ids))
    if insert_new(Delivery, rows):
        return [row.pk for row in rows]
    # Another run wrote some of them meanwhile: ours are among those still waiting.
    waiting = Q(status=DeliveryStatus.PENDING, kind__in=ALL_KINDS, subject_type="action")
    return list(
        Delivery.objects.emails()
        .filter(waiting, subject_id__in={row.subject_id for row in rows}, attempts=0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
