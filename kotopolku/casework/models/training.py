"""Integration training as a casework step and its final language test."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.casework.models.assessment import IntegrationLanguage
from kotopolku.clients.models import Client

# The four skills of a level set, in the order forms and pages show them (DOMAIN.md 4.6).
LEVEL_SKILLS = ("listening", "speaking", "reading", "writing")


class IntegrationTraining(models.Model):
    """Integration training as a casework step (kotoutumiskoulutus, DOMAIN.md 1.9): the
    referral, the start, an interruption, the end, and the final language test's result
    (kielitaidon päättötestaus) with a level per skill on the CEFR scale or the Finnish
    sub-levels. The latest result prefills the levels of the next plan review."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="integration_trainings"
    )
    language = models.CharField(
        _("language of the training"),
        max_length=2,
        choices=IntegrationLanguage.choices,
        blank=True,
    )
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"))
    start = models.DateField(_("started"), null=True, blank=True)
    interrupted_on = models.DateField(_("interrupted on"), null=True, blank=True)
    interruption_reason = models.CharField(
        _("reason for the interruption"), max_length=300, blank=True
    )
    end = models.DateField(_("ended"), null=True, blank=True)
    # the final language test (kielitaidon päättötestaus)
    test_on = models.DateField(_("final language test on"), null=True, blank=True)
    level_listening = models.CharField(_("listening"), max_length=5, blank=True)
    level_speaking = models.CharField(_("speaking"), max_length=5, blank=True)
    level_reading = models.CharField(_("reading"), max_length=5, blank=True)
    level_writing = models.CharField(_("writing"), max_length=5, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(start__gte=models.F("referred_on")),
                name="training_start_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="training_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referred_on} {self.provider_name}"

    @property
    def status(self) -> str:
        if self.end is not None:
            return "ended"
        if self.interrupted_on is not None:
            return "interrupted"
        if self.start is not None:
            return "started"
        return "referred"

    @property
    def levels(self) -> dict[str, str]:
        return {skill: getattr(self, f"level_{skill}") for skill in LEVEL_SKILLS}

    @property
    def has_result(self) -> bool:
        return self.test_on is not None and any(self.levels.values())
