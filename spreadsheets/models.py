"""The record of plan imports: who imported which file into which inspection, and what it did."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from inspections.models import Inspection
from tenancy.models import ServiceScopedQuerySet


class PlanImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, not imported"
    IMPORTED = "imported", "Imported"


class PlanImport(models.Model):
    """An uploaded plan file: kept from its preview until it is confirmed (and after, as the
    record of what was imported). Its ``summary`` is the import's report (counts, problems)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="plan_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    mapping = models.JSONField(default=dict, blank=True, help_text="Heading → column, as chosen.")
    create_owners = models.BooleanField(
        "create unknown owners",
        default=False,
        help_text="Create owners who are not yet users as plan owners, and invite them by email.",
    )
    status = models.CharField(
        max_length=10, choices=PlanImportStatus.choices, default=PlanImportStatus.PREVIEWED
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True, editable=False)

    SERVICE_PATH = "inspection__service"
    objects = ServiceScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
