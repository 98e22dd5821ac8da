"""The offering tray (kotoutumistarjotin): the services and activities of every actor.

A `Service` is one entry of the tray: a service of an authority, an NGO's activity, or an
authority's role described as an entry of its own (`kind = authority_role`, as the Red Cross
seed's tray does). Texts are translated JSON values (`core.translated`). The search index
(`SearchTerm`) and the filter facets (`ServiceFacet`) are derived rows, rewritten by
`catalog.search.index.index_service` whenever an entry changes; nothing else writes them.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotopolku.core.translated import Text, pick

# The translated text fields of an entry, in the order forms and exports show them.
TEXT_FIELDS = (
    "name",
    "summary",
    "description",
    "how_to_join",
    "what_to_bring",
    "cost_text",
    "schedule_text",
)
# What the imports keep besides (issue 14: nothing a source says is dropped silently). Shown
# on the entry and in the API's `texts`/`source_details`; the forms do not edit them yet.
SOURCE_TEXT_FIELDS = ("alternate_name", "requirements", "contact_notes")
SOURCE_PLAIN_FIELDS = (
    "keywords",
    "links",
    "minimum_age",
    "maximum_age",
    "assured_on",
    "contact_phone_extension",
)


class ProgrammeElement(models.TextChoices):
    """The element of the municipal integration programme (Act 681/2023 s. 13)."""

    ASSESSMENT = "assessment", _("Assessment of integration needs")
    PLAN = "plan", _("Integration plan")
    CIVIC_ORIENTATION = "civic_orientation", _("Civic orientation")
    INTEGRATION_TRAINING = "integration_training", _("Integration training")
    LANGUAGE_WORK = "language_work", _("Other language, literacy and work-life services")
    GUIDANCE = "guidance", _("Guidance and counselling")
    OTHER = "other", _("Other integration-promoting services")


class TrayCategory(models.TextChoices):
    """The three columns of the Red Cross tray (plus the authorities' own column)."""

    EARLY = "early", _("Early-integration activities")
    DOERS = "doers", _("Immigrants taking part as doers")
    OPEN = "open", _("Activities open to everyone")
    AUTHORITY = "authority", _("Authorities' roles")


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    ADULTS = "adults", _("Adults")
    YOUTH = "youth", _("Young people")
    CHILDREN = "children", _("Children")
    FAMILIES = "families", _("Families")
    WOMEN = "women", _("Women")
    SENIORS = "seniors", _("Older people")
    JOBSEEKERS = "jobseekers", _("Jobseekers")
    STUDENTS = "students", _("Students")
    PARENTS_AT_HOME = "parents_at_home", _("Parents at home")
    LITERACY = "literacy", _("Literacy learners")
    QUOTA_REFUGEES = "quota_refugees", _("Quota refugees")
    ASYLUM_SEEKERS = "asylum_seekers", _("Asylum seekers")
    ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs")


class ScheduleKind(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    RECURRING = "recurring", _("Recurring")
    APPOINTMENT = "appointment", _("By appointment")
    DROP_IN = "drop_in", _("Drop-in")


class Place(models.Model):
    """Where a service is given: an address with accessibility notes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="places")
    name = models.JSONField(default=dict, help_text="Translated name: {language code: text}")
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    municipality_code = models.CharField(_("municipality"), max_length=3, blank=True)
    accessibility = models.JSONField(
        default=dict, blank=True, help_text="Translated accessibility notes"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # The street line in other languages ({"sv": "Stationsvägen 5"}), as bilingual sources give it.
    street_translations = models.JSONField(default=dict, blank=True)
    # Places outside Finland keep their country (ISO 3166-1 alpha-2) and state or province.
    country = models.CharField(_("country"), max_length=2, default="FI")
    state_province = models.CharField(_("state or province"), max_length=100, blank=True)
    # The source's id of the location (with the entry's source), so that a location shared by
    # several entries stays one place across imports and languages.
    source = models.CharField(max_length=20, blank=True, default="")
    external_id = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["street_address"]
        indexes = [models.Index(fields=["source", "external_id"], name="place_source_id")]

    def __str__(self) -> str:
        return str(self.display_name()) or self.street_address

    def display_name(self, lang: str | None = None) -> Text:
        return pick(self.name, lang)


class ServiceQuerySet(models.QuerySet["Service"]):
    def published(self) -> ServiceQuerySet:
        return self.filter(status=Service.Status.PUBLISHED)

    def published_entry(self, raw: object) -> Service | None:
        """The published entry with the id `raw` (a UUID or its text), else None."""
        try:
            pk = uuid.UUID(str(raw))
        except ValueError:
            return None
        return self.published().select_related("owner").filter(pk=pk).first()


class Service(models.Model):
    """One entry of the tray: a service, an activity, or an authority's role."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service or activity")
        AUTHORITY_ROLE = "authority_role", _("An authority's role")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("provider"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    # Where the entry came from: "" for entries made here; "hsds", "helsinki", "ptv" for imports.
    source = models.CharField(max_length=20, blank=True, default="")
    external_id = models.CharField(_("external id"), max_length=200, blank=True, default="")
    # An imported entry changed here since its last import: the next import keeps the local
    # version (and reports it) unless told to overwrite (`catalog.exchange.writer`).
    edited_since_import = models.BooleanField(default=False)

    # Translated texts ({language code: text}); `name` needs at least one language.
    name = models.JSONField(_("name"), default=dict)
    summary = models.JSONField(_("short description"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    how_to_join = models.JSONField(_("how to take part"), default=dict, blank=True)
    # What a participant brings (documents, things): shown on the client's plan summary.
    what_to_bring = models.JSONField(_("what to bring"), default=dict, blank=True)
    cost_text = models.JSONField(_("cost"), default=dict, blank=True)
    schedule_text = models.JSONField(_("schedule"), default=dict, blank=True)

    programme_element = models.CharField(
        _("programme element"),
        max_length=30,
        choices=ProgrammeElement.choices,
        default=ProgrammeElement.OTHER,
    )
    tray_category = models.CharField(
        _("tray category"), max_length=20, choices=TrayCategory.choices, default=TrayCategory.OPEN
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    languages = models.JSONField(
        _("languages of service"), default=list, blank=True, help_text="Language codes"
    )
    municipality_codes = models.JSONField(
        _("municipalities served"), default=list, blank=True, help_text="3-digit codes"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="services")

    schedule_kind = models.CharField(
        _("schedule"), max_length=20, choices=ScheduleKind.choices, default=ScheduleKind.APPOINTMENT
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    price_eur = models.DecimalField(
        _("price (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    contact_role = models.CharField(_("contact (role title)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    url = models.URLField(_("web page"), max_length=500, blank=True)

    # Kept from the sources (SOURCE_TEXT_FIELDS, SOURCE_PLAIN_FIELDS).
    alternate_name = models.JSONField(_("other names"), default=dict, blank=True)
    requirements = models.JSONField(_("requirements and eligibility"), default=dict, blank=True)
    contact_notes = models.JSONField(_("notes on contacting"), default=dict, blank=True)
    keywords = models.JSONField(default=dict, blank=True, help_text="{language: [keyword]}")
    links = models.JSONField(
        default=list, blank=True, help_text="Further web addresses: [{url, name: {lang: text}}]"
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_on = models.DateField(_("information assured on"), null=True, blank=True)
    contact_phone_extension = models.CharField(max_length=10, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The last time the owner confirmed the entry is current (the review flag counts from it).
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    # BM25 document length of the indexed text (terms), written by catalog.search.index.
    search_length = models.PositiveIntegerField(default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="service_external_id_per_source",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="catalog_service_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"], name="service_owner_status")]

    def __str__(self) -> str:
        return str(self.display_name())

    def display_name(self, lang: str | None = None) -> Text:
        return pick(self.name, lang)

    def text(self, field: str, lang: str | None = None) -> Text:
        value: Any = getattr(self, field)
        return pick(value, lang)


class ServiceTime(models.Model):
    """When a service is open or meets: weekly (weekday set) or on one date."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="times")
    weekday = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 = Monday … 6 = Sunday; empty for a one-off date"
    )
    date = models.DateField(null=True, blank=True)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    # A weekly time that holds only for a period (HSDS schedule valid_from / valid_to).
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__isnull=False) | Q(date__isnull=False),
                name="service_time_weekday_or_date",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="service_time_in_order"
            ),
        ]

    def __str__(self) -> str:
        day = self.date.isoformat() if self.date else f"weekday {self.weekday}"
        return f"{day} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class ProviderRecord(models.Model):
    """A source's id of a provider organisation and what the source says about it that
    `orgs.Organisation` has no field for. The next import (another language of the same
    catalogue, or the same file again) finds the same organisation by (source, id)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="source_records"
    )
    source = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200)
    description = models.JSONField(default=dict, blank=True, help_text="{language: text}")
    alternate_name = models.JSONField(default=dict, blank=True, help_text="{language: text}")
    legal_status = models.CharField(max_length=200, blank=True)
    # [{"scheme": "FI-YT", "type": "Y-tunnus", "identifier": "0201256-6"}, ...]
    identifiers = models.JSONField(default=list, blank=True)
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["source", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="provider_record_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class ServiceRevision(models.Model):
    """A proposed change to a published entry, waiting for the coordinator's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="revisions")
    data = models.JSONField(help_text="The proposed field values, as the form cleaned them")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="pending"),
                name="one_pending_revision_per_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.status})"


class Wish(models.Model):
    """The tray's column for wishes and ideas (Toiveita/ajatuksia), per region workshop."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="tray_wishes"
    )
    text = models.CharField(_("wish or idea"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "wishes"

    def __str__(self) -> str:
        return self.text


class SearchTerm(models.Model):
    """One analysed term of one entry, with its BM25 term frequency (weighted by field) and
    the entry's BM25 length (a copy of `Service.search_length`, so that scores are summed
    from this table alone, by an index-only scan of the (term, service, weight, length)
    index, before the matching entries are read).

    Derived rows, millions of them: no database foreign-key constraint (its check per row
    would dominate a bulk index), the ORM still deletes them with their entry, and the
    search joins every row to its entry, so a stray row is never shown. The primary key
    (service, term) also serves the deletes by entry: no row id, no separate index."""

    pk = models.CompositePrimaryKey("service_id", "term")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    term = models.CharField(max_length=64)
    weight = models.FloatField()
    length = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["term", "service", "weight", "length"], name="searchterm_term_service"
            )
        ]

    def __str__(self) -> str:
        return self.term


class ServiceFacet(models.Model):
    """A filter value of an entry (municipality, language, target group, ...).

    The status, kind and provider are facets too, so that the ranked search filters its
    candidates from this table's index without reading every matching entry (the entries of
    the page are then checked against their own columns as well)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "m"
        LANGUAGE = "l"
        TARGET_GROUP = "t"
        CATEGORY = "c"
        ELEMENT = "e"
        STATUS = "s"
        KIND = "k"
        OWNER = "o"

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    kind = models.CharField(max_length=1, choices=Kind.choices)
    value = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["kind", "value", "service"], name="facet_kind_value")]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"
