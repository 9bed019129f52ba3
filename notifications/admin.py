"""The event log (read-only audit trail) and the send ledger, scoped to the user's services."""

from functools import partial

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from notifications.dispatch import schedule_dispatch, schedule_send
from notifications.models import DispatchStatus, DomainEvent, Notification, NotificationStatus


class ServiceScopedAdmin(admin.ModelAdmin):
    """Rows of the services the user works in; nothing can be added, edited or deleted here."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DomainEvent)
class DomainEventAdmin(ServiceScopedAdmin):
    """Every recorded change; filter by subject (``?subject_type=action&subject_id=7``) for one
    object's full history."""

    list_display = ["occurred_at", "type", "subject", "actor", "service", "dispatch_status"]
    list_filter = [
        "type",
        "dispatch_status",
        "subject_type",
        ("service", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["actor", "service"]
    search_fields = ["=subject_id", "type"]
    date_hierarchy = "occurred_at"
    readonly_fields = [field.name for field in DomainEvent._meta.fields]
    actions = ["dispatch_failed"]

    @admin.display(description="subject")
    def subject(self, event: DomainEvent) -> str:
        return f"{event.subject_type} #{event.subject_id}"

    def has_dispatch_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_domainevent")

    @admin.action(description="Dispatch the selected failed events again", permissions=["dispatch"])
    def dispatch_failed(self, request, queryset) -> None:
        """Put failed events back to pending and queue them (after fixing what made them fail).

        Handlers are idempotent, so an event that partly ran before failing is safe to run again.
        """
        with transaction.atomic():
            ids = list(
                queryset.filter(dispatch_status=DispatchStatus.FAILED).values_list("pk", flat=True)
            )
            DomainEvent.objects.filter(pk__in=ids).update(
                dispatch_status=DispatchStatus.PENDING, attempts=0, claimed_at=None, last_error=""
            )
            for event_id in ids:
                transaction.on_commit(partial(schedule_dispatch, event_id))
        self.message_user(request, f"{len(ids)} event(s) queued to dispatch.", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(ServiceScopedAdmin):
    """The ledger of emails: what was (or will be) sent to whom, once."""

    list_display = ["created_at", "kind", "recipient", "subject", "period", "status", "sent_at"]
    list_filter = ["status", "kind", ("service", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "recipient__username", "=subject_id"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["resend_failed"]

    @admin.display(description="subject")
    def subject(self, notification: Notification) -> str:
        return f"{notification.subject_type} #{notification.subject_id}"

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description="Resend the selected failed emails", permissions=["resend"])
    def resend_failed(self, request, queryset) -> None:
        """Put failed rows back to pending and queue them; rows not failed are left alone."""
        with transaction.atomic():
            ids = list(
                queryset.filter(status=NotificationStatus.FAILED).values_list("pk", flat=True)
            )
            Notification.objects.filter(pk__in=ids).update(
                status=NotificationStatus.PENDING, attempts=0, created_at=timezone.now()
            )
            for notification_id in ids:
                transaction.on_commit(partial(schedule_send, notification_id))
        self.message_user(request, f"{len(ids)} email(s) queued to resend.", messages.SUCCESS)
