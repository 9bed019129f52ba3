"""Admin: managers register their service's webhooks; deliveries and attempts are read-only,
with a "Re-send" action for deliveries that failed or gave up."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from events.catalogue import EventType
from tenancy.admin_base import ServiceScopedAdmin
from webhooks.delivery import restart
from webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from webhooks.tasks import enqueue_deliveries


class ManagersOnlyAdmin(ServiceScopedAdmin):
    """Webhooks, deliveries and attempts are shown to the managers of their service only."""

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text="Must be https:// in production.",
    )
    event_types = forms.MultipleChoiceField(
        choices=EventType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick the events to send; tick none to send every event, including new kinds.",
    )

    class Meta:
        model = Webhook
        fields = ["service", "name", "url", "event_types", "active"]


@admin.register(Webhook)
class WebhookAdmin(ManagersOnlyAdmin):
    form = WebhookForm
    list_display = ("name", "service", "url", "subscription", "active", "deliveries_link")
    list_filter = ("active",)
    search_fields = ("name", "url")
    list_select_related = ("service",)
    readonly_fields = ("secret", "created_by", "created_at")

    def get_fields(self, request, obj=None):
        fields = ["service", "name", "url", "event_types", "active"]
        return fields if obj is None else [*fields, "secret", "created_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # A webhook stays with its service: moving it would send one service's events elsewhere.
        return self.readonly_fields if obj is None else ("service", *self.readonly_fields)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            message = "Give the receiver this signing secret (also shown on the webhook's page): {}"
            self.message_user(request, format_html(message, obj.secret), messages.WARNING)

    @admin.display(description="events")
    def subscription(self, webhook: Webhook) -> str:
        return ", ".join(webhook.event_types) if webhook.event_types else "All events"

    @admin.display(description="deliveries")
    def deliveries_link(self, webhook: Webhook) -> str:
        url = reverse("admin:webhooks_webhookdelivery_changelist")
        return format_html('<a href="{}?webhook__id__exact={}">Deliveries</a>', url, webhook.pk)


class ReadOnlyAdminMixin:
    """Nothing here is written by hand: rows are the record of what was sent."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WebhookAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WebhookAttempt
    fields = ("attempted_at", "response_status", "error", "duration_ms", "response_body")
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, ManagersOnlyAdmin):
    list_display = (
        "id",
        "webhook",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("webhook", "event")
    readonly_fields = (
        "webhook",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "claimed_at",
        "created_at",
        "completed_at",
    )
    inlines = [WebhookAttemptInline]
    actions = ["resend"]

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.resend_webhookdelivery")

    @admin.action(description="Re-send the selected deliveries", permissions=["resend"])
    def resend(self, request, queryset):
        # The queryset is already limited to the services this user manages.
        now = timezone.now()
        restarted = [delivery.pk for delivery in queryset if restart(delivery, now=now)]
        transaction.on_commit(lambda: enqueue_deliveries(restarted), robust=True)
        self.message_user(
            request,
            f"{len(restarted)} deliveries queued to re-send; any still pending were left to run.",
        )


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyAdminMixin, ManagersOnlyAdmin):
    list_display = ("attempted_at", "delivery", "url", "response_status", "error", "duration_ms")
    list_filter = ("response_status",)
    list_select_related = ("delivery__webhook", "delivery__event")
    readonly_fields = (
        "delivery",
        "attempted_at",
        "url",
        "request_headers",
        "request_body",
        "response_status",
        "response_body",
        "error",
        "duration_ms",
    )
