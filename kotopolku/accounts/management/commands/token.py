"""Print a new API token for a user (administrators' use)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.accounts.actions import do_create_token
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DEFAULT_DAYS)
        parser.add_argument("--read-only", action="store_true")

    def handle(
        self, *args: Any, username: str, name: str, days: int, read_only: bool, **options: Any
    ) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"username: no active user {username!r}")
        if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
            raise CommandError(f"--days: must be between 1 and {settings.API_TOKEN_MAX_DAYS}")
        with acting(view="command:token"):
            _token, text = do_create_token(
                user, name=name, days=days, read_only=read_only, acting_user=user
            )
        self.stdout.write(text)
