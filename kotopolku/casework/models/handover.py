"""Hand-overs of a client between units."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.clients.models import Client, ResponsibleAuthority


class HandOverStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the receiving side")
    ACCEPTED = "accepted", _("Taken over")
    SUPERSEDED = "superseded", _("Superseded by a later change")


class HandOver(models.Model):
    """A change of the responsible authority: a task for the receiving side."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="hand_overs")
    from_authority = models.CharField(max_length=20, choices=ResponsibleAuthority.choices)
    to_authority = models.CharField(max_length=20, choices=ResponsibleAuthority.choices)
    on = models.DateField(_("date"))
    status = models.CharField(
        max_length=10, choices=HandOverStatus.choices, default=HandOverStatus.OPEN
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_on = models.DateField(null=True, blank=True)
    note = models.TextField(_("note for the receiving side"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-created_at"]
        indexes = [
            models.Index(fields=["status"], condition=Q(status="open"), name="hand_over_open"),
        ]

    def __str__(self) -> str:
        return f"{self.from_authority} -> {self.to_authority} {self.on}"
