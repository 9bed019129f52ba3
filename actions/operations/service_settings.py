"""A service's settings saved; new RAG thresholds recalculate the service's RAGs at once."""

from datetime import date

from django.db import transaction

from actions.operations.recalculation import recalculate_rags
from actions.rag import RagPolicy
from core import clock
from tenancy.models import YouthJusticeService
from tenancy.rules import require


@transaction.atomic
def change_service_settings(
    *, service: YouthJusticeService, actor, local_authorities=None, today: date | None = None
):
    """Save a service (its name, thresholds and, when given, the authorities it serves); when its
    RAG thresholds change, every RAG of the service is recalculated at once, whichever path
    (admin, API) changed them."""
    if service.pk is None:
        require(actor, "tenancy.add_youthjusticeservice")
        previous = None
    else:
        require(actor, "tenancy.change_youthjusticeservice", service)
        previous = YouthJusticeService.objects.select_for_update().get(pk=service.pk)
    service.full_clean()
    service.save()
    if local_authorities is not None:
        service.local_authorities.set(local_authorities)
    if previous is not None and RagPolicy.of(previous) != RagPolicy.of(service):
        recalculate_rags(today=today or clock.today(), service=service)
    return service
