"""Writes of update links: send one (a manager), send a meeting's round (the scheduled job),
record the update a link brings in, revoke one. Each atomic; each email goes through the
delivery ledger (once: the ledger's key) and is queued when the transaction commits."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.operations.progress import record_progress
from delivery.models import Channel, Delivery
from delivery.tasks import deliver_on_commit
from partner_links.models import UpdateLink
from partner_links.rounds import round_is_due, round_key
from partner_links.tokens import token_for
from tenancy.models import BoardMeeting
from tenancy.rules import require

# How long a link works, from when it is sent.
LINK_DAYS = 14
LINK_EMAIL, ROUND_EMAIL = "update_link", "update_round"


class LinkRefused(Exception):
    """The link no longer accepts an update; ``reason`` is ``UpdateLink.refusal``'s word."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def link_path(link: UpdateLink) -> str:
    return reverse("partner_links:update", args=[token_for(link)])


@transaction.atomic
def send_update_link(
    *,
    action: Action,
    contact_name: str,
    contact_email: str,
    sent_by,
    now: datetime,
    contact=None,
    days: int = LINK_DAYS,
) -> UpdateLink:
    """Create a link for ``contact_name`` to update ``action`` once within ``days`` days, and email
    it to ``contact_email`` (or to ``contact``, a user, when the link is for someone with an
    account). Each send is its own round: a manager sending again sends a fresh link."""
    require(sent_by, "actions.send_update_link", action)
    link = UpdateLink(
        action=action,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip().lower(),
        contact=contact,
        round=f"manual:{uuid.uuid4().hex}",
        sent_by=sent_by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    link.full_clean()
    link.save()
    delivery = Delivery.objects.create(
        kind=LINK_EMAIL,
        service=action.service,
        recipient=contact,
        address="" if contact else link.contact_email,
        subject_type="updatelink",
        subject_id=link.pk,
        period=link.round,
        context=_link_context(link, sent_by),
    )
    deliver_on_commit([delivery.pk], Channel.EMAIL)
    return link


def _link_context(link: UpdateLink, sent_by) -> dict:
    action = link.action
    return {
        "contact_name": link.contact_name,
        "service_name": action.service.name,
        "reference": action.reference,
        "title": action.title,
        "link_path": link_path(link),
        "expires_on": timezone.localdate(link.expires_at).isoformat(),
        "sent_by_name": sent_by.get_full_name() or sent_by.get_username(),
        "link_ids": [link.pk],
    }


@transaction.atomic
def record_link_update(
    *, link_id: int, narrative: str, assessed_rag: str, now: datetime
) -> ProgressUpdate:
    """Record the update a link brings in, as its contact's, and use the link up. Raises
    ``LinkRefused`` when the link is revoked, used or expired at ``now`` (checked on the locked
    row, so two submissions at once record one update)."""
    link = UpdateLink.objects.select_for_update().get(pk=link_id)
    reason = link.refusal(now)
    if reason:
        raise LinkRefused(reason)
    update = record_progress(
        action=link.action,
        author=link.contact,
        contributor_name=link.contact_name,
        narrative=narrative,
        assessed_rag=assessed_rag,
        recorded_at=now,
    )
    link.used_at, link.progress_update = now, update
    link.save(update_fields=["used_at", "progress_update"])
    return update


def revoke_update_links(links, *, now: datetime) -> int:
    """Stop links from working (and their unsent emails from going); returns how many."""
    return links.filter(revoked_at__isnull=True, used_at__isnull=True).update(revoked_at=now)


@dataclass
class RoundRun:
    """What one run of the update rounds did: meetings whose round was due, links created,
    emails written and queued (ledger ids)."""

    meetings: int = 0
    links: int = 0
    queued: list[int] = field(default_factory=list)


def send_update_rounds(*, today: date, now: datetime) -> RoundRun:
    """Send the round of every board whose next meeting's round is due ``today``: one link per
    open action for its owner, one email per owner listing them. Twice: links and emails are
    keyed by the round, so the second run creates and sends nothing."""
    run = RoundRun()
    for meeting in due_meetings(today):
        with transaction.atomic():
            _send_round(meeting, now=now, run=run)
        run.meetings += 1
    deliver_on_commit(run.queued, Channel.EMAIL)
    return run


def due_meetings(today: date) -> list[BoardMeeting]:
    """Each board's next meeting, where its round is due ``today``."""
    upcoming = BoardMeeting.objects.filter(meets_on__gt=today).select_related("board__service")
    nearest: dict[int, BoardMeeting] = {}
    for meeting in upcoming.order_by("-meets_on"):
        nearest[meeting.board_id] = meeting
    return [
        meeting
        for meeting in nearest.values()
        if round_is_due(
            meets_on=meeting.meets_on,
            days_before=meeting.board.update_round_days_before_meeting,
            today=today,
        )
    ]


def _send_round(meeting: BoardMeeting, *, now: datetime, run: RoundRun) -> None:
    key = round_key(meeting.meets_on)
    actions = (
        Action.objects.in_service(meeting.board.service)
        .open()
        .exclude(owner__email="")
        .select_related("owner")
        .order_by("owner_id", "due_on", "reference")
    )
    by_owner: dict = {}
    for action in actions:
        by_owner.setdefault(action.owner, []).append(action)
    for owner, owned in by_owner.items():
        links = [_round_link(action, owner, key, now) for action in owned]
        run.links += sum(created for _, created in links)
        delivery, created = Delivery.objects.get_or_create(
            kind=ROUND_EMAIL,
            channel=Channel.EMAIL,
            subject_type="boardmeeting",
            subject_id=meeting.pk,
            recipient=owner,
            period=key,
            defaults={
                "service": meeting.board.service,
                "context": _round_context(meeting, owner, [link for link, _ in links]),
            },
        )
        if created:
            run.queued.append(delivery.pk)


def _round_link(action: Action, owner, key: str, now: datetime) -> tuple[UpdateLink, bool]:
    return UpdateLink.objects.get_or_create(
        action=action,
        contact_email=owner.email.lower(),
        round=key,
        defaults={
            "contact_name": owner.get_full_name() or owner.get_username(),
            "contact": owner,
            "created_at": now,
            "expires_at": now + timedelta(days=LINK_DAYS),
        },
    )


def _round_context(meeting: BoardMeeting, owner, links: list[UpdateLink]) -> dict:
    board = meeting.board
    return {
        "contact_name": owner.get_full_name() or owner.get_username(),
        "service_name": board.service.name,
        "board_name": board.name,
        "meets_on": meeting.meets_on.isoformat(),
        "expires_on": timezone.localdate(links[0].expires_at).isoformat(),
        "actions": [
            {
                "reference": link.action.reference,
                "title": link.action.title,
                "path": link_path(link),
            }
            for link in links
        ],
        "link_ids": [link.pk for link in links],
    }


def withdrawal_reason(link_ids: list[int], now: datetime) -> str:
    """Why an email carrying the links ``link_ids`` must not go out at ``now``: none of them
    works any more (revoked, used or expired). "" while one still does."""
    if UpdateLink.objects.filter(pk__in=link_ids).usable(now).exists():
        return ""
    return "Every link in this email was used, revoked or has expired."
