from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        post_migrate.connect(ensure_reference_data, sender=self)


def ensure_reference_data(sender, using="default", **kwargs) -> None:
    """Restore the framework catalogue and role groups if they are missing.

    Migrations load them once; a database flush (``manage.py flush``, or a transactional test)
    empties every table, and post_migrate is how Django lets apps put back what they need.
    Frameworks already present are left untouched, so edits made in the admin survive.
    """
    from django.contrib.auth.models import Group, Permission

    from inspections import models
    from inspections.catalogue import MODEL_NAMES, load_framework, read_catalogue
    from inspections.groups import sync_groups

    present = set(models.Framework.objects.using(using).values_list("code", flat=True))
    classes = {name: getattr(models, name) for name in MODEL_NAMES}
    for framework in read_catalogue():
        if framework["code"] not in present:
            load_framework(framework, classes)
    if Permission.objects.using(using).filter(codename="sign_off_action").exists():
        sync_groups(Group, Permission)
