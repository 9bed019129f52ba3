from datetime import timedelta

import pytest

from actions.tasks import recalculate_rags_task
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_the_nightly_rag_task_turns_overdue_actions_red_once(today):
    # The second run reads the (frozen) clock itself: the same day, so nothing changes.
    action = ActionFactory(due_on=today - timedelta(days=1), original_due_on=today)
    assert recalculate_rags_task.apply(kwargs={"today": today.isoformat()}).get() == 1
    assert recalculate_rags_task.apply().get() == 0
    action.refresh_from_db()
    assert action.rag == "red"
