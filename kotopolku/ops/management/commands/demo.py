"""`kotopolku demo [--port P]`: migrate, load the demo data (idempotent), print the logins, serve."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting
from kotopolku.ops.demo import load_all


class Command(BaseCommand):
    help = "Set up and serve the demo (demo mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")

    def handle(self, *args: Any, port: int, host: str, no_serve: bool, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("KOTOPOLKU_MODE must be 'demo' to load demo data and logins")
        self.stdout.write("Migrating the database ...")
        call_command("migrate", interactive=False, verbosity=0)

        def progress(step: str) -> None:
            self.stdout.write(f"Loading the demo data: {step} ...")
            self.stdout.flush()

        with acting(view="command:demo"):
            logins = load_all(progress)
        self.stdout.write(self.style.SUCCESS("Kotopolku demo is ready."))
        self.stdout.write(f"Password for every demo login: {settings.DEMO_PASSWORD}")
        for login in logins:
            self.stdout.write(f"  {login.username:<22} {login.role}")
        if no_serve:
            return
        self.stdout.write(f"Serving http://{host}:{port}/ (Ctrl+C stops)")
        call_command(
            "runserver", f"{host}:{port}", use_reloader=False, use_threading=True, skip_checks=True
        )
