"""Casework: the assessment, the integration plan, guidance contacts, hand-overs and the
deadlines the rules derive from them (`casework.rules`, kept current by `casework.actions`).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.clients.models import Client, Consent, ResponsibleAuthority
from kotopolku.orgs.models import Organisation, Unit


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


class ContactTopic(models.Model):
    """The managed list of guidance topics (translated names; kept by administrators)."""

    code = models.SlugField(max_length=40, primary_key=True)
    name = models.JSONField(default=dict)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    APPOINTMENT = "appointment", _("Appointment")
    PHONE = "phone", _("Phone")
    REMOTE = "remote", _("Remote (video)")


class Contact(models.Model):
    """A guidance and counselling contact (ohjaus ja neuvonta); without a client for an
    anonymous walk-in visit, counted but not identified."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=12)
    interpreter_used = models.BooleanField(_("an interpreter took part"), default=False)
    # interpreting (Act 681/2023 s. 14: the authority arranges interpretation): needed but
    # not used is warned of on the client page
    interpreter_needed = models.BooleanField(_("an interpreter was needed"), default=False)
    topics = models.JSONField(_("topics"), default=list)
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    note = models.TextField(_("short note"), blank=True)
    visitors = models.PositiveSmallIntegerField(_("number of visitors"), default=1)
    # the missed-appointment rule (s. 32 a)
    interpreter_booked = models.BooleanField(_("an interpreter was booked"), default=False)
    missed = models.BooleanField(_("the client did not come"), default=False)
    cancelled = models.BooleanField(_("the client cancelled in time"), default=False)
    fee_charged = models.BooleanField(
        _("a missed-appointment fee is charged"),
        default=False,
        help_text=_(
            "Act 681/2023 s. 32 a: only for an appointment with a booked interpreter that the "
            "client neither attended nor cancelled in time."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        indexes = [models.Index(fields=["unit", "day"], name="contact_unit_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel}"


class CivicOrientationTaken(models.TextChoices):
    UNKNOWN = "", _("Not known yet")
    TAKEN = "taken", _("Took part")
    DECLINED = "declined", _("Did not take part")


class CivicOrientationOffer(models.Model):
    """Multilingual civic orientation offered to a kotoutuja-asiakas (Act 681/2023 s. 25):
    when, in which language, and whether the client took part. The groups themselves are the
    courses' matter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="civic_orientation_offers"
    )
    offered_on = models.DateField(_("offered on"))
    language = models.CharField(_("language of the orientation"), max_length=12)
    taken = models.CharField(
        _("did the client take part"),
        max_length=10,
        choices=CivicOrientationTaken.choices,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.offered_on} {self.language}"


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
