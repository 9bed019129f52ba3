"""Admin: managers register their service's webhooks. Their deliveries are in the ledger
(``delivery.admin``), reached from each webhook's "Deliveries" link."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from delivery.models import Webhook
from events.catalogue import EventType
from tenancy.admin_base import ServiceScopedAdmin


class ManagersOnlyAdmin(ServiceScopedAdmin):
    """Webhooks carry their signing secret: shown to the managers of their service only."""

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
        url = reverse("admin:delivery_delivery_changelist")
        return format_html('<a href="{}?webhook__id__exact={}">Deliveries</a>', url, webhook.pk)
