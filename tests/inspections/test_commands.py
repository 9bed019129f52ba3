"""The operator commands: grant_role, load_framework and load_demo_data."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from inspections.models import Framework, Standard
from inspections.scoring import score_ratings
from tenancy.choices import ServiceRole
from tenancy.models import ServiceMembership
from tenancy.rules import is_board_member

User = get_user_model()


def grant(username, service, role, *extra):
    out = StringIO()
    call_command(
        "grant_role", username, "--service", service.name, "--role", role, *extra, stdout=out
    )
    return out.getvalue()


# One rule only each role's people hold anywhere (``tenancy.rules``).
ROLE_RULES = {
    ServiceRole.PLAN_OWNER: "actions.change_action",
    ServiceRole.SERVICE_MANAGER: "actions.add_action",
}


def role_rules(user) -> set[str]:
    """The roles whose characteristic rule ``user`` passes, read afresh (no memoised roles)."""
    user = User.objects.get(pk=user.pk)
    held = {role for role, rule in ROLE_RULES.items() if user.has_perm(rule)}
    # The board role reads; signing off also needs a seat on the board (its chair).
    if is_board_member.test(user):
        held.add(ServiceRole.BOARD_MEMBER)
    # A manager also edits actions; report the role itself.
    if ServiceRole.SERVICE_MANAGER in held:
        held.discard(ServiceRole.PLAN_OWNER)

    return held


def test_grant_role_creates_a_staff_user_with_the_role_and_its_rules(service):
    output = grant(
        "pat", service, "plan_owner", "--email", "pat@example.org", "--password", "s3cret-pass"
    )

    user = User.objects.get(username="pat")
    assert user.is_staff and not user.is_superuser
    assert user.email == "pat@example.org"
    assert user.check_password("s3cret-pass")
    assert ServiceMembership.objects.get(user=user).role == ServiceRole.PLAN_OWNER
    assert role_rules(user) == {ServiceRole.PLAN_OWNER}
    assert not user.groups.exists()
    assert "pat is now Plan owner in Medway Youth Justice Service" in output


def test_grant_role_changes_the_role_and_leaves_the_old_group(service):
    grant("pat", service, "plan_owner")
    grant("pat", service, "service_manager")

    user = User.objects.get(username="pat")
    assert list(user.service_memberships.values_list("role", flat=True)) == ["service_manager"]
    assert role_rules(user) == {ServiceRole.SERVICE_MANAGER}


def test_grant_role_keeps_a_role_still_held_in_another_service(service, other_service):
    grant("pat", service, "board_member")
    grant("pat", other_service, "board_member")
    grant("pat", service, "plan_owner")

    user = User.objects.get(username="pat")
    assert role_rules(user) == {ServiceRole.PLAN_OWNER, ServiceRole.BOARD_MEMBER}
    assert user.service_memberships.count() == 2


def test_grant_role_leaves_password_and_email_alone_when_not_given(service):
    grant("pat", service, "plan_owner", "--email", "pat@example.org", "--password", "first-pass-1")
    grant("pat", service, "board_member")

    user = User.objects.get(username="pat")
    assert user.check_password("first-pass-1")
    assert user.email == "pat@example.org"


def test_grant_role_gives_a_new_user_without_password_an_unusable_one(service):
    grant("pat", service, "plan_owner")

    assert not User.objects.get(username="pat").has_usable_password()


def test_grant_role_finds_the_service_whatever_the_case(service):
    call_command("grant_role", "pat", "--service", service.name.upper(), "--role", "plan_owner")

    assert ServiceMembership.objects.filter(user__username="pat", service=service).exists()


def test_grant_role_refuses_an_unknown_service_and_names_the_known_ones(service):
    with pytest.raises(CommandError, match=r"No service is called 'Nowhere'.*Medway Youth Justice"):
        call_command("grant_role", "pat", "--service", "Nowhere", "--role", "plan_owner")
    assert not User.objects.filter(username="pat").exists()


def test_grant_role_refuses_an_unknown_role(service):
    with pytest.raises(CommandError, match="invalid choice: 'chair'"):
        call_command("grant_role", "pat", "--service", service.name, "--role", "chair")


def test_grant_role_refuses_an_invalid_email(service):
    with pytest.raises(CommandError, match="valid email"):
        grant("pat", service, "plan_owner", "--email", "not-an-address")
    assert not User.objects.filter(username="pat").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("84736251904", "This password is entirely numeric."),
        ("pat.morgan1", "The password is too similar to the username."),
    ],
)
def test_grant_role_refuses_a_password_the_validators_refuse(service, password, message):
    with pytest.raises(CommandError, match=message):
        grant("pat.morgan1", service, "plan_owner", "--password", password)
    assert not User.objects.filter(username="pat.morgan1").exists()


def test_grant_role_leaves_an_existing_password_when_the_new_one_is_refused(service):
    grant("pat", service, "plan_owner", "--password", "s3cret-pass")

    with pytest.raises(CommandError, match="too short"):
        grant("pat", service, "plan_owner", "--password", "1")
    assert User.objects.get(username="pat").check_password("s3cret-pass")


def test_every_role_grants_its_rules_and_no_group(service):
    for number, role in enumerate(ServiceRole.values):
        grant(f"person{number}", service, role)
        user = User.objects.get(username=f"person{number}")
        assert role_rules(user) == {role}
        assert not user.groups.exists()


MADE_UP_FRAMEWORK = {
    "code": "2030-pilot",
    "name": "A made-up pilot framework",
    "in_force_from": "2030-04-01",
    "scale": {"outstanding": 4, "good": 3, "requires_improvement": 1, "inadequate": 0},
    "bands": [
        [0, 3, "inadequate"],
        [4, 6, "requires_improvement"],
        [7, 9, "good"],
        [10, 12, "outstanding"],
    ],
    "domains": [
        {
            "code": "A",
            "name": "Work with children",
            "standards": [{"code": "A1", "name": "Desistance"}, {"code": "A2", "name": "Safety"}],
        },
        {
            "code": "B",
            "name": "Work with victims",
            "standards": [
                {"code": "B1", "name": "Victim contact"},
                {"code": "B2", "name": "Restorative work", "scored": False},
            ],
        },
    ],
}


@pytest.fixture
def framework_file(tmp_path):
    path = tmp_path / "pilot.json"
    path.write_text(json.dumps(MADE_UP_FRAMEWORK))
    return path


def test_load_framework_adds_a_new_framework_that_scores_without_code(db, framework_file):
    out = StringIO()
    call_command("load_framework", str(framework_file), stdout=out)

    framework = Framework.objects.get(code="2030-pilot")
    assert "Loaded 2030-pilot: A made-up pilot framework (4 standards)." in out.getvalue()
    result = score_ratings(
        framework.scheme(), {"A1": "good", "A2": "good", "B1": "requires_improvement"}
    )
    assert (result.score, result.rating, result.max_score) == (7, "good", 12)


def test_load_framework_twice_leaves_one_copy(db, framework_file):
    call_command("load_framework", str(framework_file), stdout=StringIO())
    call_command("load_framework", str(framework_file), stdout=StringIO())

    framework = Framework.objects.get(code="2030-pilot")
    assert Standard.objects.filter(domain__framework=framework).count() == 4
    assert framework.rating_levels.count() == 4
    assert framework.score_bands.count() == 4


def test_load_framework_updates_a_renamed_standard_in_place(db, framework_file):
    call_command("load_framework", str(framework_file), stdout=StringIO())
    standard_id = Standard.objects.get(domain__framework__code="2030-pilot", code="A1").pk
    changed = json.loads(framework_file.read_text())
    changed["domains"][0]["standards"][0]["name"] = "Supporting desistance"
    framework_file.write_text(json.dumps(changed))

    call_command("load_framework", str(framework_file), stdout=StringIO())

    assert Standard.objects.get(pk=standard_id).name == "Supporting desistance"


def test_load_framework_reloads_the_shipped_catalogue_without_change(db):
    before = Standard.objects.count()
    call_command("load_framework", "inspections/fixtures/frameworks.json", stdout=StringIO())

    assert Standard.objects.count() == before
    assert set(Framework.objects.values_list("code", flat=True)) >= {"2018", "2021", "2025"}


def test_load_framework_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_framework", str(tmp_path / "missing.json"))


def test_load_framework_reports_a_missing_field_and_loads_nothing(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"code": "broken", "name": "No scale"}))

    with pytest.raises(CommandError, match="lacks the field 'scale'"):
        call_command("load_framework", str(path))
    assert not Framework.objects.filter(code="broken").exists()


def test_load_demo_data_prints_a_login_for_each_role_in_each_service(db):
    out = StringIO()
    call_command("load_demo_data", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Demonstration data from public council reports" in lines[0]
    for username, role in [
        ("claire.hartley", "Service manager"),
        ("jo.morgan", "Plan owner"),
        ("alison.reed", "Board member"),
        ("dan.fletcher", "Service manager"),
        ("kerry.osei", "Plan owner"),
        ("ruth.ingram", "Board member"),
    ]:
        line = next(line for line in lines if line.split()[:1] == [username])
        assert "yjtracker-demo" in line and role in line
        assert User.objects.get(username=username).check_password("yjtracker-demo")
