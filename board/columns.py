"""The columns of the pack's csv and xlsx: one row per action, text a spreadsheet would run
as a formula neutralised."""

# The columns of csv and xlsx: heading, row key. One row per action.
COLUMNS = (
    ("Inspection", "inspection"),
    ("Recommendation", "recommendation"),
    ("Recommendation text", "recommendation_text"),
    ("Ref", "reference"),
    ("Action", "title"),
    ("Owner", "owner"),
    ("Lead agency", "lead_agency"),
    ("Status", "status"),
    ("RAG", "rag_label"),
    ("Why", "rag_reason"),
    ("Original deadline", "original_due_on"),
    ("Current deadline", "due_on"),
    ("Deadline revisions", "deadline_revisions"),
    ("Days overdue", "days_overdue"),
    ("Completed on", "completed_on"),
    ("Closing statement", "closing_statement"),
    ("Signed off on", "signed_off_on"),
    ("Latest update on", "latest_update_on"),
    ("Latest update", "latest_update"),
)
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """``value``, with text that a spreadsheet would run as a formula quoted as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_values(row: dict) -> list:
    """One action row as the cells of csv and xlsx, in ``COLUMNS`` order."""
    return [neutralised(row[key]) for _, key in COLUMNS]
