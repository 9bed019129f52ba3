"""``manage.py run_job <name>``: run one periodic job now, in the foreground; ``--list`` them."""

from django.core.management.base import BaseCommand, CommandError

from core.jobs import periodic_jobs, run_job


class Command(BaseCommand):
    help = (
        "Run one periodic job (as beat would start it) and wait until it and the work it "
        "queues are done. --list shows the jobs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", nargs="?", help="The job, as named in the beat schedule.")
        parser.add_argument(
            "--list", action="store_true", dest="list_jobs", help="List the periodic jobs."
        )

    def handle(self, *args, name=None, list_jobs=False, **options) -> None:
        jobs = periodic_jobs()
        if list_jobs or not name:
            width = max(len(name) for name in jobs)
            for job in jobs.values():
                self.stdout.write(f"{job.name:<{width}}  {job.schedule:<22}  {job.summary}")
            return
        if name not in jobs:
            raise CommandError(f"Unknown job {name!r}; choose from: {', '.join(jobs)}.")
        if not jobs[name].registered:
            raise CommandError(f"Job {name!r} runs {jobs[name].task}, which does not exist yet.")
        result = run_job(name)
        self.stdout.write(self.style.SUCCESS(f"{name}: {result}"))
