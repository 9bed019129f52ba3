from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Reminders, escalations and board digests: who is told what and when, written to the
    delivery ledger; and the email transport that sends them."""

    name = "notifications"
    verbose_name = "Reminders and digests"

    def ready(self) -> None:
        # Registers this app's event handlers (see events.registry) and the email transport.
        from notifications import emails, reminder_handlers, workflow  # noqa: F401
