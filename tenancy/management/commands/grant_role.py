"""``manage.py grant_role USERNAME --service NAME --role ROLE``: create or update a user's role."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenancy.accounts import find_service, grant_role
from tenancy.choices import ServiceRole


class Command(BaseCommand):
    help = (
        "Create or update a user and give them a role in one youth justice service. "
        "A user has one role per service; granting another role in the same service replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--service", required=True, help="The service's name, as in the admin.")
        parser.add_argument("--role", required=True, choices=ServiceRole.values)
        parser.add_argument("--email", help="Set the user's email address (for reminders).")
        parser.add_argument("--password", help="Set the user's password (else left unchanged).")
        parser.add_argument("--first-name")
        parser.add_argument("--last-name")

    def handle(self, *args, **options):
        try:
            service = find_service(options["service"])
            user = grant_role(
                username=options["username"],
                service=service,
                role=options["role"],
                email=options["email"],
                password=options["password"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        role = ServiceRole(options["role"]).label
        self.stdout.write(self.style.SUCCESS(f"{user.username} is now {role} in {service}."))
