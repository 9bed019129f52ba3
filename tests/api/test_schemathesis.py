"""Fuzz the live API against its own OpenAPI schema with schemathesis.

The schema is read from ``/api/schema/`` on ``live_server``; every operation is called with
generated data, valid and invalid, by a service manager with a token, over seeded data. Every
response must be no server error, of the documented content type, with a body the schema
describes, and with a status code the schema documents. Path parameters are drawn from the
seeded rows of both services most of the time, so real objects (and another service's, which
must answer 404) are reached, not only random ids; references in bodies likewise.
"""

import zlib

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from actions.models import Action, ProgressUpdate
from events.models import DomainEvent
from inspections.models import Framework, Inspection, Recommendation
from tenancy.models import ServiceMembership, YouthJusticeService
from tests.api.qa.fixtures import live_plan_fixture, manager_token_fixture, seeded_fixture  # noqa: F401

# Per operation and generation mode: keeps the whole run under two minutes on two cores.
MAX_EXAMPLES = 12
# Operations that render a document (a PDF or XLSX board pack, a plan file) cost a second or
# more per call: fewer examples, still both modes, so the suite stays inside CI's time.
HEAVY_PATHS = ("board-pack", "plan-export", "plan-template", "plan-import")
HEAVY_MAX_EXAMPLES = 4
# A failure of these stops the operation's run (Hypothesis then shrinks it to a minimal case).
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
# (collection, path parameter) -> where real values come from.
SEEDED_VALUES = {
    ("services", "id"): YouthJusticeService.objects.values_list("pk", flat=True),
    ("inspections", "id"): Inspection.objects.values_list("pk", flat=True),
    ("recommendations", "id"): Recommendation.objects.values_list("pk", flat=True),
    ("actions", "id"): Action.objects.values_list("pk", flat=True),
    ("progress-updates", "id"): ProgressUpdate.objects.values_list("pk", flat=True),
    ("events", "id"): DomainEvent.objects.values_list("pk", flat=True),
    ("frameworks", "code"): Framework.objects.values_list("code", flat=True),
    ("users", "id"): ServiceMembership.objects.values_list("user_id", flat=True),
}
# Body fields naming another object -> the collection whose seeded ids they take.
BODY_REFERENCES = {
    "service": "services",
    "inspection": "inspections",
    "recommendation": "recommendations",
    "action": "actions",
    "owner": "users",
}
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(live_plan, manager_token):
    _, base_url = live_plan
    schema = schemathesis.openapi.from_url(
        f"{base_url}/api/schema/?format=json", headers={"Authorization": f"Token {manager_token}"}
    )
    # Webhooks are read but never written: a generated URL could be any host on the internet,
    # and deliveries must only ever go to loopback in tests.
    return schema.exclude(path_regex="^/api/v1/webhook", method=["POST", "PUT", "PATCH", "DELETE"])


@pytest.fixture
def seeded_values(seeded):
    return {key: list(values.all()) for key, values in SEEDED_VALUES.items()}


def use_seeded_values(case, seeded_values) -> None:
    """Replace generated path parameters by seeded values three times in four."""
    segments = case.operation.path.strip("/").split("/")
    for name, drawn in (case.path_parameters or {}).items():
        collection = segments[segments.index(f"{{{name}}}") - 1]
        values = seeded_values.get((collection, name))
        choice = zlib.crc32(repr(drawn).encode())
        if values and choice % 4:
            case.path_parameters[name] = values[choice % len(values)]


def use_seeded_references(case, seeded_values) -> None:
    """In a JSON body, point integer references at seeded objects three times in four, so
    writes get past "no such object" and reach the rules behind it."""
    if not isinstance(case.body, dict):
        return
    for field, collection in BODY_REFERENCES.items():
        drawn = case.body.get(field)
        values = seeded_values.get((collection, "id"))
        if isinstance(drawn, int) and not isinstance(drawn, bool) and values and drawn % 4:
            case.body[field] = values[drawn % len(values)]


def fuzz(operation, mode, check_case) -> str | None:
    """Run ``check_case`` on generated cases of one operation; the failure report, if any."""

    heavy = any(part in operation.path for part in HEAVY_PATHS)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(FUZZ_SETTINGS, max_examples=HEAVY_MAX_EXAMPLES if heavy else MAX_EXAMPLES)
    def run(case):
        check_case(case)

    try:
        run()
    # Check failures come as a BaseExceptionGroup; one report per operation lists them all.
    except (Exception, BaseExceptionGroup) as failure:
        return f"{operation.label} ({mode}):\n{failure}"
    return None


def is_documented(case, response) -> bool:
    try:
        case.validate_response(response, checks=[status_code_conformance])
    except (Exception, BaseExceptionGroup):
        return False
    return True


# schemathesis' own ``schema.parametrize()`` reads ``Function._nodeid``, which pytest 9 no longer
# has; driving Hypothesis per operation runs the same checks and names every failing operation.
def test_api_never_fails_and_always_answers_as_its_schema_says(
    api_schema, manager_token, seeded_values
):
    headers = {"Authorization": f"Token {manager_token}"}
    undocumented = set()

    def check_case(case):
        use_seeded_values(case, seeded_values)
        use_seeded_references(case, seeded_values)
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        if not is_documented(case, response):
            undocumented.add(f"{case.operation.label} -> {response.status_code}")

    operations = [result.ok() for result in api_schema.get_all_operations()]
    failures = [
        report
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (report := fuzz(operation, mode, check_case))
    ]
    assert len(operations) >= 30
    assert not failures, "\n\n".join(failures)
    assert not undocumented, "Status codes the schema does not document:\n" + "\n".join(
        sorted(undocumented)
    )
