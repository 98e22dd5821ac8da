"""The shape of the daily reminder commands (cron): `--date` and `--base-url`, run as the
command in the audit context, report how many e-mails were queued."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting


class ReminderCommand(BaseCommand):
    """Subclasses set `name`, `sent` (what the count is of) and `send`, the function that
    queues the day's e-mails: `send(day, base_url=...) -> int` (as a staticmethod)."""

    name = ""
    sent = "reminder e-mail(s) queued"
    send: Callable[..., int]

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
        with acting(view=f"command:{self.name}"):
            queued = self.send(day, base_url=base_url)
        self.stdout.write(f"{queued} {self.sent}")
