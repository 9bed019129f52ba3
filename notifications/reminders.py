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
from typing import Any

from django.contrib.auth import get_user_model
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
from tenancy.people import display_name


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
    """The user ids that receive ``kind`` about ``action`` (a row of the deadline scan)."""
    service_id = action.service_id
    if kind == ReminderKind.ESCALATION_MANAGER:
        managers = people.managers.get(service_id, [])
        return [user_id for user_id in managers if user_id != action.owner_id]
    if kind == ReminderKind.ESCALATION_CHAIR:
        return [people.chairs[service_id]] if service_id in people.chairs else []
    return [action.owner_id] if (service_id, action.owner_id) in people.members else []


def due_today(actions, today: date, services) -> list[tuple[Any, Due, int]]:
    """Every (action, message, recipient) due today about ``actions`` (rows of the deadline
    scan), ``services`` being their services by id."""
    policies = {service_id: reminder_policy(service) for service_id, service in services.items()}
    people = service_people(policies)
    return [
        (action, message, user_id)
        for action in actions
        for message in messages_due(action, today, policies[action.service_id])
        for user_id in recipients(message.kind, action, people)
    ]


def ledger_key(action, message: Due, user_id: int) -> tuple:
    """The ledger's unique key of one message: (kind, action, recipient, period)."""
    return (message.kind, action.pk, user_id, message.period)


def recorded_keys(due) -> set[tuple]:
    """Which keys of ``due`` the ledger already holds: one query for these keys only, however
    long the ledger's history of the actions (reading all of it was a fifth of a scan)."""
    if not due:
        return set()
    action_ids = {action.pk for action, _, _ in due}
    return set(
        Delivery.objects.emails()
        .filter(
            subject_type="action",
            # The range bounds the index scan to the batch's ids (the planner probes a long
            # list of ids one by one only when it expects that to be cheaper).
            subject_id__range=(min(action_ids), max(action_ids)),
            subject_id__in=action_ids,
            kind__in={message.kind for _, message, _ in due},
            period__in={message.period for _, message, _ in due},
        )
        .order_by()
        .values_list("kind", "subject_id", "recipient_id", "period")
    )


def owner_names(user_ids) -> dict[int, str]:
    """Each user's name as emails give it: one query."""
    users = get_user_model().objects.filter(pk__in=user_ids)
    return {
        user.pk: display_name(user) for user in users.only("username", "first_name", "last_name")
    }


def ledger_rows(due, today: date, services) -> list[Delivery]:
    """Unsaved ledger rows for ``due`` (from ``due_today``)."""
    names = owner_names({action.owner_id for action, _, _ in due})
    facts: dict[int, dict] = {}
    rows = []
    for action, message, user_id in due:
        if action.pk not in facts:
            facts[action.pk] = payloads.facts_about_action(
                action,
                owner_name=names.get(action.owner_id, ""),
                recommendation_number=action.recommendation_number,
                recommendation_text=action.recommendation_text,
                service=services[action.service_id],
            )
        rows.append(
            Delivery(
                kind=message.kind,
                recipient_id=user_id,
                service_id=action.service_id,
                subject_type="action",
                subject_id=action.pk,
                period=message.period,
                context={**facts[action.pk], "days": message.days, "today_on": today.isoformat()},
            )
        )
    return rows


def record_reminders(actions, today: date, services) -> list[int]:
    """Write today's ledger rows for ``actions`` (rows of the deadline scan; ``services`` their
    services by id); return the ids of the rows this run wrote.

    Keys already in the ledger are skipped (and a row written meanwhile by another run is
    ignored by the unique key), so a second run adds and queues nothing; a row written earlier
    and still waiting (the broker was down) is the sweep's to queue.
    """
    due = due_today(actions, today, services)
    recorded = recorded_keys(due)
    new = [item for item in due if ledger_key(*item) not in recorded]
    rows = ledger_rows(new, today, services) if new else []
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
