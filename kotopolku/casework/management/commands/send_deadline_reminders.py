"""`kotopolku send_deadline_reminders [--date YYYY-MM-DD]`: the daily reminder e-mails (cron).

Idempotent per day: a second run on the same day queues nothing.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting
from kotopolku.casework.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Queue one e-mail per counsellor with overdue or soon-due casework steps "
        "(counts and a link only; once a day)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to remind of, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--base-url",
            default=None,
            help="the service's address for the link (default: settings.BASE_URL or the "
            "first allowed host)",
        )

    def handle(self, *args: Any, date: str | None, base_url: str | None, **options: Any) -> None:
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError("--date: expected YYYY-MM-DD") from exc
        with acting(view="command:send_deadline_reminders"):
            queued = send_reminders(day, base_url=base_url)
        self.stdout.write(f"{queued} reminder e-mail(s) queued")
