"""The board pack as at a day: every recommendation and action as they were, exceptions first,
what changed since the previous meeting, the trend, and the roll-up per domain and standard.

``build_pack`` reads (``board.reading``), replays (``board.as_at``) and assembles plain data:
dates are ``date`` objects (the XLSX writes real date cells), everything else JSON-safe. Each
format (json, csv, xlsx, pdf, the board page) renders this one structure, so they carry the
same rows. RAG and its reason come from ``actions.rag.assess_rag`` with ``today`` = the day.
"""

from datetime import date, timedelta

from actions.api.summary import domain_rows, roll_up, standard_rows
from actions.choices import ActionStatus
from actions.deadlines import is_overdue
from actions.rag import RagCounts, RagPolicy
from board import trend
from board.as_at import ActionState, PlanState, replay
from board.reading import Names, fill_gaps, read_events, read_meeting_days, read_names
from inspections.choices import RAG, Addressee

# With no earlier meeting on record, "what changed" looks back this far.
DEFAULT_LOOKBACK = timedelta(days=28)
RAG_ORDER = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.BLUE: 3}


def build_pack(service, *, as_at: date) -> dict:
    """The pack of ``service`` as at the end of ``as_at`` (see ``board.as_at`` for the rule)."""
    events = read_events(service, until=as_at)
    meetings = read_meeting_days(service)
    previous = max((day for day in meetings if day < as_at), default=None)
    upcoming = min((day for day in meetings if day > as_at), default=None)
    since = previous or as_at - DEFAULT_LOOKBACK
    policy = RagPolicy.of(service)
    days = trend.trend_days(events[0].occurred_on if events else None, as_at)
    points, before, plan = _replay(events, sorted({*days, since, as_at}), set(days), since, policy)
    fill_gaps(plan, service)
    names = read_names(service, plan)
    rows = _rows(plan, names, as_at, policy)
    return {
        "service": {"id": service.pk, "name": service.name},
        "as_at": as_at,
        "rule": "As recorded in the event log by the end of the day (Europe/London).",
        "previous_meeting_on": previous,
        "next_meeting_on": upcoming,
        **_summary(plan, names, rows),
        "exceptions": _exceptions(rows, as_at, upcoming, policy),
        "changes": _changes(before, rows, since=since, previous_meeting=previous),
        "trend": points,
        "rows": rows,
    }


def _replay(events, days, trend_days, since, policy):
    """Trend points, the actions as at ``since`` (``{id: facts}``) and the final plan."""
    points, before, plan = [], {}, PlanState()
    for day, plan in replay(events, days):
        if day in trend_days:
            points.append(trend.trend_point(plan, day, policy))
        if day == since:
            before = {pk: _facts(a, day, policy) for pk, a in plan.actions.items()}
    return points, before, plan


def _facts(action: ActionState, day: date, policy: RagPolicy) -> dict:
    return {
        "rag": trend.assess(action, day, policy).rag,
        "due_on": action.due_on,
        "revisions": action.revisions,
        "complete": action.is_complete,
        "signed_off": action.signed_off_on is not None,
    }


def _rows(plan: PlanState, names: Names, as_at: date, policy: RagPolicy) -> list[dict]:
    """One row per action, in plan order: inspection, recommendation number, reference."""
    order = {pk: n for n, pk in enumerate(names.inspection_order)}
    rows = []
    for action in plan.actions.values():
        recommendation = plan.recommendations[action.recommendation_id]
        rows.append(_row(action, recommendation, names, as_at, policy))
    rows.sort(key=lambda r: (order.get(r["inspection_id"], 0), r["recommendation"], r["reference"]))
    return rows


def _row(action, recommendation, names: Names, as_at: date, policy: RagPolicy) -> dict:
    assessment = trend.assess(action, as_at, policy)
    overdue = not action.is_complete and is_overdue(action.due_on, as_at)
    return {
        "action_id": action.id,
        "inspection_id": recommendation.inspection_id,
        "inspection": names.inspections.get(recommendation.inspection_id, ""),
        "recommendation": recommendation.number,
        "recommendation_text": recommendation.text or "",
        "reference": action.reference,
        "title": action.title or "",
        "owner": names.people.get(action.owner_id, ""),
        "lead_agency": names.agencies.get(action.lead_agency_id, ""),
        "status": ActionStatus(action.status).label,
        "rag": assessment.rag,
        "rag_label": RAG(assessment.rag).label,
        "rag_reason": assessment.reason,
        "urgency": int(assessment.why),
        "original_due_on": action.original_due_on,
        "due_on": action.due_on,
        "deadline_revisions": action.revisions,
        "days_overdue": (as_at - action.due_on).days if overdue else 0,
        "completed_on": action.completed_on,
        "closing_statement": action.closing_statement,
        "signed_off_on": action.signed_off_on,
        "awaiting_sign_off": action.awaits_sign_off,
        "latest_update_on": action.last_progress_on,
        "latest_update": action.narrative or "",
    }


