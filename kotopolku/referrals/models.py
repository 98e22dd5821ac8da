"""Referrals of clients to services of the tray, with consent and closed-loop status.

The provider never reads the client register: what it may see (name, contact, language,
interpreter need, the reason written for it) is copied onto the referral when it is made
(`shared`), and every read of a referral goes to the access log with the client's id.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        STARTED = "started", _("Started")
        COMPLETED = "completed", _("Completed")
        DECLINED = "declined", _("Declined")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = frozenset({Status.SENT, Status.ACCEPTED, Status.STARTED})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="referrals"
    )
    # The provider: the service's owner when the referral was made.
    receiver = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    # The side that refers: its unit (for the counsellor's caseload) and the user.
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="referrals_sent")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Outside the authorities the client's consent comes first; between authorities the
    # legal basis is recorded instead. Exactly one of the two is set.
    consent = models.ForeignKey(
        "clients.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    reason = models.TextField(_("reason, written for the provider"), max_length=2000)
    # The minimum data the provider sees, copied when the referral is made:
    # {"name": ..., "phone": ..., "email": ..., "language": ..., "interpreter": bool}
    shared = models.JSONField(default=dict)
    # The plan's service the referral carries out (docs/casework.md, "A plan's services and
    # referrals"): set by "refer now", by a referral made for a service already in the
    # client's plan in force, and when an accepted referral adds its service to that plan.
    planned_service = models.ForeignKey(
        "casework.PlannedService",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SENT)
    status_changed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent__isnull=False) | ~Q(legal_basis=""),
                name="referral_consent_or_basis",
            ),
        ]
        indexes = [
            models.Index(fields=["receiver", "status"], name="referral_receiver_status"),
            models.Index(fields=["unit", "status"], name="referral_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ReferralEvent(models.Model):
    """One step of a referral's history: who set which status, when, and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=Referral.Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.status} {self.at:%Y-%m-%d}"
