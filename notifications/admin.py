"""The send ledger, scoped to the user's services (operators' tools for superusers)."""

from functools import partial

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.tasks import schedule_send
from tenancy.admin_base import ReadOnlyScopedAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyScopedAdmin):
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
        return request.user.has_perm("notifications.resend_notification")

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
