from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        # No sender filter: the groups need the permissions of the actions and notifications
        # apps, which exist only once their own post_migrate has run.
        post_migrate.connect(ensure_reference_data, dispatch_uid="yjtracker_reference_data")


def ensure_reference_data(sender, using="default", **kwargs) -> None:
    """Restore the framework catalogue and role groups if they are missing.

    Migrations load them once; a database flush (``manage.py flush``, or a transactional test)
    empties every table, and post_migrate is how Django lets apps put back what they need.
    Frameworks already present are left untouched, so edits made in the admin survive.
    """
    from django.contrib.auth.models import Group, Permission

    from inspections import models
    from inspections.catalogue import MODEL_NAMES, load_framework, read_catalogue
    from inspections.groups import required_permissions, sync_groups

    if sender.label == "inspections":
        present = set(models.Framework.objects.using(using).values_list("code", flat=True))
        classes = {name: getattr(models, name) for name in MODEL_NAMES}
        for framework in read_catalogue():
            if framework["code"] not in present:
                load_framework(framework, classes)
    needed = required_permissions()
    if Permission.objects.using(using).filter(codename__in={c for _, c in needed}).count() >= len(
        needed
    ):
        sync_groups(Group, Permission)
