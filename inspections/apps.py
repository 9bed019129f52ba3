from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        post_migrate.connect(ensure_frameworks, sender=self, dispatch_uid="yjtracker_frameworks")


def ensure_frameworks(sender, using="default", **kwargs) -> None:
    """Restore the framework catalogue if it is missing.

    A migration loads it once; a database flush (``manage.py flush``, or a transactional test)
    empties every table, and post_migrate is how Django lets an app put back what it needs.
    Frameworks already present are left untouched, so edits made in the admin survive.
    """
    from inspections import models
    from inspections.catalogue import MODEL_NAMES, load_framework, read_catalogue

    present = set(models.Framework.objects.using(using).values_list("code", flat=True))
    classes = {name: getattr(models, name) for name in MODEL_NAMES}
    for framework in read_catalogue():
        if framework["code"] not in present:
            load_framework(framework, classes)
