"""The initial assessment (Act 681/2023 s. 14) and the language levels recorded in it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.clients.models import Client
from kotopolku.orgs.models import Unit


class CaseKind(models.TextChoices):
    """Whether the wellbeing county takes part. Not a legal kind of assessment or plan: the
    "multi-professional" assessment and plan (ss. 15 and 17) were repealed by Act 1100/2024
    before the act came into force; the county takes part at the request of the municipality
    or the employment authority, which keep the responsibility (DOMAIN.md 0.1 C1)."""

    BASIC = "basic", _("Without the wellbeing county")
    COUNTY_ON_REQUEST = "county_on_request", _("The wellbeing county takes part on request")


# Values stored before the correction of December 2026 (data migration 0006 rewrote the
# records; the change log keeps the old values, which are read through this table).
LEGACY_VALUES = {
    "multiprofessional": CaseKind.COUNTY_ON_REQUEST,
    "681-2023-s15": "681-2023-s16",
}


class Literacy(models.TextChoices):
    UNKNOWN = "", _("Not assessed")
    NONE = "none", _("Cannot read or write")
    PARTIAL = "partial", _("Reads and writes a little")
    FLUENT = "fluent", _("Reads and writes fluently")


class DigitalSkills(models.TextChoices):
    UNKNOWN = "", _("Not assessed")
    NONE = "none", _("No digital skills")
    BASIC = "basic", _("Basic (phone, messages)")
    INDEPENDENT = "independent", _("Uses e-services independently")


class Need(models.TextChoices):
    """The service needs an assessment finds (issue 15): a small controlled list, with the
    assessment's free text (`recommended_services`) beside it. What each need looks for in
    the offering tray is one table, `casework.needs.NEED_TRAY` (docs/catalog.md)."""

    LANGUAGE = "language", _("Language learning at the client's level")
    LITERACY = "literacy", _("Literacy")
    WORK_STUDIES = "work_studies", _("Work and studies")
    HEALTH = "health", _("Health and wellbeing")
    FAMILY = "family", _("Family and children")
    HOUSING = "housing", _("Housing")
    EVERYDAY = "everyday", _("Everyday life and civic skills")
    SOCIAL = "social", _("Social networks")
    OTHER = "other", _("Other")


class IntegrationLanguage(models.TextChoices):
    """The national language the client integrates in and studies (s. 14)."""

    UNCHOSEN = "", _("Not chosen yet")
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")


class Assessment(models.Model):
    """The assessment of competence and integration service needs (Act 681/2023 s. 14)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(
        _("the wellbeing county's participation"), max_length=20, choices=CaseKind.choices
    )
    started = models.DateField(_("started"))
    completed = models.DateField(_("completed"), null=True, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("initial interview by"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    interview_language = models.CharField(_("language of the interview"), max_length=12)
    interpreter_used = models.BooleanField(_("an interpreter took part"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=12, blank=True)
    other_participants = models.CharField(_("others who took part"), max_length=300, blank=True)
    # competences and life situation
    education = models.TextField(_("education"), blank=True)
    work_history = models.TextField(_("work history"), blank=True)
    literacy_mother_tongue = models.CharField(
        _("literacy in the mother tongue"), max_length=10, choices=Literacy.choices, blank=True
    )
    literacy_latin = models.CharField(
        _("literacy in the Latin alphabet"), max_length=10, choices=Literacy.choices, blank=True
    )
    digital_skills = models.CharField(
        _("digital skills"), max_length=12, choices=DigitalSkills.choices, blank=True
    )
    family_situation = models.TextField(_("family situation"), blank=True)
    childcare_needed = models.BooleanField(_("needs childcare to take part"), default=False)
    health_social_needs = models.BooleanField(
        _("has social or health needs"),
        default=False,
        help_text=_("The wellbeing county can be asked to take part."),
    )
    # the content of the assessment (Act 681/2023 s. 14; DOMAIN.md 1.6)
    learning_skills = models.TextField(_("learning and study skills"), blank=True)
    special_skills = models.TextField(_("special skills and strengths"), blank=True)
    integration_language = models.CharField(
        _("integration language (Finnish or Swedish)"),
        max_length=2,
        choices=IntegrationLanguage.choices,
        blank=True,
    )
    county_needs = models.TextField(
        _("preliminary social and health needs noted for the wellbeing county"),
        blank=True,
        help_text=_(
            "What the wellbeing county should know if it is asked to take part; only what "
            "the work needs."
        ),
    )
    goals = models.TextField(_("the client's goals"), blank=True)
    # `Need` codes, in the order of the list (a JSON list: the same on SQLite and PostgreSQL)
    needs = models.JSONField(_("service needs"), default=list, blank=True)
    recommended_services = models.TextField(_("recommended services"), blank=True)
    plan_needed = models.BooleanField(_("an integration plan is needed"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed__isnull=True) | Q(completed__gte=models.F("started")),
                name="assessment_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started}"


# Language levels (DOMAIN.md 4.6): the CEFR levels, the Finnish national scale's sub-levels
# (kielitaidon tasojen kuvausasteikko, used by integration training) and "0", no skill yet.
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
FINNISH_SUBLEVELS = ("A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "B1.1", "B1.2", "B2.1", "B2.2", "C1.1")
LANGUAGE_LEVELS = ("0", *CEFR_LEVELS, *FINNISH_SUBLEVELS)


def level_rank(level: str) -> tuple[int, int]:
    """Where a level sits from the lowest to the highest: a CEFR level just before its own
    sub-levels (A1, A1.1, A1.2, A1.3, A2, A2.1, ..., C1, C1.1, C2); "0" first."""
    if level == "0":
        return (-1, 0)
    main, _dot, sub = level.partition(".")
    return (CEFR_LEVELS.index(main), int(sub) if sub else 0)


# Every level in that order: how the pickers offer them (issue 15).
LEVELS_IN_ORDER = tuple(sorted(LANGUAGE_LEVELS, key=level_rank))


class LanguageSkill(models.TextChoices):
    READING = "reading", _("Reading")
    LISTENING = "listening", _("Listening")
    WRITING = "writing", _("Writing")
    SPEAKING = "speaking", _("Speaking")


class LevelSource(models.TextChoices):
    SELF_REPORT = "self_report", _("The client's own estimate")
    ASSESSMENT = "assessment", _("Assessed by the counsellor or a test")
    FINAL_TEST = "final_test", _("Final language test of integration training")
    YKI = "yki", _("YKI certificate")


class LanguageLevel(models.Model):
    """One skill in one language on the CEFR scale or the Finnish national sub-levels."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="language_levels"
    )
    language = models.CharField(_("language"), max_length=12)
    skill = models.CharField(_("skill"), max_length=10, choices=LanguageSkill.choices)
    level = models.CharField(_("level"), max_length=5)  # A1 .. C2, A1.1 .. C1.1, or "0"
    source = models.CharField(
        _("source"), max_length=12, choices=LevelSource.choices, default=LevelSource.ASSESSMENT
    )
    measured_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["language", "skill"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "language", "skill"], name="one_level_per_skill"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.skill} {self.level}"
