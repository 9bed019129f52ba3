"""Template tags of plan import: whether the user may import (asked of the one rule in
``tenancy.rules``), and the invited owner's link to choose a password."""

from django import template
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

register = template.Library()


@register.simple_tag(takes_context=True)
def may_import_plan(context, inspection) -> bool:
    """Whether the signed-in user may import a plan into ``inspection``."""
    return context["request"].user.has_perm("inspections.import_plan", inspection)


@register.simple_tag(takes_context=True)
def password_link(context, user) -> str:
    """A link for ``user`` to choose a password, made as the email is rendered (so no token is
    ever stored in the delivery ledger); it stops working once the password is set."""
    path = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return f"{context['site_url']}{path}"
