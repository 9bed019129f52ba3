"""FilterSets of the webhooks app, for the API (and the admin, should it want them)."""

import django_filters

from core.filtering import CommaMultipleChoiceFilter
from delivery.models import Delivery, DeliveryStatus, Webhook


def managed_webhooks(request):
    if request is None:
        return Webhook.objects.none()
    return Webhook.objects.managed_by(request.user)


class WebhookDeliveryFilterSet(django_filters.FilterSet):
    """Deliveries of one webhook, in some statuses (``?status=failed,gave_up``)."""

    webhook = django_filters.ModelChoiceFilter(queryset=managed_webhooks)
    status = CommaMultipleChoiceFilter(choices=DeliveryStatus.choices)
    event = django_filters.NumberFilter(field_name="event_id", min_value=0, max_value=2**63 - 1)

    class Meta:
        model = Delivery
        fields: list[str] = []
