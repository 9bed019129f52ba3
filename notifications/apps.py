from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Events and notifications"

    def ready(self) -> None:
        # Registers this app's event handlers (see events.registry for the mapping).
        from notifications import reminder_handlers  # noqa: F401
