"""Which days a trend chart plots, and the RAG of a replayed action on a day: pure rules."""

from datetime import date, timedelta

from actions.deadlines import is_overdue
from actions.rag import RagAssessment, RagCounts, RagPolicy, assess_rag
from board.as_at import ActionState, PlanState
from inspections.choices import RAG

# At most this many points on a trend chart, so a long plan stays readable (and cheap).
MAX_POINTS = 13


def trend_days(first_on: date | None, as_at: date) -> list[date]:
    """Evenly spaced days from the plan's first recorded day to ``as_at``, ascending.

    Weekly while the plan is younger than ``MAX_POINTS`` weeks; after that the step grows by
    whole weeks so there are never more than ``MAX_POINTS`` points. The last is ``as_at``
    itself, so the chart ends on the pack's figures; steps count back from it.
    """
    if first_on is None or first_on >= as_at:
        return [as_at]
    weeks = -(-(as_at - first_on).days // 7)
    step = max(1, -(-weeks // (MAX_POINTS - 1)))
    days = [as_at - timedelta(weeks=step * k) for k in range(MAX_POINTS)]
    return sorted(day for day in days if day >= first_on)


def assess(action: ActionState, day: date, policy: RagPolicy) -> RagAssessment:
    """A replayed action's RAG on ``day`` by the one rule (``actions.rag.assess_rag``)."""
    return assess_rag(
        complete=action.is_complete,
        due_on=action.due_on,
        latest_assessed_rag=action.last_assessed_rag or None,
        last_activity_on=action.last_activity_on(),
        today=day,
        policy=policy,
    )


def counts_of(actions, day: date, policy: RagPolicy) -> RagCounts:
    """``RagCounts`` of ``actions`` (replayed states) on ``day``."""
    tally: dict[str, int] = dict.fromkeys((RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE), 0)
    overdue = 0
    for action in actions:
        tally[assess(action, day, policy).rag] += 1
        overdue += not action.is_complete and is_overdue(action.due_on, day)
    return RagCounts(
        red=tally[RAG.RED],
        amber=tally[RAG.AMBER],
        green=tally[RAG.GREEN],
        blue=tally[RAG.BLUE],
        overdue=overdue,
    )


def trend_point(plan: PlanState, day: date, policy: RagPolicy) -> dict:
    """One point of the trend: RAG counts and percent complete on ``day``."""
    counts = counts_of(plan.actions.values(), day, policy)
    return {
        "on": day,
        "red": counts.red,
        "amber": counts.amber,
        "green": counts.green,
        "blue": counts.blue,
        "actions": counts.actions,
        "percent_complete": counts.percent_complete,
    }
