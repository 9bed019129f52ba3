"""The event log: the read-only audit trail, scoped to the user's services."""

from functools import partial

from django.contrib import admin, messages
from django.db import transaction

from events.models import DispatchStatus, DomainEvent
from events.tasks import schedule_dispatch
from tenancy.admin_base import ReadOnlyScopedAdmin


@admin.register(DomainEvent)
class DomainEventAdmin(ReadOnlyScopedAdmin):
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
        return request.user.has_perm("events.redispatch_domainevent")

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
