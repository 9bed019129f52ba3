from django.apps import AppConfig

from tenancy import rules


class TenancyConfig(AppConfig):
    """Who is who: services, local authorities, roles, partner agencies, boards; who may do what."""

    name = "tenancy"
    verbose_name = "Services and people"

    def ready(self) -> None:
        rules.register()
