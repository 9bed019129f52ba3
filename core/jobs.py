"""The periodic jobs, run by beat or once by hand (``manage.py run_job <name>``).

The registry is ``settings.CELERY_BEAT_SCHEDULE``: each entry's name is the job's name, and
``run_job`` starts exactly the task, arguments and keyword arguments beat would start. To add a
job, add one commented entry there (``"name": {"task": "app.tasks.verb_noun_task", ...}``) and the
task in ``<app>/tasks.py``.

Run by hand, every task the job queues (event dispatch, email delivery) runs inline, so the
command returns when the job and all the work it spawned are done.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from celery import current_app as app
from celery.schedules import crontab
from django.conf import settings


@dataclass(frozen=True)
class Job:
    """One periodic job: its name, its task, when beat runs it."""

    name: str
    task: str
    schedule: str
    args: tuple = ()
    kwargs: dict | None = None

    @property
    def registered(self) -> bool:
        return self.task in app.tasks

    @property
    def summary(self) -> str:
        if not self.registered:
            return "(task not registered)"
        doc = (app.tasks[self.task].__doc__ or "").strip()
        paragraph = " ".join(doc.split("\n\n")[0].split())
        return paragraph.split(". ")[0].rstrip(".") + "." if paragraph else ""


def describe(schedule) -> str:
    """A beat schedule as an operator reads it: ``every 60 s`` or a cron line."""
    if isinstance(schedule, crontab):
        fields = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
        return "cron " + " ".join(str(getattr(schedule, f"_orig_{field}")) for field in fields)
    seconds = schedule.total_seconds() if hasattr(schedule, "total_seconds") else schedule
    return f"every {float(seconds):g} s"


def periodic_jobs() -> dict[str, Job]:
    """Every job in the beat schedule, by name."""
    app.loader.import_default_modules()
    return {
        name: Job(
            name=name,
            task=entry["task"],
            schedule=describe(entry["schedule"]),
            args=tuple(entry.get("args", ())),
            kwargs=entry.get("kwargs"),
        )
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }


@contextmanager
def tasks_inline() -> Iterator[None]:
    """Run every task queued inside the block at once, in this process (Celery's eager mode)."""
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved


def run_job(name: str):
    """Run job ``name`` once, in the foreground, as beat would start it; return its result."""
    job = periodic_jobs()[name]
    with tasks_inline():
        return app.tasks[job.task].apply(args=job.args, kwargs=job.kwargs or {}).get()
