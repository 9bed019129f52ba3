from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The domain event outbox (also the audit trail), its handler registry and dispatch."""

    name = "events"
    verbose_name = "Events"
