"""Settings from the environment: strict parsing, ``_FILE`` secrets, and ``.env.example``."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from yjtracker import env

ROOT = Path(__file__).resolve().parent.parent
READERS = {"string", "boolean", "integer", "string_list", "rate"}
# Listed in .env.example but read by the Makefile, docker/ or the test settings instead.
RUNNING_VARIABLES = {
    "PORT",
    "TEST_DATABASE_NAME",
    "WEB_CONCURRENCY",
    "CELERY_WORKER_CONCURRENCY",
    "CELERY_WORKER_QUEUES",
    "FORWARDED_ALLOW_IPS",
    "POSTGRES_PASSWORD",
}


def variables_read_by_settings() -> set[str]:
    """Names passed to an ``env.<reader>("NAME", ...)`` call anywhere in settings.py."""
    tree = ast.parse((ROOT / "yjtracker" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "env"
        and node.func.attr in READERS
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def variables_listed_in_env_example() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_every_variable_settings_reads_is_listed_in_env_example():
    read = variables_read_by_settings()

    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "EMAIL_HOST"} <= read
    assert read - variables_listed_in_env_example() == set()


def test_env_example_lists_no_variable_that_nothing_reads():
    extra = variables_listed_in_env_example() - variables_read_by_settings()

    assert extra == RUNNING_VARIABLES


def test_compose_sets_only_variables_that_settings_read():
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    app_services = {"web", "worker", "beat", "migrate"}

    assert set(compose["services"]) == app_services | {"postgres", "redis"}
    for name in app_services:
        assert set(compose["services"][name]["environment"]) <= variables_read_by_settings()
        assert "healthcheck" in compose["services"][name] or name == "migrate"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("false", False), ("False", False), ("0", False)],
)
def test_boolean_accepts_true_false_one_and_zero(monkeypatch, text, expected):
    monkeypatch.setenv("YJ_FLAG", text)

    assert env.boolean("YJ_FLAG", not expected) is expected


@pytest.mark.parametrize("text", ["yes", "no", "on", "off", "2", "t", " true"])
def test_boolean_refuses_anything_else_and_names_the_variable(monkeypatch, text):
    monkeypatch.setenv("YJ_FLAG", text)

    with pytest.raises(ImproperlyConfigured, match="YJ_FLAG must be true, false, 1 or 0"):
        env.boolean("YJ_FLAG", False)


@pytest.mark.parametrize("reader", [env.boolean, env.integer, env.string, env.string_list])
def test_unset_or_empty_variable_gives_the_default(monkeypatch, reader):
    monkeypatch.delenv("YJ_UNSET", raising=False)
    default = object()
    assert reader("YJ_UNSET", default) is default
    monkeypatch.setenv("YJ_UNSET", "")
    assert reader("YJ_UNSET", default) is default


def test_integer_refuses_a_non_number(monkeypatch):
    monkeypatch.setenv("YJ_PORT", "25a")

    with pytest.raises(ImproperlyConfigured, match="YJ_PORT must be a whole number"):
        env.integer("YJ_PORT", 25)


def test_string_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("YJ_HOSTS", " a.example.org, ,b.example.org,")

    assert env.string_list("YJ_HOSTS", []) == ["a.example.org", "b.example.org"]


def test_file_variant_is_read_and_wins_over_the_plain_variable(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv("YJ_SECRET", "from-the-environment")
    monkeypatch.setenv("YJ_SECRET_FILE", str(secret))

    assert env.string("YJ_SECRET", "") == "from-the-file"


def test_file_variant_is_parsed_as_strictly(monkeypatch, tmp_path):
    flag = tmp_path / "flag"
    flag.write_text("maybe")
    monkeypatch.setenv("YJ_FLAG_FILE", str(flag))

    with pytest.raises(ImproperlyConfigured, match="YJ_FLAG"):
        env.boolean("YJ_FLAG", False)


def run_python(data_dir, arguments: list[str], **variables) -> subprocess.CompletedProcess:
    """Run this interpreter in the project with only ``DATA_DIR`` and ``variables`` set."""
    environment = {"PATH": os.environ["PATH"], "DATA_DIR": str(data_dir), **variables}
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def load_settings(tmp_path, **variables) -> subprocess.CompletedProcess:
    """Import the real settings module in a fresh interpreter with only ``variables`` set."""
    code = (
        "from yjtracker import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.EMAIL_BACKEND)"
    )
    return run_python(tmp_path, ["-c", code], **variables)


def test_defaults_run_on_sqlite_the_filesystem_broker_and_console_email(tmp_path):
    result = load_settings(tmp_path)

    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_importing_settings_with_a_fresh_data_dir_creates_nothing(tmp_path):
    result = load_settings(tmp_path / "data")

    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_configuring_celery_creates_the_filesystem_broker_and_beat_folders(tmp_path):
    data_dir = tmp_path / "data"
    code = "from yjtracker.celery import app; app.conf.task_default_queue"
    result = run_python(data_dir, ["-c", code])

    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (data_dir / "broker").iterdir()) == [
        "control",
        "processed",
        "queue",
    ]


def test_configuring_celery_on_redis_creates_only_the_beat_schedule_folder(tmp_path):
    data_dir = tmp_path / "data"
    code = "from yjtracker.celery import app; app.conf.task_default_queue"
    result = run_python(data_dir, ["-c", code], CELERY_BROKER_URL="redis://127.0.0.1:6379/0")

    assert result.returncode == 0, result.stderr
    assert list(data_dir.iterdir()) == []


def test_manage_py_creates_the_sqlite_folder_before_django_connects(tmp_path):
    data_dir = tmp_path / "fresh" / "data"
    code = "from django.db import connection; connection.ensure_connection()"
    result = run_python(data_dir, ["manage.py", "shell", "-c", code])

    assert result.returncode == 0, result.stderr
    assert (data_dir / "yjtracker.sqlite3").is_file()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_production_reads_its_secret_from_a_file_and_sends_email_by_smtp(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("a-long-production-secret")
    result = load_settings(
        tmp_path,
        DEBUG="0",
        SECRET_KEY_FILE=str(secret),
        DATABASE_URL="postgres://u@db.invalid:5432/yj",
        CELERY_BROKER_URL="redis://broker.invalid:6379/1",
    )

    assert result.stdout.split() == [
        "False",
        "django.db.backends.postgresql",
        "redis://broker.invalid:6379/1",
        "notifications.smtp.LedgerEmailBackend",  # Django's SMTP backend, telling lost answers apart
    ]


def test_a_mistyped_boolean_stops_start_up(tmp_path):
    result = load_settings(tmp_path, DEBUG="yes")

    assert result.returncode != 0
    assert "DEBUG must be true, false, 1 or 0, not 'yes'" in result.stderr


# What README's "Running in production" asks for, besides a database, broker and mail server.
PRODUCTION_VARIABLES = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-of-fifty-or-more-random-characters-0123456789",
    "ALLOWED_HOSTS": "yj.example.org",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def test_the_documented_production_variables_pass_check_deploy_with_no_warning(tmp_path):
    result = run_python(tmp_path, ["manage.py", "check", "--deploy"], **PRODUCTION_VARIABLES)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_production_cookies_are_secure_and_hidden_from_scripts(tmp_path):
    code = (
        "from yjtracker import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run_python(tmp_path, ["-c", code], **PRODUCTION_VARIABLES)

    assert result.stdout.split(maxsplit=4) == [
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')\n",
    ]


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", ""),
        ("redis://r:6379/1", "django.core.cache.backends.redis.RedisCache", "redis://r:6379/1"),
        ("rediss://r:6380/0", "django.core.cache.backends.redis.RedisCache", "rediss://r:6380/0"),
    ],
)
def test_cache_url_names_the_cache_backend(url, backend, location):
    assert env.cache_from_url(url) == {"BACKEND": backend, "LOCATION": location}


def test_cache_url_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must start locmem://"):
        env.cache_from_url("memcached://m:11211")


@pytest.mark.parametrize("text", ["100/minute", "5/second", "1000/day", "60/hour"])
def test_rate_accepts_requests_per_period(monkeypatch, text):
    monkeypatch.setenv("YJ_RATE", text)

    assert env.rate("YJ_RATE", "1/day") == text


@pytest.mark.parametrize("text", ["100", "100/min", "ten/minute", "-1/hour", "100/minute "])
def test_rate_refuses_anything_else_and_names_the_variable(monkeypatch, text):
    monkeypatch.setenv("YJ_RATE", text)

    with pytest.raises(ImproperlyConfigured, match="YJ_RATE must be a number of requests"):
        env.rate("YJ_RATE", "1/day")
