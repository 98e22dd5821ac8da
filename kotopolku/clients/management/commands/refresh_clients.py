"""Recompute derived client facts that depend on the date (daily; idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from kotopolku.audit.context import acting
from kotopolku.clients.actions import refresh_all


class Command(BaseCommand):
    help = "Update the responsible authority and integration-window end of every client for today."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting(view="command:refresh_clients"):
            changed = refresh_all()
        self.stdout.write(f"updated {changed} clients")
