"""Regions, municipalities (official codes, dated), organisations, units and memberships."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotopolku.core.translated import Text, pick


class Region(models.Model):
    """A region (maakunta) of Statistics Finland's classification, 2-digit code."""

    code = models.CharField(max_length=2, unique=True)
    name_fi = models.CharField(max_length=100)
    name_sv = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_fi

    def name(self, lang: str | None = None) -> Text:
        return pick({"fi": self.name_fi, "sv": self.name_sv}, lang)


class WellbeingCounty(models.Model):
    """A wellbeing services county (hyvinvointialue); 90 = Helsinki, 91 = Åland."""

    code = models.CharField(max_length=2, unique=True)
    name_fi = models.CharField(max_length=100)
    name_sv = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "wellbeing counties"

    def __str__(self) -> str:
        return self.name_fi

    def name(self, lang: str | None = None) -> Text:
        return pick({"fi": self.name_fi, "sv": self.name_sv}, lang)


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def valid_on(self, day: datetime.date | None = None) -> MunicipalityQuerySet:
        """Keep the code versions valid on `day` (default: today)."""
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Municipality(models.Model):
    """One version of a municipality code. A merger ends a version and starts a new one."""

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish-speaking")
        SWEDISH = "sv", _("Swedish-speaking")
        BILINGUAL = "bilingual", _("bilingual")

    code = models.CharField(max_length=3, db_index=True)
    name_fi = models.CharField(max_length=100)
    name_sv = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    wellbeing_county = models.ForeignKey(
        WellbeingCounty, on_delete=models.PROTECT, related_name="municipalities"
    )
    language = models.CharField(max_length=10, choices=Language.choices)
    language_majority = models.CharField(max_length=2)
    is_aland = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_fi"]
        verbose_name_plural = "municipalities"
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="municipality_code_version"
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_three_digits"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_fi} ({self.code})"

    @property
    def audit_value(self) -> str:
        """How the change log names this municipality: its official code."""
        return self.code

    def name(self, lang: str | None = None) -> Text:
        return pick({"fi": self.name_fi, "sv": self.name_sv}, lang)


class Organisation(models.Model):
    """An actor of integration work: a municipal service, an employment area, an NGO, ..."""

    class Kind(models.TextChoices):
        MUNICIPAL_SERVICE = "municipal_service", _("Municipal integration service")
        REGIONAL_CENTRE = "regional_centre", _("Regional integration centre")
        EMPLOYMENT_AREA = "employment_area", _("Employment area")
        WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
        NGO = "ngo", _("Non-governmental organisation")
        EDUCATION_PROVIDER = "education_provider", _("Education provider")
        PARISH = "parish", _("Parish")
        STATE_AGENCY = "state_agency", _("State agency")
        RECEPTION_CENTRE = "reception_centre", _("Reception centre")
        COMPANY = "company", _("Company")

    AUTHORITY_KINDS = frozenset(
        {
            Kind.MUNICIPAL_SERVICE,
            Kind.REGIONAL_CENTRE,
            Kind.EMPLOYMENT_AREA,
            Kind.WELLBEING_COUNTY,
            Kind.STATE_AGENCY,
        }
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    name = models.JSONField(default=dict, help_text="Translated name: {language code: text}")
    business_id = models.CharField(max_length=9, blank=True, help_text="Y-tunnus, e.g. 0123456-7")
    serves = models.ManyToManyField(Municipality, related_name="organisations", blank=True)
    wellbeing_county = models.ForeignKey(
        WellbeingCounty, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class PlanRecord(models.TextChoices):
        FULL = "full", _("Plans are kept in full in Kotopolku")
        REFERENCE = (
            "reference",
            _("Kotopolku keeps key dates, goals and a reference to the official record"),
        )

    plan_record = models.CharField(
        max_length=10,
        choices=PlanRecord.choices,
        default=PlanRecord.FULL,
        help_text=_("Employment areas: where jobseekers' assessments and plans are recorded."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.display_name())

    def display_name(self, lang: str | None = None) -> Text:
        return pick(self.name, lang)

    @property
    def is_authority(self) -> bool:
        return self.kind in self.AUTHORITY_KINDS


class Unit(models.Model):
    """A team inside an organisation; units may nest (a manager of a unit manages its children)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    slug = models.SlugField(max_length=80)
    name = models.JSONField(default=dict)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["organisation__slug", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unit_slug_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.display_name()}"

    def display_name(self, lang: str | None = None) -> Text:
        return pick(self.name, lang)


class Role(models.TextChoices):
    """The roles a membership gives inside one unit."""

    COUNSELLOR = "counsellor", _("Counsellor")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    COORDINATOR = "coordinator", _("Coordinator")
    EMPLOYMENT_WORKER = "employment_worker", _("Employment-area worker")
    WELLBEING_WORKER = "wellbeing_worker", _("Wellbeing-county worker")
    NGO_PARTNER = "ngo_partner", _("NGO partner")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, day: datetime.date | None = None) -> MembershipQuerySet:
        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            unit__is_active=True,
            unit__organisation__is_active=True,
        )


class Membership(models.Model):
    """A user's role in a unit, for a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    # Act 681/2023 s. 14: the initial interview of the assessment is done by a public official.
    is_public_official = models.BooleanField(
        default=False,
        help_text=_("Holds a public office (virkasuhde); may do the initial assessment interview."),
    )
    valid_from = models.DateField(default=timezone.localdate)
    valid_to = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__organisation__slug", "unit__slug", "role"]
        # No unique constraint on (user, unit, role, start): an ended or cancelled role may be
        # given again from the same day; MembershipForm refuses overlapping periods.

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def is_current_or_future(self, today: datetime.date) -> bool:
        """Not ended and not cancelled (a cancelled one ends before it starts)."""
        if self.valid_to is None:
            return True
        return self.valid_to >= today and self.valid_to >= self.valid_from

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
