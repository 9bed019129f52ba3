from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing every app may use: the clock, API and filter helpers, periodic jobs."""

    name = "core"
    verbose_name = "Core"
