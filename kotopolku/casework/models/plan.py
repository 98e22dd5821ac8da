"""The integration plan (Act 681/2023 s. 16): its extensions, goals, planned services and
reviews."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.casework.models.assessment import Assessment, CaseKind, IntegrationLanguage
from kotopolku.clients.models import Client, Consent, ResponsibleAuthority
from kotopolku.orgs.models import Organisation, Unit


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class RecordedIn(models.TextChoices):
    KOTOPOLKU = "kotopolku", _("Kept in full in Kotopolku")
    OFFICIAL = "official", _("Official record in the employment services' system")


class Agreement(models.TextChoices):
    SIGNED = "signed", _("Signed on paper")
    E_SIGNED = "e_signed", _("Signed electronically")
    AGREED = "agreed", _("Agreed orally, recorded by the counsellor")


class Plan(models.Model):
    """The integration plan (Act 681/2023 s. 16), the wellbeing county taking part on
    request or not; a plan dated before 1.1.2025 was made under the previous act 1386/2010."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="plans")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(
        _("the wellbeing county's participation"), max_length=20, choices=CaseKind.choices
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    authority = models.CharField(
        _("responsible authority"), max_length=20, choices=ResponsibleAuthority.choices
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    recorded_in = models.CharField(
        _("where the plan is recorded"),
        max_length=10,
        choices=RecordedIn.choices,
        default=RecordedIn.KOTOPOLKU,
    )
    official_reference = models.CharField(
        _("reference to the official record"), max_length=100, blank=True
    )
    client_responsibilities = models.TextField(_("what the client agreed to do"), blank=True)
    # What the client agreed to do, written for the client in the client's languages by the
    # counsellor ("You will ..."; no machine translation): {language code: text}.
    client_responsibilities_texts = models.JSONField(default=dict, blank=True)
    # the content of the plan (Act 681/2023 s. 16; DOMAIN.md 1.7)
    follow_up = models.TextField(_("how the implementation of the plan is followed"), blank=True)
    job_search_obligation = models.TextField(
        _("job-search obligation"),
        blank=True,
        help_text=_(
            "Only for a registered jobseeker: the job-search obligation of the employment "
            "services act 380/2023 that the plan includes."
        ),
    )
    explained_in = models.CharField(_("language the plan was explained in"), max_length=12)
    interpreter_used = models.BooleanField(_("an interpreter took part"), default=False)
    agreement = models.CharField(
        _("how the plan was agreed"), max_length=10, choices=Agreement.choices, blank=True
    )
    agreed_on = models.DateField(
        _("agreed on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the plan was prepared: the six months to direct the client to services count from it."
        ),
    )
    exception_rule = models.CharField(_("exception to rule"), max_length=60, blank=True)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="plan_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(exception_rule="") | ~Q(exception_reason=""),
                name="plan_exception_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start} – {self.end}"


class ExtensionReason(models.TextChoices):
    """The grounds for lengthening the two-year maximum: the organisation's own short list
    (the grounds of the law are unverified, DOMAIN.md 0.1 C5)."""

    FAMILY_LEAVE = "family_leave", _("Family leave")
    ILLNESS = "illness", _("Illness or rehabilitation")
    SERVICE = "service", _("Military or non-military service")
    LITERACY = "literacy", _("Literacy or basic education needs more time")
    OTHER = "other", _("Another weighty reason (explained in the note)")


class PlanExtension(models.Model):
    """A decision to lengthen the client's two-year maximum of integration plans: the reason
    from a short list, the length and who decided (Act 681/2023 s. 16; DOMAIN.md 0.1 C5)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="plan_extensions")
    decided_on = models.DateField(_("decided on"))
    months = models.PositiveSmallIntegerField(_("length (months)"))
    reason = models.CharField(_("reason"), max_length=20, choices=ExtensionReason.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(months__gte=1), name="extension_months_positive"),
        ]

    def __str__(self) -> str:
        return f"+{self.months} {self.decided_on}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    text = models.TextField(_("goal"))
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The goal written for the client in the client's languages by the counsellor ("You
    # will ..."; no machine translation): {language code: text}. The summary shows the text
    # in its language, else `text` marked as not translated.
    client_texts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DIRECTED = "directed", _("Client directed to the service")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


DIRECTED_STATUSES = (ServiceStatus.DIRECTED, ServiceStatus.STARTED, ServiceStatus.COMPLETED)


def plan_in_force(client_id: uuid.UUID, day: datetime.date) -> Plan | None:
    """The client's plan in force on `day` or agreed to start later (status "in force", not
    yet over); the latest start first."""
    return (
        Plan.objects.filter(client_id=client_id, status=PlanStatus.ACTIVE, end__gte=day)
        .order_by("-start")
        .first()
    )


class PlannedService(models.Model):
    """A service agreed in the plan: free text and provider, and the offering tray's entry
    when it was chosen from the tray (entries are archived, never deleted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("service"), max_length=200)
    catalog_service = models.ForeignKey(
        "catalog.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("offering tray entry"),
    )
    provider = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provider"),
    )
    provider_name = models.CharField(_("provider (if not listed)"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.PLANNED
    )
    directed_on = models.DateField(_("directed on"), null=True, blank=True)
    consent = models.ForeignKey(
        Consent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent to disclose"),
    )

    class Meta:
        ordering = ["start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="service_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField(_("review held on"))
    note = models.TextField(_("note"), blank=True)
    # the client's Finnish or Swedish at the review, per skill (prefilled from the latest
    # final language test of integration training)
    levels_language = models.CharField(
        _("language of the levels"), max_length=2, choices=IntegrationLanguage.choices, blank=True
    )
    level_listening = models.CharField(_("listening"), max_length=5, blank=True)
    level_speaking = models.CharField(_("speaking"), max_length=5, blank=True)
    level_reading = models.CharField(_("reading"), max_length=5, blank=True)
    level_writing = models.CharField(_("writing"), max_length=5, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return str(self.held_on)
