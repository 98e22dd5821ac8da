"""Group guidance, civic orientation and Finnish groups: the curriculum, the quarter's courses,
their sessions, enrolments and attendance (docs/courses.md).

A theme's hours (civic orientation) are data of the theme, not a law constant: the decree's
figures are unverified (DOMAIN.md 0.1 C12). The timetable runs (`TimetableRun`) come later.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.core import languages
from kotopolku.core.translated import Text, pick


def validate_language(code: str) -> None:
    if not languages.is_valid_code(code):
        raise ValidationError(_("Unknown language code: %(code)s."), params={"code": code})


class Theme(models.Model):
    """A unit of the curriculum: a group-guidance theme of an integration year, a civic
    orientation unit, or a level of the non-stop Finnish groups."""

    class Kind(models.TextChoices):
        GROUP_GUIDANCE = "group_guidance", _("Group guidance")
        CIVIC_ORIENTATION = "civic_orientation", _("Civic orientation")
        FINNISH_LEVEL = "finnish_level", _("Finnish group")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A stable code from the curriculum data file (the demo loader finds its rows by it).
    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Group guidance: the year of integration the theme serves (1-3); empty for the others.
    integration_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    name = models.JSONField(default=dict, help_text="Translated name: {language code: text}")
    description = models.JSONField(default=dict, blank=True, help_text="Translated description")
    # Civic orientation: the unit's hours, as the organiser configures them (C12: unverified).
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "integration_year", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="group_guidance", integration_year__gte=1, integration_year__lte=3)
                    | (~Q(kind="group_guidance") & Q(integration_year__isnull=True))
                ),
                name="theme_year_only_for_guidance",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0),
                name="theme_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name().value

    def display_name(self, lang: str | None = None) -> Text:
        return pick(self.name, lang)

    def display_description(self, lang: str | None = None) -> Text:
        return pick(self.description, lang)


class Course(models.Model):
    """A theme given in one language in one quarter by one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="courses")
    language = models.CharField(_("language"), max_length=12, validators=[validate_language])
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    organiser = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="courses"
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    # Finnish groups: a level text beyond the theme's own (e.g. "A1.2"); optional.
    level = models.CharField(_("level"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "quarter", "theme__kind", "theme__integration_year", "theme__order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="course_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive"),
        ]
        indexes = [models.Index(fields=["organiser", "year", "quarter"], name="course_org_q")]

    def __str__(self) -> str:
        return f"{self.theme} ({self.language}, {self.year} Q{self.quarter})"

    @property
    def quarter_label(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def language_dir(self) -> str:
        return languages.direction(self.language)


class Session(models.Model):
    """One meeting of a course: time, place, facilitator and interpreter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.ForeignKey(
        "catalog.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Where, when no place of the tray fits (a room, an online link's description).
    place_text = models.CharField(_("place"), max_length=300, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilitated_sessions",
    )
    # The interpreter booked for the session: language, and a role or agency (no real names
    # needed). An empty language: no interpreter.
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=12, blank=True, validators=[validate_language]
    )
    interpreter = models.CharField(_("interpreter"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def has_interpreter(self) -> bool:
        return bool(self.interpreter_language)

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)


class Enrolment(models.Model):
    """A client's place on a course, or on its waiting list (`position` 1 is next)."""

    Status = EnrolmentStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="course_enrolments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=12, choices=EnrolmentStatus.choices)
    position = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "course"],
                condition=Q(status__in=["enrolled", "waitlisted"]),
                name="enrolment_one_active_per_client",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", position__isnull=False)
                | (~Q(status="waitlisted") & Q(position__isnull=True)),
                name="enrolment_position_only_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"], name="enrolment_course_status")]

    def __str__(self) -> str:
        return f"{self.course} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ENROLMENT


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def missed_without_cancelling(self) -> AttendanceQuerySet:
        """Absences without a cancellation in time from sessions with a booked interpreter:
        the cases of the missed-appointment interpreting fee (Act 681/2023 s. 32 a,
        DOMAIN.md 1.1). Whether a fee is charged is the authority's decision."""
        return self.filter(status=Attendance.Status.ABSENT).exclude(
            session__interpreter_language=""
        )


class Attendance(models.Model):
    """Whether an enrolled client came to one session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        ABSENT_CANCELLED = "absent_cancelled", _("Absent, cancelled in time")
        EXCUSED = "excused", _("Excused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.get_status_display()}"

    @property
    def missed_without_cancelling(self) -> bool:
        """Absent without a cancellation in time from a session with an interpreter booked
        (Act 681/2023 s. 32 a; see `AttendanceQuerySet.missed_without_cancelling`)."""
        return self.status == self.Status.ABSENT and self.session.has_interpreter


# --- Timetable runs (issue 16 items 3 and 7) ------------------------------------------------


QUARTER_CODE = r"^20[0-9]{2}Q[1-4]$"


class TimetableRun(models.Model):
    """One solve of a quarter's timetable for an organising organisation (a regional centre):
    queued, running (with progress), then finished, stopped or failed (docs/courses.md,
    "Timetable runs"). At most one queued or running run per quarter and organisation."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        STOPPED = "stopped", _("Stopped")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    ACTIVE = ("queued", "running")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    quarter = models.CharField(
        _("quarter"),
        max_length=6,
        validators=[RegexValidator(QUARTER_CODE, _("A quarter is written like 2027Q1."))],
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="timetable_runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    time_limit = models.PositiveIntegerField(default=60, help_text="seconds")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stop_requested = models.BooleanField(default=False)
    # {"objective", "bound", "elapsed", "solutions", "phase", "updated_at"}
    progress = models.JSONField(default=dict, blank=True)
    # {"status", "sessions": [...], "unplaced": [...], "objective", "bound", "breakdown",
    #  "weights", ...}: see courses.runs.result_json
    result = models.JSONField(default=dict, blank=True)
    # {"from_run": id or null, "keys": [session keys], "pins": [engine pins]}
    pins = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the courses a publish made (replaced by a later publish while nobody is enrolled)
    courses = models.ManyToManyField(Course, blank=True, related_name="timetable_runs")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "organisation"],
                condition=Q(status__in=["queued", "running"]),
                name="timetable_run_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.get_status_display()}"

    @property
    def year_quarter(self) -> tuple[int, int]:
        return int(self.quarter[:4]), int(self.quarter[5])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
