"""Visibility: no user ever sees another service's data.

Every model that belongs to a service names the lookup from itself to the service in
``SERVICE_PATH``; ``visible_to(user)`` is then the one definition used by the admin,
the API, autocompletes and exports.
"""

from django.db import models


def visible_service_ids(user):
    """A subquery of the ids of the services ``user`` holds a role in (empty when anonymous)."""
    from inspections.models import ServiceMembership

    if not user.is_authenticated:
        return ServiceMembership.objects.none().values("service")
    return ServiceMembership.objects.filter(user=user).values("service")


class ServiceScopedQuerySet(models.QuerySet):
    """QuerySet of a model that belongs to one service through ``model.SERVICE_PATH``."""

    def visible_to(self, user):
        """Rows of the services ``user`` may see; everything for a superuser."""
        if user.is_superuser:
            return self
        return self.filter(**{f"{self.model.SERVICE_PATH}__in": visible_service_ids(user)})

    def in_service(self, service):
        """Rows that belong to ``service`` (an instance or id)."""
        return self.filter(**{self.model.SERVICE_PATH: service})
