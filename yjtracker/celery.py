"""The Celery application; configuration comes from Django settings (``CELERY_*``)."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjtracker.settings")

app = Celery("yjtracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The options of kombu's filesystem transport that name a folder.
FILESYSTEM_BROKER_FOLDERS = (
    "data_folder_in",
    "data_folder_out",
    "processed_folder",
    "control_folder",
)


@app.on_after_configure.connect
def create_folders(sender: Celery, source, **kwargs) -> None:
    """Create the folders the configuration names: the filesystem broker's and beat's schedule's.

    Runs once per process, when Celery first reads its configuration: before a worker consumes,
    beat opens its schedule or a web request sends a task. The settings only name the folders.
    """
    folders = [Path(source.beat_schedule_filename).parent]
    if (source.broker_url or "").startswith("filesystem://"):
        options = source.broker_transport_options
        folders += [Path(options[key]) for key in FILESYSTEM_BROKER_FOLDERS if key in options]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
