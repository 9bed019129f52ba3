"""``manage.py load_demo_data``: the demonstration services, and the logins to try them with."""

from django.core.management.base import BaseCommand

from demo.loader import DEMO_NOTE, DEMO_PASSWORD, load_demo_data
from tenancy.choices import ServiceRole


class Command(BaseCommand):
    help = (
        f"Load the demo services (Medway 2020, Blackpool 2021): {DEMO_NOTE}. "
        "Safe to run again: nothing is duplicated, and demo passwords are reset."
    )

    def handle(self, *args, **options):
        logins = load_demo_data()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({DEMO_NOTE})."))
        self.stdout.write(
            "Demo logins, one per role and service (every demo person has this password):"
        )
        for login in logins:
            role = ServiceRole(login.role).label
            self.stdout.write(
                f"  {login.username:<16} {DEMO_PASSWORD:<16} {role:<16} {login.service}"
                f" – {login.job_title}"
            )
