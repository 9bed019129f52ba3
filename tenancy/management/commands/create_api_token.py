"""``manage.py create_api_token <username> [--rotate]``: print the user's API token."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print the API token of a user (system accounts are users too), creating it if needed. "
        "Running it again prints the same key; --rotate replaces it, so the old key stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Replace the existing key with a new one."
        )

    @transaction.atomic
    def handle(self, *args, username, rotate, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(
                f"No user is called {username!r}. Create the account with its role first: "
                f"manage.py grant_role {username} --service <name> --role <role>"
            ) from None
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
