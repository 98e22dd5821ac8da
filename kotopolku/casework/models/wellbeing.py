"""The wellbeing county's part on request: the request and the county's contributions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotopolku.casework.models.assessment import Assessment
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Organisation


class WellbeingRequest(models.Model):
    """The request of the municipality or the employment authority that the wellbeing county
    take part in the assessment or the plan (Act 681/2023 ss. 14 and 16, as amended by Act
    1100/2024; the exact paragraph is unverified; DOMAIN.md 0.1 C1). While it is open, the
    county's workers read the client's assessment and plan and write their contributions;
    responsibility for the plan stays with the requester."""

    class LegalBasis(models.TextChoices):
        ASSESSMENT = (
            "681-2023-s14",
            _("Act 681/2023 s. 14: the county takes part in the assessment on request"),
        )
        PLAN = (
            "681-2023-s16",
            _("Act 681/2023 s. 16: the county takes part in the plan and its review on request"),
        )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="wellbeing_requests")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    county = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="wellbeing_requests",
        verbose_name=_("wellbeing services county"),
    )
    invited = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited worker"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    reason = models.TextField(_("why the county's participation is needed"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("requested on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_on"]
        indexes = [models.Index(fields=["county", "closed_on"], name="wellbeing_open")]

    def __str__(self) -> str:
        return f"{self.county} {self.requested_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Contribution(models.Model):
    """A wellbeing-county worker's part of the assessment or the plan, written on request."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        WellbeingRequest, on_delete=models.PROTECT, related_name="contributions"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("contribution"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.author} {self.written_on}"
