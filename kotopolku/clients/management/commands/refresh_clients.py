"""Recompute derived client facts that depend on the date or on the settings (daily;
idempotent): the responsible authority, the integration window's end, and the casework
deadlines (a changed time-limit setting or rule version takes effect here)."""

from typing import Any

from django.core.management.base import BaseCommand

from kotopolku.audit.context import acting
from kotopolku.clients import hooks
from kotopolku.clients.actions import refresh_all


class Command(BaseCommand):
    help = (
        "Update the responsible authority, integration-window end and casework deadlines "
        "of every client for today."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting(view="command:refresh_clients"):
            changed = refresh_all()
            followed = hooks.daily_refresh()
        self.stdout.write("; ".join([f"updated {changed} clients", *followed]))
