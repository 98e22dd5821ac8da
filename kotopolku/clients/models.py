"""The client register: identity, languages, residence facts, household and counsellor.

Derived values that lists sort and filter on (the integration window's end, the
responsible authority, the current counsellor) are stored on `Client` and kept right by
`clients.actions`, so a caseload of any size is one indexed query.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotopolku.orgs.models import Municipality, Unit


class ImmigrationBasis(models.TextChoices):
    QUOTA_REFUGEE = "quota_refugee", _("Quota refugee")
    INTERNATIONAL_PROTECTION = "international_protection", _("International protection")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection")
    TRAFFICKING_VICTIM = "trafficking_victim", _("Victim of human trafficking")
    WORK = "work", _("Work")
    FAMILY = "family", _("Family")
    STUDY = "study", _("Study")
    EU_REGISTRATION = "eu_registration", _("EU registration")
    NORDIC = "nordic", _("Nordic citizen")
    RETURNEE = "returnee", _("Returnee")
    OTHER = "other", _("Other")


class FirstPermitKind(models.TextChoices):
    RESIDENCE_PERMIT = "residence_permit", _("First residence permit")
    RESIDENCE_CARD = "residence_card", _("Residence card")
    EU_REGISTRATION = "eu_registration", _("Registration of EU residence")
    NORDIC_REGISTRATION = "nordic_registration", _("Registration of Nordic residence")


class NoMunicipalityReason(models.TextChoices):
    # VTJ pseudo-codes: 198 = no municipality of residence in Finland, 199 = unknown.
    NOT_YET = "198", _("No municipality of residence yet (198)")
    TEMPORARY_PROTECTION = (
        "198-tp",
        _("Temporary protection, no municipality of residence yet (198)"),
    )
    UNKNOWN = "199", _("Municipality of residence unknown (199)")


class ResponsibleAuthority(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    EMPLOYMENT_AREA = "employment_area", _("Employment area")


class ClientStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another record")


# Columns the caseload counts and orders by, carried in its indexes on PostgreSQL.
CASELOAD_INCLUDE = (
    "id",
    "municipality",
    "mother_tongue",
    "responsible_authority",
    "last_name",
    "first_name",
    # the state of the earliest open step (`clients.queries.state_expression`: a lapsed right
    # needs the step's kind and the window's end)
    "next_due_kind",
    "integration_window_end",
)
# The unit view groups by the current counsellor too (`clients.queries.unit_groups`).
UNIT_INCLUDE = (*CASELOAD_INCLUDE, "current_counsellor")


# The client's identity codes: the change log keeps them masked with a keyed hash
# (`audit.recorder.mark_identifiers`, registered in ClientsConfig.ready).
IDENTIFIER_FIELDS = ("henkilotunnus", "foreign_id", "unhcr_number")


class Client(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        max_length=10, choices=ClientStatus.choices, default=ClientStatus.ACTIVE
    )

    # identity
    first_name = models.CharField(_("first names"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    henkilotunnus = models.CharField(
        _("personal identity code"), max_length=11, null=True, blank=True, unique=True
    )
    foreign_id = models.CharField(_("foreign personal number"), max_length=64, blank=True)
    unhcr_number = models.CharField(_("UNHCR number"), max_length=64, blank=True)
    internal_number = models.CharField(_("internal number"), max_length=64, blank=True)

    # contact
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)

    # languages (ISO 639 codes)
    mother_tongue = models.CharField(_("mother tongue"), max_length=12)
    service_languages = models.JSONField(_("languages of service"), default=list, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=12, blank=True)

    # residence
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("municipality of residence"),
    )
    municipality_since = models.DateField(_("resident since"), null=True, blank=True)
    no_municipality_reason = models.CharField(
        _("reason for no municipality"),
        max_length=8,
        choices=NoMunicipalityReason.choices,
        blank=True,
    )

    # the event that started the integration window, and the basis of residence
    first_permit_date = models.DateField(
        _("date of the first permit or registration"), null=True, blank=True
    )
    first_permit_kind = models.CharField(
        _("kind of the first permit"),
        max_length=24,
        choices=FirstPermitKind.choices,
        default=FirstPermitKind.RESIDENCE_PERMIT,
    )
    immigration_basis = models.CharField(
        _("basis of residence"), max_length=30, choices=ImmigrationBasis.choices
    )
    unaccompanied_minor = models.BooleanField(_("arrived as an unaccompanied minor"), default=False)
    # who the municipality must offer an assessment (Act 681/2023 s. 14; DOMAIN.md 0.1 C7):
    # the facts beyond the basis of residence (`clients.rules.assessment_duty`)
    protection_family_member = models.BooleanField(
        _("family member of a beneficiary of international protection"), default=False
    )
    social_assistance = models.BooleanField(
        _("receives social assistance other than temporarily"), default=False
    )
    home_care_allowance = models.BooleanField(
        _("receives child home care allowance"), default=False
    )
    assessment_requested_on = models.DateField(
        _("asked for an assessment on"), null=True, blank=True
    )
    assessment_need_noted = models.BooleanField(
        _("found to need an assessment"),
        default=False,
        help_text=_(
            "The counsellor, or another authority's contact (Act 681/2023 s. 9), found that "
            "the person needs an assessment."
        ),
    )

    # responsibility
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="clients", verbose_name=_("responsible unit")
    )
    authority_override = models.CharField(
        _("responsible authority by agreement"),
        max_length=20,
        choices=ResponsibleAuthority.choices,
        blank=True,
        help_text=_(
            "Where the municipality has agreed that the employment area serves non-jobseekers too."
        ),
    )
    authority_override_reason = models.CharField(
        _("reason for the agreement"), max_length=300, blank=True
    )

    # derived, kept by clients.actions
    responsible_authority = models.CharField(
        max_length=20,
        choices=ResponsibleAuthority.choices,
        default=ResponsibleAuthority.MUNICIPALITY,
    )
    integration_window_end = models.DateField(null=True, blank=True)
    # the earliest open casework step (kept by casework.actions.refresh_deadlines)
    next_due = models.DateField(null=True, blank=True)
    next_due_kind = models.CharField(max_length=24, blank=True)
    # a kotoutuja-asiakas not yet offered multilingual civic orientation (Act 681/2023 s. 25;
    # kept by casework.actions.refresh_deadlines with the steps)
    civic_orientation_pending = models.BooleanField(default=False)
    current_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    client_since = models.DateField(
        _("client since"),
        default=timezone.localdate,
        help_text=_("The day the person became a client of the integration service."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["current_counsellor", "status", "next_due"],
                include=CASELOAD_INCLUDE,
                name="client_caseload_due",
            ),
            # covering on PostgreSQL: the unit view's counts and the order of its page come
            # from the index alone (an index-only scan), whatever the unit's size
            models.Index(
                fields=["responsible_unit", "status", "next_due"],
                include=UNIT_INCLUDE,
                name="client_unit_due",
            ),
            models.Index(
                fields=["current_counsellor", "status", "integration_window_end"],
                name="client_caseload",
            ),
            models.Index(
                fields=["responsible_unit", "status", "integration_window_end"],
                name="client_unit_caseload",
            ),
            models.Index(fields=["last_name", "first_name", "birth_date"], name="client_name_dob"),
            models.Index(fields=["municipality", "status"], name="client_municipality"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | ~Q(no_municipality_reason=""),
                name="client_municipality_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def sort_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    def all_ids(self) -> list[uuid.UUID]:
        """This record's id and the ids of every record merged into it (for the log report)."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            found = list(
                Client.objects.filter(merged_into_id__in=frontier).values_list("id", flat=True)
            )
            ids.extend(found)
            frontier = found
        return ids


