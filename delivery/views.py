"""The health view: is the app up, and is anything waiting for an operator?

For monitoring: no login, and nothing in it names a person or a service (counts only). It
answers 200 while the database answers, whatever the counts, so a load balancer does not take
the app out of service because an email failed; ``attention`` tells a monitor to alert.
"""

from django.db.models import Count
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from delivery.models import NEEDS_AN_OPERATOR, Delivery
from events.models import DispatchStatus, DomainEvent


@never_cache
@require_GET
def health(request) -> JsonResponse:
    now = timezone.now()
    by_status = dict(
        Delivery.objects.filter(status__in=NEEDS_AN_OPERATOR)
        .values_list("status")
        .annotate(rows=Count("pk"))
        .order_by()
    )
    deliveries = {status.value: by_status.get(status, 0) for status in NEEDS_AN_OPERATOR}
    deliveries["left_behind"] = Delivery.objects.left_behind(now).count()
    events = {
        "failed": DomainEvent.objects.filter(dispatch_status=DispatchStatus.FAILED).count(),
        "left_behind": DomainEvent.objects.left_behind(now).count(),
    }
    attention = any(deliveries.values()) or any(events.values())
    return JsonResponse(
        {"status": "attention" if attention else "ok", "deliveries": deliveries, "events": events}
    )
