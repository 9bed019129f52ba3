"""The floor of the API benchmark: minimal views returning the same rows with ``values()``.

No serializers, no filter sets, no permissions classes: a token lookup, the visibility rule, the
query and ``JsonResponse``. Whatever the API spends beyond this is its own overhead. Where the API
shows a value computed in Python (an action's ``rag_reason``), the floor computes it too, with
the same rule function, as cheaply as it can.
"""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.http import JsonResponse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from actions.choices import ActionStatus
from actions.deadlines import due_window_end
from actions.models import RAG_INPUTS, Action, ProgressUpdate, assess_rag_of
from actions.rag import RagPolicy
from events.models import DomainEvent
from inspections.models import Recommendation
from tenancy.models import YouthJusticeService

ACTION_FIELDS = (
    "id",
    "recommendation_id",
    "reference",
    "title",
    "description",
    "owner_id",
    "lead_agency_id",
    "start_on",
    "original_due_on",
    "due_on",
    "status",
    "rag",
    "completed_on",
    "completed_by_id",
    "closing_statement",
    "signed_off_at",
    "signed_off_by_id",
    "sign_off_comment",
    "signed_off_meeting_id",
    "created_at",
    "updated_at",
)
EVENT_FIELDS = (
    "id",
    "type",
    "occurred_at",
    "actor_id",
    "service_id",
    "subject_type",
    "subject_id",
    "data",
)
RAGS = ("red", "amber", "green", "blue")


def _user(request):
    key = request.headers["Authorization"].removeprefix("Token ")
    return Token.objects.select_related("user").get(key=key).user


def _page(request, counted, rows):
    size = int(request.GET.get("page_size", 100))
    results = list(rows[:size])
    return results, {"count": counted.count(), "next": None, "previous": None}


def _with_rag_reasons(rows: list[dict], today) -> list[dict]:
    """Each row's ``rag_reason`` by the rule the API uses (``assess_rag_of``), from the row's
    RAG inputs and its service's thresholds, which are then dropped (the API does not show
    them)."""
    for row in rows:
        policy = RagPolicy.of_row(row)
        del row["rag_due_soon_days"], row["rag_stale_after_days"]
        inputs = [row[name] for name in RAG_INPUTS]
        row["rag_reason"] = assess_rag_of(*inputs, today=today, policy=policy).reason
        del row["last_assessed_rag"], row["last_progress_on"]
    return rows


def actions_view(request):
    """Overdue actions of the given RAGs, each with its latest progress update and the reason
    for its RAG; counted on the filters alone."""
    user = _user(request)
    today = timezone.localdate()
    latest = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"))
        .order_by("-recorded_at", "-id")
        .values(
            json=JSONObject(
                id="id",
                author="author_id",
                contributor_name="contributor_name",
                recorded_at="recorded_at",
                narrative="narrative",
                assessed_rag="assessed_rag",
            )
        )[:1]
    )
    actions = (
        Action.objects.visible_to(user).overdue(today).filter(rag__in=request.GET["rag"].split(","))
    )
    rows = actions.annotate(latest_update=Subquery(latest)).values(
        *ACTION_FIELDS,
        "latest_update",
        "last_assessed_rag",
        "last_progress_on",
        service=F("recommendation__inspection__service"),
        rag_due_soon_days=F("recommendation__inspection__service__rag_due_soon_days"),
        rag_stale_after_days=F("recommendation__inspection__service__rag_stale_after_days"),
    )
    results, page = _page(request, actions, rows)
    return JsonResponse({**page, "results": _with_rag_reasons(results, today)})


def _counts(prefix: str = "") -> dict:
    today = timezone.localdate()
    is_open = ~Q(status=ActionStatus.COMPLETE)
    counts = {rag: Count("id", filter=Q(rag=rag), distinct=True) for rag in RAGS}
    counts["overdue"] = Count("id", filter=is_open & Q(due_on__lt=today), distinct=True)
    counts["due_soon"] = Count(
        "id",
        filter=is_open & Q(due_on__gte=today, due_on__lte=due_window_end(today, 30)),
        distinct=True,
    )
    return counts


def summary_view(request, service_id: int):
    """RAG counts, overdue and due soon: overall, per inspection, per domain, per standard."""
    service = YouthJusticeService.objects.visible_to(_user(request)).get(pk=service_id)
    actions = Action.objects.filter(recommendation__inspection__service=service).order_by()
    unplanned = Recommendation.objects.filter(
        inspection__service=service, actions__isnull=True
    ).values("id", "inspection_id", "standards__code", "standards__domain__code")
    inspection = ("recommendation__inspection_id", "recommendation__inspection__title")
    domain = ("recommendation__standards__domain__code", "recommendation__standards__domain__name")
    standard = ("recommendation__standards__code", "recommendation__standards__name")
    return JsonResponse(
        {
            "totals": actions.aggregate(**_counts()),
            "per_inspection": list(actions.values(*inspection).annotate(**_counts())),
            "unplanned": list(unplanned),
            "per_domain": list(actions.values(*domain).annotate(**_counts())),
            "per_standard": list(actions.values(*domain, *standard).annotate(**_counts())),
        }
    )


def events_view(request):
    """Events after the given id, oldest first: a page by key, no count (as the API's)."""
    rows = (
        DomainEvent.objects.visible_to(_user(request))
        .filter(pk__gt=int(request.GET.get("after", 0)))
        .order_by("pk")
        .values(*EVENT_FIELDS)
    )
    size = int(request.GET.get("page_size", 100))
    results = list(rows[: size + 1])
    return JsonResponse({"count": None, "next": None, "previous": None, "results": results[:size]})
