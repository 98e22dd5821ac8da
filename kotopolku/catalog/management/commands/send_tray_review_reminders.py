"""`kotopolku send_tray_review_reminders [--date YYYY-MM-DD]`: the daily review reminders.

Idempotent per owner organisation and day: a second run on the same day queues nothing.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting
from kotopolku.catalog.review import send_review_reminders


class Command(BaseCommand):
    help = (
        "Queue one e-mail per tray editor of each organisation whose entries are due for "
        "review (counts and a link only; once a day per organisation)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day, YYYY-MM-DD (default: today)")
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
        with acting(view="command:send_tray_review_reminders"):
            queued = send_review_reminders(day, base_url=base_url)
        self.stdout.write(f"{queued} review reminder e-mail(s) queued")
