"""Remove audit rows older than their retention time (idempotent; run daily from cron)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.retention import purge_older_than


class Command(BaseCommand):
    help = "Remove access- and change-log rows older than KOTOPOLKU_AUDIT_RETENTION_DAYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS)

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 2 * 365:
            raise CommandError("--days: the access log must be kept at least two years (730 days)")
        removed = purge_older_than(days)
        for table, count in removed.items():
            self.stdout.write(f"{table}: removed {count}")
