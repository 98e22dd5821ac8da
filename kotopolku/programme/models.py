"""The municipal integration programme (kotoutumisohjelma, Act 681/2023 s. 13) and the
document that describes it.

A `Programme` is one version of one municipality's (or several municipalities' joint)
programme document. A new version is a copy of the previous one (`previous`); approving and
publishing move a version through `Status`, and publishing a version supersedes the one
published before it. The document follows the official template (`programme.template`):
parts 1-7, each with A (description of the service), B (responsible parties) and C
(cooperation) answers to the template's questions (`ProgrammeAnswer`), and the responsibility
table (`ResponsibilityRow`). A part links to the tray entries that implement it
(`ProgrammeSection.services`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.catalog.models import ProgrammeElement


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The municipalities the programme covers (one, or several for a joint programme).
    municipalities = models.ManyToManyField(
        "orgs.Municipality", related_name="programmes", verbose_name=_("municipalities")
    )
    # The organisation that coordinates the programme and keeps its document (access: its
    # coordinators edit it).
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("coordinating organisation"),
    )
    # Versions of one programme share `series`; `version` counts from 1.
    series = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The language the document is written in ("fi" or "sv").
    language = models.CharField(_("language of the document"), max_length=5, default="fi")
    title = models.CharField(_("title"), max_length=300, blank=True)
    document_date = models.DateField(_("date of the document"), null=True, blank=True)

    # The template's opening questions.
    coordinator = models.TextField(_("coordinating body"), blank=True)
    contact = models.TextField(
        _("contact for the document"), blank=True, help_text=_("A role title and its contact")
    )
    updated_text = models.TextField(_("prepared or updated"), blank=True)
    preparation = models.TextField(_("how the programme was prepared and communicated"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    approval_process = models.TextField(_("processing and approval of the document"), blank=True)

    # Approval: the body, the date and the reference of its decision.
    approved_by_body = models.CharField(_("approved by"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    # Where the text came from when it was imported (a file name), "" when written here.
    source_name = models.CharField(max_length=300, blank=True, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="programme_version"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review"]) | Q(approved_on__isnull=False),
                name="programme_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"programme {self.id}"


class ProgrammePartner(models.Model):
    """A partner that took part in preparing the programme or its document."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partners")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("partner"), max_length=300)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["programme", "position"]

    def __str__(self) -> str:
        return self.name


class ProgrammeSection(models.Model):
    """One part (1-7) of the document: a mandatory element of s. 13 or "other services"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    element = models.CharField(
        _("programme element"), max_length=30, choices=ProgrammeElement.choices
    )
    title = models.CharField(_("title"), max_length=400)
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="programme_sections", verbose_name=_("services")
    )

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_section_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ProgrammeAnswer(models.Model):
    """An answer to one question of a part: A (description), B (responsible parties) or C
    (cooperation). `question` is the template's key (`programme.template`), or "" for text the
    template has no question for."""

    class Part(models.TextChoices):
        A = "a", _("A. Description of the service")
        B = "b", _("B. Responsible parties")
        C = "c", _("C. Cooperation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    section = models.ForeignKey(ProgrammeSection, on_delete=models.CASCADE, related_name="answers")
    part = models.CharField(max_length=1, choices=Part.choices)
    position = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=60, blank=True, default="")
    question_text = models.TextField(blank=True, default="")
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["section", "part", "position"]

    def __str__(self) -> str:
        return f"{self.section.number}{self.part.upper()} {self.question}"


class ResponsibilityRow(models.Model):
    """A row of the responsibility table: a service and who provides it for jobseekers and for
    the other integration clients."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="responsibility_rows"
    )
    position = models.PositiveSmallIntegerField(default=0)
    element = models.CharField(
        _("programme element"), max_length=30, choices=ProgrammeElement.choices, blank=True
    )
    service = models.CharField(_("service or measure"), max_length=400)
    jobseekers = models.TextField(_("provider for jobseekers"), blank=True)
    others = models.TextField(_("provider for other integration clients"), blank=True)

    class Meta:
        ordering = ["programme", "position"]

    def __str__(self) -> str:
        return self.service