def _summary(plan: PlanState, names: Names, rows: list[dict]) -> dict:
    """Totals, per inspection and recommendation, per domain and standard, and unplanned."""
    per_recommendation: dict[int, RagCounts] = {pk: RagCounts() for pk in plan.recommendations}
    for row in rows:
        pk = plan.actions[row["action_id"]].recommendation_id
        per_recommendation[pk] = per_recommendation[pk] + _one(row)
    for pk, counts in per_recommendation.items():
        if not counts.actions:
            per_recommendation[pk] = RagCounts(unplanned=1)
    by_inspection = roll_up(
        ((r.inspection_id, pk) for pk, r in plan.recommendations.items()), per_recommendation
    )
    links = [link for link in names.links if link.recommendation_id in plan.recommendations]
    return {
        "totals": sum(by_inspection.values(), RagCounts()).as_dict(),
        "inspections": [
            _inspection(pk, names, plan, per_recommendation, by_inspection)
            for pk in names.inspection_order
            if pk in by_inspection
        ],
        "domains": domain_rows(links, per_recommendation),
        "standards": standard_rows(links, per_recommendation),
    }


def _one(row: dict) -> RagCounts:
    return RagCounts(**{row["rag"]: 1}, overdue=int(row["days_overdue"] > 0))


def _inspection(pk, names: Names, plan: PlanState, per_recommendation, by_inspection) -> dict:
    recommendations = sorted(
        (r for r in plan.recommendations.values() if r.inspection_id == pk), key=lambda r: r.number
    )
    return {
        "id": pk,
        "title": names.inspections[pk],
        "rag_counts": by_inspection[pk].as_dict(),
        "recommendations": [
            {
                "id": r.id,
                "number": r.number,
                "text": r.text or "",
                "addressee": Addressee(r.addressee).label if r.addressee else "",
                "rag": per_recommendation[r.id].rag,
                "rag_label": RAG(per_recommendation[r.id].rag).label,
                "rag_counts": per_recommendation[r.id].as_dict(),
            }
            for r in recommendations
        ],
    }


def _exceptions(rows: list[dict], as_at: date, upcoming: date | None, policy: RagPolicy) -> dict:
    """Red actions (most urgent first), awaiting sign-off, and open actions due before the next
    meeting (or, with none set, within the service's due-soon window)."""
    horizon = upcoming or as_at + timedelta(days=policy.due_soon_days)
    red = sorted((r for r in rows if r["rag"] == RAG.RED), key=_urgency)
    return {
        "red": [r["action_id"] for r in red],
        "awaiting_sign_off": [r["action_id"] for r in rows if r["awaiting_sign_off"]],
        "due_before": horizon,
        "due_before_next_meeting": [
            r["action_id"]
            for r in sorted(rows, key=lambda r: r["due_on"])
            if r["rag"] != RAG.BLUE and as_at <= r["due_on"] <= horizon
        ],
    }


def _urgency(row: dict):
    return (row["urgency"], row["due_on"], row["reference"])


def _changes(before: dict, rows: list[dict], *, since: date, previous_meeting) -> dict:
    """What moved between the end of ``since`` and the pack's day, action by action."""
    changes: dict = {
        "since": since,
        "since_previous_meeting": previous_meeting is not None,
        "new_actions": [],
        "rag_changes": [],
        "completions": [],
        "deadline_revisions": [],
        "sign_offs": [],
    }
    for row in rows:
        old = before.get(row["action_id"])
        if old is None:
            changes["new_actions"].append(row["action_id"])
            continue
        _diff(changes, old, row)
    return changes


def _diff(changes: dict, old: dict, row: dict) -> None:
    pk = row["action_id"]
    if old["rag"] != row["rag"]:
        changes["rag_changes"].append({"action_id": pk, "old": old["rag"], "new": row["rag"]})
    if row["completed_on"] and not old["complete"]:
        changes["completions"].append(pk)
    if row["deadline_revisions"] > old["revisions"]:
        changes["deadline_revisions"].append(
            {"action_id": pk, "old": old["due_on"], "new": row["due_on"]}
        )
    if row["signed_off_on"] and not old["signed_off"]:
        changes["sign_offs"].append(pk)
