"""A plan import writes its new actions and their progress in batches: queries that do not grow
with the rows, the same rows and events as row by row, and row-by-row errors when refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action
from events.models import DomainEvent
from spreadsheets import operations
from spreadsheets.operations import import_plan
from tests.factories import InspectionFactory
from tests.spreadsheets.conftest import plan, xlsx_bytes

pytestmark = pytest.mark.usefixtures("today")


def rows(count: int, *, recommendations: int = 2) -> list[list]:
    """``count`` new actions over ``recommendations`` recommendations, each with progress."""
    return [
        [
            f"{n % recommendations + 1}{chr(97 + n // recommendations % 26)}{n // 52 or ''}",
            f"Recommendation {n % recommendations + 1}",
            f"Action {n}",
            "Jo Bloggs",
            "Kent Police" if n % 2 else "",
            date(2025, 1, 6),
            date(2025, 6, 30),
            f"Progress on {n}.",
            ("Green", "Amber", "Red")[n % 3],
        ]
        for n in range(count)
    ]


def run(inspection, actor, count: int):
    return import_plan(
        inspection=inspection,
        actor=actor,
        content=xlsx_bytes(plan(*rows(count))),
        file_name="plan.xlsx",
    )


def written(inspection) -> tuple[list, list]:
    """The inspection's actions, and the events about it, its recommendations and actions."""
    actions = Action.objects.filter(recommendation__inspection=inspection)
    fields = ("reference", "status", "rag", "last_assessed_rag", "lead_agency__name")
    about = {
        "inspection": [inspection.pk],
        "recommendation": list(inspection.recommendations.values_list("pk", flat=True)),
        "action": list(actions.values_list("pk", flat=True)),
    }
    events = DomainEvent.objects.none()
    for subject_type, ids in about.items():
        events |= DomainEvent.objects.filter(subject_type=subject_type, subject_id__in=ids)
    return sorted(actions.values_list(*fields)), sorted(
        (e.type, e.subject_type, repr(sorted(k for k in e.data))) for e in events
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [4, 60])
def test_importing_new_actions_takes_queries_that_do_not_grow_with_the_rows(
    inspection, manager, jo, police, count, django_assert_max_num_queries
):
    with django_assert_max_num_queries(70):
        result = run(inspection, manager, count)
    assert result.errors == []
    assert Action.objects.count() == count


@pytest.mark.django_db
def test_a_refused_batch_is_written_row_by_row_with_the_same_result(
    inspection, manager, jo, police, monkeypatch
):
    run(inspection, manager, 12)
    one_by_one = InspectionFactory(service=inspection.service)

    def refuse(**_):
        raise ValidationError("Refused as a batch.")

    monkeypatch.setattr(operations, "create_recommendations", refuse)
    monkeypatch.setattr(operations, "create_actions", refuse)
    result = run(one_by_one, manager, 12)
    assert result.errors == []
    assert written(one_by_one) == written(inspection)
