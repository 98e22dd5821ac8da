"""The deadlines the rules derive (`casework.rules.deadlines`, kept current by
`casework.actions`) and the reminders sent of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kotopolku.clients.models import Client


class Deadline(models.Model):
    """An open step of a client's casework with its last day, derived by `rules.deadlines`
    and rewritten by `actions.refresh_deadlines` whenever its inputs change. Never typed in."""

    id = models.BigAutoField(primary_key=True)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=24)
    due = models.DateField()
    rule = models.CharField(max_length=60)

    class Meta:
        ordering = ["due", "kind"]
        indexes = [models.Index(fields=["client", "due"], name="deadline_client_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due}"


class ReminderSent(models.Model):
    """One reminder e-mail per user per day (the daily command is idempotent)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    overdue = models.PositiveIntegerField()
    due_soon = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_reminder_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
