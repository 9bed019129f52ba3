"""Filter choices limited to what the requesting user may see (shared by every FilterSet)."""

from django.contrib.auth import get_user_model

from tenancy.models import visible_service_ids


def visible(model):
    """A ModelChoiceFilter queryset limited to what the requesting user may see."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)

    return queryset


def visible_users(request):
    """Users who hold a role in a service the requesting user can see."""
    users = get_user_model().objects.all()
    if request is None:
        return users.none()
    if request.user.is_superuser:
        return users
    return users.filter(
        service_memberships__service__in=visible_service_ids(request.user)
    ).distinct()
