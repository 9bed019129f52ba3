"""The pack as templates read it: the ids in its exception and change lists resolved to rows,
the charts drawn, rows grouped by inspection and recommendation. Shared by the board page and
the PDF, which render the same sections template."""

from board.charts import percent_complete_svg, rag_trend_svg
from inspections.choices import RAG


def pack_context(pack: dict) -> dict:
    """Everything the sections template needs from ``pack``."""
    by_id = {row["action_id"]: row for row in pack["rows"]}
    exceptions, changes = pack["exceptions"], pack["changes"]
    return {
        "pack": pack,
        "red": [by_id[pk] for pk in exceptions["red"]],
        "awaiting_sign_off": [by_id[pk] for pk in exceptions["awaiting_sign_off"]],
        "due_before": [by_id[pk] for pk in exceptions["due_before_next_meeting"]],
        "changes": {
            "new_actions": [by_id[pk] for pk in changes["new_actions"]],
            "completions": [by_id[pk] for pk in changes["completions"]],
            "sign_offs": [by_id[pk] for pk in changes["sign_offs"]],
            "rag_changes": [
                {**c, "row": by_id[c["action_id"]], "old_label": RAG(c["old"]).label}
                for c in changes["rag_changes"]
            ],
            "deadline_revisions": [
                {**c, "row": by_id[c["action_id"]]} for c in changes["deadline_revisions"]
            ],
        },
        "plans": _plans(pack),
        "rag_trend_svg": rag_trend_svg(pack["trend"]),
        "percent_complete_svg": percent_complete_svg(pack["trend"]),
    }


def _plans(pack: dict) -> list[dict]:
    """Each inspection with its recommendations, each with its action rows."""
    rows_of: dict[tuple[int, int], list[dict]] = {}
    for row in pack["rows"]:
        rows_of.setdefault((row["inspection_id"], row["recommendation"]), []).append(row)
    return [
        {
            **inspection,
            "recommendations": [
                {**rec, "rows": rows_of.get((inspection["id"], rec["number"]), [])}
                for rec in inspection["recommendations"]
            ],
        }
        for inspection in pack["inspections"]
    ]
