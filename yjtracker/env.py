"""Strict readers for settings taken from the environment.

Each reader accepts ``<NAME>_FILE`` as well as ``<NAME>`` so secrets can come from
files mounted by Docker or systemd. A value that cannot be parsed stops start-up with
a message naming the variable: a typo in production must never be read as a default.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"true", "1"}
FALSE_WORDS = {"false", "0"}


def raw(name: str) -> str | None:
    """The variable's text, read from ``<NAME>_FILE`` when that is set."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name)


def string(name: str, default: str) -> str:
    value = raw(name)
    return default if value is None or value == "" else value


def boolean(name: str, default: bool) -> bool:
    value = raw(name)
    if value is None or value == "":
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true, false, 1 or 0, not {value!r}.")


def integer(name: str, default: int) -> int:
    value = raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def string_list(name: str, default: list[str]) -> list[str]:
    value = raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def rate(name: str, default: str) -> str:
    """A request rate as Django REST framework reads it: ``<number>/<second|minute|hour|day>``."""
    value = string(name, default)
    number, _, period = value.partition("/")
    if not number.isdecimal() or period not in RATE_PERIODS:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, "
            f"like 100/minute, not {value!r}."
        )
    return value


RATE_PERIODS = {"second", "minute", "hour", "day"}
# The cache backends CACHE_URL may name, by URL scheme.
CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
}


def cache_from_url(url: str) -> dict[str, str]:
    """Django's ``CACHES`` entry for ``locmem://`` or a ``redis://``/``rediss://`` URL."""
    scheme = url.partition("://")[0]
    if scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"CACHE_URL must start locmem://, redis:// or rediss://, not {url!r}."
        )
    location = "" if scheme == "locmem" else url
    return {"BACKEND": CACHE_BACKENDS[scheme], "LOCATION": location}
