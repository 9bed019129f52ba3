"""Board digests: who is due one now, and what it says. Delivery only delivers.

``send_due_digests(now=...)`` is the periodic job. It is safe to run as often as you like
(beat runs it every 15 minutes): for each board member whose digest period has fallen due
(``digest_schedule``) and who has no ledger row for it yet, it writes the ledger row first —
``Delivery`` of kind ``board_digest`` about the ``BoardMember``, period e.g.
``weekly:2026-W48`` — and only then sends, so a second run, or two at once, sends nothing new.

A quiet period (nothing changed and nothing exceptional since the member's last digest) is
recorded as a *cancelled* row with the reason, so nothing is sent and the period is closed: the
next digest is the next scheduled one, never an off-schedule one mid-week. A member without an
email address is recorded the same way.

Content is computed once per service per run (``ServiceDigest``) and cut per member from the
time of their last digest that was sent (else 7 days, or a month, back).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from delivery.models import Delivery, DeliveryStatus
from notifications import digest_schedule as schedule
from notifications.digest_content import ServiceDigest, day_label
from notifications.digest_links import preferences_url, unsubscribe_url
from tenancy.choices import DigestChoice
from tenancy.models import BoardMeeting, BoardMember

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

KIND = "board_digest"
SUBJECT_TYPE = "boardmember"
INSERT_BATCH_SIZE = 500
QUIET = "Nothing to report for this period: no digest sent."
NO_EMAIL = "The member has no email address."


class NextMeeting(TypedDict):
    """What ``candidate_members`` adds to each seat: the board's next meeting, if one is set."""

    next_meeting_on: date | None


@dataclass(frozen=True)
class DueDigest:
    """A member whose digest for ``period`` is due and not yet in the ledger."""

    member: "WithAnnotations[BoardMember, NextMeeting]"
    frequency: str
    period: schedule.DuePeriod


@dataclass
class DigestRun:
    """What one run did: services composed, ledger rows written, and the rows queued to send."""

    services: int = 0
    recorded: int = 0
    quiet: int = 0
    queued: list[int] = field(default_factory=list)


def candidate_members(today):
    """Current seats (active people holding a role in the service) that take digests, with
    board, service, user and next meeting."""
    next_meeting = (
        BoardMeeting.objects.filter(board=OuterRef("board"), meets_on__gte=today)
        .order_by("meets_on")
        .values("meets_on")[:1]
    )
    return (
        BoardMember.objects.current()
        .exclude(digest_choice=DigestChoice.UNSUBSCRIBED)
        .select_related("board__service", "user")
        .annotate(next_meeting_on=Subquery(next_meeting))
        .order_by("board__service_id", "pk")
    )


def due_digests(now: datetime) -> list[DueDigest]:
    """Every member whose digest is due at ``now`` and has no ledger row for that period."""
    due = []
    for member in candidate_members(timezone.localdate(now)):
        board = member.board
        frequency = schedule.effective_frequency(member.digest_choice, board.digest_schedule)
        if frequency is None:
            continue
        period = schedule.due_period(
            frequency, now, member.next_meeting_on, board.digest_days_before_meeting
        )
        if period is not None:
            due.append(DueDigest(member, frequency, period))
    recorded = set(
        Delivery.objects.emails()
        .filter(
            kind=KIND,
            subject_type=SUBJECT_TYPE,
            period__in={d.period.key for d in due},
        )
        .values_list("subject_id", "period")
    )
    return [d for d in due if (d.member.pk, d.period.key) not in recorded]


def last_digest_at(member_ids) -> dict[int, datetime]:
    """When each member's latest *sent* digest was composed (its ledger row's creation)."""
    rows = (
        Delivery.objects.emails()
        .filter(
            kind=KIND,
            subject_type=SUBJECT_TYPE,
            subject_id__in=member_ids,
            status=DeliveryStatus.SENT,
        )
        .values("subject_id")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    return {row["subject_id"]: row["last"] for row in rows}


def record_service_digests(service, due: list[DueDigest], *, now: datetime) -> DigestRun:
    """Compose one service's due digests and write their ledger rows: a fixed number of queries.

    Returns the ids of this service's digest rows waiting to be sent (including any a run
    that crashed before sending left behind); delivery claims each row, so none goes twice.
    """
    previous = last_digest_at([d.member.pk for d in due])
    since = {
        d.member.pk: previous.get(d.member.pk) or schedule.default_since(d.frequency, now)
        for d in due
    }
    content = ServiceDigest.build(service, since=min(since.values()), today=timezone.localdate(now))
    rows = [ledger_row(item, content.for_member(since[item.member.pk]), now) for item in due]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=INSERT_BATCH_SIZE)
    waiting = Delivery.objects.emails().filter(
        kind=KIND,
        subject_type=SUBJECT_TYPE,
        subject_id__in=[d.member.pk for d in due],
        period__in={d.period.key for d in due},
        status=DeliveryStatus.PENDING,
    )
    quiet = sum(row.status == DeliveryStatus.CANCELLED for row in rows)
    return DigestRun(1, len(rows), quiet, list(waiting.order_by("pk").values_list("pk", flat=True)))


def member_context(item: DueDigest, context: dict) -> dict:
    """Adds what is particular to the member: who they are, why they receive it, their links."""
    member = item.member
    return {
        **context,
        "recipient_name": member.user.get_full_name() or member.user.get_username(),
        "board": member.board.name,
        "role": member.get_role_display().lower(),
        "cadence": cadence(item.frequency, member.board.digest_days_before_meeting),
        "meeting": day_label(member.next_meeting_on)
        if item.period.key.startswith("meeting:") and member.next_meeting_on is not None
        else None,
        "own_choice": member.digest_choice != DigestChoice.BOARD_SCHEDULE,
        "period": item.period.key,
        "preferences_url": preferences_url(member),
        "unsubscribe_url": unsubscribe_url(member),
    }


def cadence(frequency: str, days_before: int) -> str:
    """How the email names the member's digest: "weekly digest", "monthly digest"..."""
    if frequency == schedule.BEFORE_MEETING:
        return f"digest {days_before} days before each board meeting"
    return f"{frequency} digest"


def ledger_row(item: DueDigest, context: dict | None, now: datetime) -> Delivery:
    """The unsaved ledger row of one digest: to send, or cancelled with the reason why not."""
    member = item.member
    row = Delivery(
        kind=KIND,
        recipient=member.user,
        service=member.board.service,
        subject_type=SUBJECT_TYPE,
        subject_id=member.pk,
        period=item.period.key,
        created_at=now,
    )
    if context is None:
        row.status, row.last_error = DeliveryStatus.CANCELLED, QUIET
    elif not member.user.email:
        row.status, row.last_error = DeliveryStatus.CANCELLED, NO_EMAIL
    else:
        row.context = member_context(item, context)
    return row


def record_due_digests(*, now: datetime) -> DigestRun:
    """Write the ledger rows of every digest due at ``now``, one service at a time, each in its
    own transaction; ``queued`` lists the committed rows to send. Running it twice (or two runs
    at once) queues each digest once: the second finds its rows already in the ledger.
    """
    by_service = defaultdict(list)
    for item in due_digests(now):
        by_service[item.member.board.service].append(item)
    total = DigestRun()
    for service, due in by_service.items():
        with transaction.atomic():
            run = record_service_digests(service, due, now=now)
        total.services += 1
        total.recorded += run.recorded
        total.quiet += run.quiet
        total.queued += run.queued
    return total
