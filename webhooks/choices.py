"""Enumerations of the webhooks app."""

from django.db import models


class DeliveryStatus(models.TextChoices):
    """Where one event's delivery to one webhook stands."""

    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed (refused by the receiver)"
    GIVING_UP = "giving_up", "Gave up after retries"
