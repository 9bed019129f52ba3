"""The action page's history: every kind of event in plain words (names, words, dates)."""

import pytest

from events.catalogue import EventType as E
from events.models import DomainEvent
from pages.timeline import timeline
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("event_type", "data", "title"),
    [
        (E.ACTION_RAG_CHANGED, {"old": "green", "new": "blue"}, "RAG Green → Complete"),
        (
            E.ACTION_STATUS_CHANGED,
            {"old": "in_progress", "new": "complete"},
            "Status In progress → Complete",
        ),
        (
            E.ACTION_DEADLINE_REVISION_REJECTED,
            {"requested": "2027-06-30"},
            "Deadline change to 30 June 2027 refused",
        ),
        (
            E.ACTION_CHANGED,
            {"changes": {"title": {}, "lead_agency_id": {}}},
            "Details changed: title, lead agency",
        ),
        (E.ACTION_COMPLETED, {"completed_on": "2026-11-23"}, "Marked complete"),
        (E.ACTION_SIGNED_OFF, {}, "Signed off by the board"),
        (
            E.ACTION_SIGNED_OFF,
            {"comment": "Good evidence.", "meeting_on": "2026-11-20"},
            "Signed off by the board at the meeting of 20 November 2026",
        ),
        (E.ACTION_SENT_BACK, {"comment": "Show the audit."}, "Sent back by the board"),
        (E.ACTION_BECAME_DUE_SOON, {}, "Became due soon"),
        (E.ACTION_BECAME_OVERDUE, {}, "Became overdue"),
        (E.RECOMMENDATION_CHANGED, {}, "Recommendation changed"),
    ],
)
def test_each_event_reads_in_plain_words(worklist, event_type, data, title):
    action = worklist.stale
    DomainEvent.objects.create(
        type=event_type, subject_type="action", subject_id=action.pk, data=data
    )

    assert timeline(action)[0].title == title


def test_an_owner_change_names_both_people_and_a_nightly_job_is_the_system(worklist, plan_owner):
    action = worklist.stale
    successor = UserFactory(first_name="Sam", last_name="Ahmed")
    DomainEvent.objects.create(
        type=E.ACTION_OWNER_CHANGED,
        subject_type="action",
        subject_id=action.pk,
        data={"old": plan_owner.pk, "new": successor.pk},
    )

    entry = timeline(action)[0]

    assert entry.title == f"Owner changed from {plan_owner.get_full_name()} to Sam Ahmed"
    assert entry.who == "the system"


def test_a_partner_contacts_update_names_them(worklist):
    from actions.operations.progress import record_progress

    record_progress(
        action=worklist.stale,
        author=None,
        contributor_name="Priya Shah",
        narrative="Data shared.",
        assessed_rag="green",
    )

    entry = next(e for e in timeline(worklist.stale) if e.title.startswith("Progress recorded"))

    assert entry.who == "Priya Shah"
    assert entry.text == "Data shared."
