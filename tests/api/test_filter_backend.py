"""``core.filtering.GivenFiltersBackend``: a request's FilterSet holds only the filters it names,
and still refuses bad values."""

import pytest

from actions.filtersets import ActionFilterSet
from core.filtering import narrowed

pytestmark = pytest.mark.django_db


def test_a_narrowed_filterset_holds_only_the_named_filters_and_is_made_once():
    named = frozenset({"rag", "overdue"})

    subclass = narrowed(ActionFilterSet, named)

    assert set(subclass.base_filters) == named
    assert issubclass(subclass, ActionFilterSet)
    assert subclass.__name__ == "ActionFilterSet"
    assert narrowed(ActionFilterSet, frozenset({"overdue", "rag"})) is subclass
    assert len(ActionFilterSet.base_filters) > len(named)


def test_a_named_filter_still_refuses_a_bad_value(plan, client_for, manager):
    response = client_for(manager).get("/api/v1/actions/?rag=purple&overdue=maybe")

    assert response.status_code == 400
    assert set(response.json()) == {"rag", "overdue"}


def test_filters_not_named_are_not_applied(plan, client_for, manager):
    body = client_for(manager).get("/api/v1/actions/?unknown=1&rag=green").json()

    assert [row["id"] for row in body["results"]] == [plan.action.pk]
