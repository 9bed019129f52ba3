"""The delivery ledger in the admin: every email and webhook request, read only, with each
attempt, and "Send again" for rows that failed or gave up. Managers see their services' rows."""

from functools import partial

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from delivery.models import Delivery, DeliveryAttempt
from delivery.pipeline import restart
from delivery.tasks import schedule_delivery
from tenancy.admin_base import ReadOnly, ReadOnlyScopedAdmin


class ManagedLedgerAdmin(ReadOnlyScopedAdmin):
    """The record of what was sent: never written by hand, shown to the service's managers."""

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user)


class DeliveryAttemptInline(ReadOnly, admin.TabularInline):
    model = DeliveryAttempt
    fields = (
        "attempted_at",
        "destination",
        "response_status",
        "error",
        "duration_ms",
        "response_body",
    )
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Delivery)
class DeliveryAdmin(ManagedLedgerAdmin):
    list_display = [
        "created_at",
        "channel",
        "kind",
        "destination",
        "subject",
        "period",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["channel", "status", "kind", ("service", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["recipient", "webhook"]
    search_fields = [
        "recipient__email",
        "recipient__username",
        "address",
        "webhook__name",
        "=subject_id",
    ]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]
    inlines = [DeliveryAttemptInline]
    actions = ["send_again"]

    @admin.display(description="to")
    def destination(self, delivery: Delivery) -> str:
        return str(delivery.recipient or delivery.address or delivery.webhook)

    @admin.display(description="about")
    def subject(self, delivery: Delivery) -> str:
        return f"{delivery.subject_type} #{delivery.subject_id}"

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("delivery.resend_delivery")

    @admin.action(description="Send the selected failed deliveries again", permissions=["resend"])
    def send_again(self, request, queryset) -> None:
        """Restart failed and given-up rows and queue them; any other row is left alone."""
        with transaction.atomic():
            rows = dict(queryset.values_list("pk", "channel"))
            restarted = restart(rows, now=timezone.now())
            for delivery_id in restarted:
                transaction.on_commit(partial(schedule_delivery, delivery_id, rows[delivery_id]))
        self.message_user(
            request,
            f"{len(restarted)} deliveries queued to send again; rows not failed were left alone.",
            messages.SUCCESS,
        )


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ManagedLedgerAdmin):
    list_display = ("attempted_at", "delivery", "destination", "response_status", "error")
    list_filter = ("response_status",)
    list_select_related = ("delivery__recipient", "delivery__webhook")
    readonly_fields = [field.name for field in DeliveryAttempt._meta.fields]