class JobseekerPeriod(models.Model):
    """A period of registration as a jobseeker with the employment authority."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="jobseeker_periods")
    start = models.DateField(_("registered from"))
    end = models.DateField(_("registered until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="jobseeker_period_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end or ''}"


class CounsellorAssignment(models.Model):
    """Who was the client's own counsellor, and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="counsellor_assignments"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(end__isnull=True), name="one_current_counsellor"
            ),
        ]
        indexes = [
            # the own-counsellor rule's subquery (clients.scopes.own_client_condition): a
            # counsellor's open assignments with their units, read from the index alone
            models.Index(
                fields=["counsellor", "unit", "client"],
                condition=Q(end__isnull=True),
                name="assignment_open_by_counsellor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counsellor} {self.start} – {self.end or ''}"


class Household(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"household {self.pk}"


class HouseholdMember(models.Model):
    """A member of a household: a client of the register, or a person without a record."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="household_links"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    relation = models.CharField(
        _("relation"), max_length=10, choices=Relation.choices, default=Relation.OTHER
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=False) | ~Q(name=""), name="member_client_or_name"
            ),
            models.UniqueConstraint(
                fields=["household", "client"], name="member_once_per_household"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.client)


class ClientMerge(models.Model):
    """The record of two client records found to be one person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kept = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="merges_merged")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500)

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.kept_id}"


class Consent(models.Model):
    """The client's consent to disclose their data to a recipient (e.g. a referral to an NGO)."""

    class Scope(models.TextChoices):
        REFERRAL = "referral", _("Referral to the recipient's service")
        DISCLOSURE = "disclosure", _("Disclosure of the plan and contact details")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    recipient = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="consents_received",
        verbose_name=_("recipient"),
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} → {self.recipient}"

    def valid_on(self, day: Any) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or day < self.withdrawn_on)
