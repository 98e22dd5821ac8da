"""One client's casework as a documented, versioned JSON document (docs/casework-export.md).

The document is the seam for connectors to the national Koto client system and the
employment services' system, whose interfaces are not open yet. `export_client` writes
every assessment, plan and guidance contact of a client, in an order that depends only on
their content, so export → import → export gives the same document apart from ids and
timestamps. `import_document` checks the whole document first, then writes it through
`casework.actions` in one transaction: the rules of law are checked and every change is
logged, and a refusal anywhere leaves nothing written.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions, rules
from kotopolku.casework.actions import InvalidError, RuleException, RuleViolationError
from kotopolku.casework.models import (
    LANGUAGE_LEVELS,
    Agreement,
    Assessment,
    CaseKind,
    Channel,
    Contact,
    DigitalSkills,
    GoalStatus,
    LanguageSkill,
    LevelSource,
    Literacy,
    Plan,
    PlannedService,
    PlanStatus,
    RecordedIn,
    Review,
    ServiceStatus,
)
from kotopolku.clients.models import Client, Consent, ImmigrationBasis, ResponsibleAuthority
from kotopolku.core import languages
from kotopolku.orgs.models import Organisation, Unit

SCHEMA_ID = "https://kotopolku.fi/schemas/casework-export/v1"
VERSION = 1

SMALL_INT_MAX = 32767  # PositiveSmallIntegerField
COUNT_KEYS = (
    "assessments",
    "language_levels",
    "plans",
    "goals",
    "services",
    "reviews",
    "contacts",
)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


class DocumentError(ValueError):
    """The document was refused: messages by JSON path (`plans[0].end`). Nothing was written."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


# --- Field specifications ---------------------------------------------------------------------
# The plain fields of each record, in the order the document lists them. Export and import
# share these tables, so what is written is what is read back.


@dataclass(frozen=True)
class Spec:
    kind: str  # text | bool | date | choice | language | integer
    required: bool = False
    nonblank: bool = False
    nullable: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = SMALL_INT_MAX


def _text(max_length: int | None = None, *, required: bool = False) -> Spec:
    return Spec("text", required=required, nonblank=required, max_length=max_length)


def _choice(values: Iterable[str], *, required: bool = False) -> Spec:
    return Spec("choice", required=required, choices=tuple(values))


def _language(*, required: bool = False) -> Spec:
    return Spec("language", required=required, nonblank=required, max_length=12)


def _date(*, required: bool = False) -> Spec:
    return Spec("date", required=required, nullable=not required)


BOOL = Spec("bool")

ASSESSMENT_SPEC: dict[str, Spec] = {
    "kind": _choice(CaseKind.values, required=True),
    "started": _date(required=True),
    "completed": _date(),
    "interview_language": _language(required=True),
    "interpreter_used": BOOL,
    "interpreter_language": _language(),
    "other_participants": _text(300),
    "education": _text(),
    "work_history": _text(),
    "literacy_mother_tongue": _choice(Literacy.values),
    "literacy_latin": _choice(Literacy.values),
    "digital_skills": _choice(DigitalSkills.values),
    "family_situation": _text(),
    "childcare_needed": BOOL,
    "health_social_needs": BOOL,
    "goals": _text(),
    "recommended_services": _text(),
    "plan_needed": BOOL,
}
LEVEL_SPEC: dict[str, Spec] = {
    "language": _language(required=True),
    "skill": _choice(LanguageSkill.values, required=True),
    "level": _choice(LANGUAGE_LEVELS, required=True),
    "source": _choice(LevelSource.values),
    "measured_on": _date(),
}
PLAN_SPEC: dict[str, Spec] = {
    "kind": _choice(CaseKind.values, required=True),
    "start": _date(required=True),
    "end": _date(required=True),
    "status": _choice(PlanStatus.values),
    "authority": _choice(ResponsibleAuthority.values),
    "recorded_in": _choice(RecordedIn.values),
    "official_reference": _text(100),
    "client_responsibilities": _text(),
    "explained_in": Spec("language", nonblank=True, max_length=12),
    "interpreter_used": BOOL,
    "agreement": _choice(["", *Agreement.values]),
    "agreed_on": _date(),
}
GOAL_SPEC: dict[str, Spec] = {
    "text": _text(required=True),
    "status": _choice(GoalStatus.values),
    "position": Spec("integer"),
}
SERVICE_SPEC: dict[str, Spec] = {
    "name": _text(200, required=True),
    "provider_name": _text(200),
    "start": _date(),
    "end": _date(),
    "status": _choice(ServiceStatus.values),
    "directed_on": _date(),
}
REVIEW_SPEC: dict[str, Spec] = {
    "held_on": _date(required=True),
    "note": _text(),
}
CONTACT_SPEC: dict[str, Spec] = {
    "day": _date(required=True),
    "channel": _choice(Channel.values, required=True),
    "language": _language(required=True),
    "interpreter_used": BOOL,
    "minutes": Spec("integer", nullable=True),
    "note": _text(),
    "visitors": Spec("integer", minimum=1),
    "interpreter_booked": BOOL,
    "missed": BOOL,
    "cancelled": BOOL,
}
# The informational "client" member: checked for shape only, never applied.
CLIENT_SPEC: dict[str, Spec] = {
    "birth_date": _date(),
    "first_permit_date": _date(),
    "immigration_basis": Spec("choice", nullable=True, choices=tuple(ImmigrationBasis.values)),
    "responsible_authority": Spec(
        "choice", nullable=True, choices=tuple(ResponsibleAuthority.values)
    ),
}

# Members that only describe where a record came from; the import records them anew (the
# importing user, now) and the change log says so.
PROVENANCE = ("id", "created_by", "created_at")


# --- Export ------------------------------------------------------------------------------------


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _timestamp(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat()


def _plain(instance: Any, specs: Mapping[str, Spec]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        value = getattr(instance, name)
        values[name] = _iso(value) if spec.kind == "date" else value
    return values


def _username(user: User | None) -> str | None:
    return user.username if user is not None else None


def _unit(unit: Unit) -> dict[str, Any]:
    return {
        "id": str(unit.pk),
        "organisation": unit.organisation.slug,
        "slug": unit.slug,
        "name": dict(unit.name),
    }


def _without(value: Any, names: frozenset[str]) -> Any:
    if isinstance(value, Mapping):
        return {k: _without(v, names) for k, v in value.items() if k not in names}
    if isinstance(value, list):
        return [_without(v, names) for v in value]
    return value


_VOLATILE = frozenset({"id", "created_at", "assessment_id"})


def _content_key(item: Mapping[str, Any]) -> str:
    """A sort key from a record's content alone (not its id or creation time)."""
    return json.dumps(_without(item, _VOLATILE), sort_keys=True, ensure_ascii=False)


def _sorted(items: list[dict[str, Any]], *first: str) -> list[dict[str, Any]]:
    """Order records by the named members (None first), then by their content."""

    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        return (*((item[n] is not None, item[n] or "") for n in first), _content_key(item))

    return sorted(items, key=key)


def _export_consent(consent: Consent | None) -> dict[str, Any] | None:
    if consent is None:
        return None
    return {
        "id": str(consent.pk),
        "scope": consent.scope,
        "recipient": consent.recipient.slug,
        "given_on": _iso(consent.given_on),
        "withdrawn_on": _iso(consent.withdrawn_on),
    }


def _export_assessment(a: Assessment) -> dict[str, Any]:
    return {
        "id": str(a.pk),
        **_plain(a, ASSESSMENT_SPEC),
        "interviewer": _username(a.interviewer),
        "unit": _unit(a.unit),
        "language_levels": _sorted(
            [_plain(lv, LEVEL_SPEC) for lv in a.language_levels.all()], "language", "skill"
        ),
        "created_by": _username(a.created_by),
        "created_at": _timestamp(a.created_at),
    }


def _export_plan(p: Plan) -> dict[str, Any]:
    exception = (
        {"rule": p.exception_rule, "reason": p.exception_reason} if p.exception_rule else None
    )
    services = [
        {
            "name": s.name,
            "provider": s.provider.slug if s.provider is not None else None,
            **{k: v for k, v in _plain(s, SERVICE_SPEC).items() if k != "name"},
            "consent": _export_consent(s.consent),
        }
        for s in p.services.all()
    ]
    reviews = [{**_plain(r, REVIEW_SPEC), "by": _username(r.by)} for r in p.reviews.all()]
    goals = sorted(
        (_plain(g, GOAL_SPEC) for g in p.goals.all()),
        key=lambda g: (g["position"], _content_key(g)),
    )
    return {
        "id": str(p.pk),
        "assessment_id": str(p.assessment_id) if p.assessment_id else None,
        **_plain(p, PLAN_SPEC),
        "exception": exception,
        "unit": _unit(p.unit),
        "goals": goals,
        "services": _sorted(services, "start"),
        "reviews": _sorted(reviews, "held_on"),
        "created_by": _username(p.created_by),
        "created_at": _timestamp(p.created_at),
    }


def _export_contact(c: Contact) -> dict[str, Any]:
    return {
        "id": str(c.pk),
        **_plain(c, CONTACT_SPEC),
        "topics": list(c.topics or []),
        "unit": _unit(c.unit),
        "recorded_by": _username(c.recorded_by),
        "created_at": _timestamp(c.created_at),
    }


def export_client(client: Client, *, purpose: str = "casework export") -> dict[str, Any]:
    """Return the client's casework as a version 1 document; log the read as an export."""
    assessments = list(
        client.assessments.select_related(
            "interviewer", "created_by", "unit__organisation"
        ).prefetch_related("language_levels")
    )
    plans = list(
        client.plans.select_related("created_by", "unit__organisation").prefetch_related(
            "goals",
            Prefetch(
                "services",
                queryset=PlannedService.objects.select_related("provider", "consent__recipient"),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("by")),
        )
    )
    contacts = list(client.contacts.select_related("recorded_by", "unit__organisation"))
    municipality = client.municipality
    document: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "version": VERSION,
        "exported_at": _timestamp(timezone.now()),
        "client": {
            "id": str(client.pk),
            "henkilotunnus": client.henkilotunnus,
            "birth_date": _iso(client.birth_date),
            "first_name": client.first_name,
            "last_name": client.last_name,
            "mother_tongue": client.mother_tongue,
            "municipality": municipality.code if municipality is not None else None,
            "first_permit_date": _iso(client.first_permit_date),
            "immigration_basis": client.immigration_basis,
            "responsible_authority": client.responsible_authority,
        },
        "assessments": _sorted([_export_assessment(a) for a in assessments], "started"),
        "plans": _sorted([_export_plan(p) for p in plans], "start"),
        "contacts": _sorted([_export_contact(c) for c in contacts], "day"),
    }
    kind, owner = AccessEvent.Kind.EXPORT, client.pk
    record_read("client", [client.pk], kind=kind, purpose=purpose)
    for subject, rows in (("assessment", assessments), ("plan", plans), ("contact", contacts)):
        if rows:
            ids = [row.pk for row in rows]
            record_read(subject, ids, kind=kind, client_ids=[owner] * len(ids), purpose=purpose)
    return document


# --- Reading a document ------------------------------------------------------------------------


def _join(path: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


class _Reader:
    """Collects every problem of a document by path; resolves names against the database."""

    def __init__(self, client: Client, allowed_units: set[Any] | None = None) -> None:
        self.client = client
        self.allowed_units = allowed_units  # the importer's own units (None: any)
        self.errors: dict[str, list[str]] = {}
        self._users: dict[str, User | None] = {}
        self._units: dict[tuple[str, str], Unit | None] = {}
        self._orgs: dict[str, Organisation | None] = {}
        self._consents: list[Consent] | None = None

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    # shapes

    def mapping(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, "Expected an object.")
            return None
        return value

    def array(self, data: Mapping[str, Any], name: str, path: str) -> list[Any]:
        where = _join(path, name)
        value = data.get(name, [])
        if not isinstance(value, list):
            self.add(where, "Expected an array.")
            return []
        return value

    def known(self, data: Mapping[str, Any], members: Iterable[str], path: str) -> None:
        allowed = set(members)
        for name in data:
            if name not in allowed:
                self.add(
                    _join(path, name),
                    f"Unknown member: version {VERSION} documents do not have it.",
                )

    def fields(
        self, data: Mapping[str, Any], specs: Mapping[str, Spec], path: str
    ) -> dict[str, Any]:
        """The given plain fields, checked; an absent optional field keeps its default."""
        values: dict[str, Any] = {}
        for name, spec in specs.items():
            where = _join(path, name)
            if name not in data:
                if spec.required:
                    self.add(where, "Required.")
                continue
            ok, value = self.value(data[name], spec, where)
            if ok:
                values[name] = value
        return values

    def value(self, value: Any, spec: Spec, path: str) -> tuple[bool, Any]:
        if value is None:
            if spec.nullable:
                return True, None
            self.add(path, "Required." if spec.required else "May not be null.")
            return False, None
        if spec.kind == "bool":
            if not isinstance(value, bool):
                self.add(path, "Expected true or false.")
                return False, None
            return True, value
        if spec.kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                self.add(path, "Expected a whole number.")
                return False, None
            if not spec.minimum <= value <= spec.maximum:
                self.add(path, f"Expected a number from {spec.minimum} to {spec.maximum}.")
                return False, None
            return True, value
        if spec.kind == "date":
            return self.date(value, path)
        if not isinstance(value, str):
            self.add(path, "Expected a string.")
            return False, None
        if spec.kind == "choice":
            if value not in spec.choices:
                shown = ", ".join(f"“{c}”" for c in spec.choices)
                self.add(path, f"Unknown value “{value}”: expected one of {shown}.")
                return False, None
            return True, value
        if spec.nonblank and not value.strip():
            self.add(path, "Required.")
            return False, None
        if spec.max_length is not None and len(value) > spec.max_length:
            self.add(path, f"At most {spec.max_length} characters.")
            return False, None
        if spec.kind == "language" and value and not languages.is_valid_code(value):
            self.add(path, f"“{value}” is not a known ISO 639 language code.")
            return False, None
        return True, value

    def date(self, value: Any, path: str) -> tuple[bool, datetime.date | None]:
        try:
            if not isinstance(value, str) or not _DATE_RE.match(value):
                raise ValueError(value)
            return True, datetime.date.fromisoformat(value)
        except ValueError:
            self.add(path, "Enter a date as YYYY-MM-DD.")
            return False, None

    def timestamp(self, data: Mapping[str, Any], name: str, path: str) -> None:
        value = data.get(name)
        if value is None:
            return
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            datetime.datetime.fromisoformat(value)
        except ValueError:
            self.add(_join(path, name), "Enter a date and time in ISO 8601.")

    def optional_string(self, data: Mapping[str, Any], name: str, path: str) -> str | None:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            self.add(_join(path, name), "Expected a string or null.")
            return None
        return value

    def dates_in_order(
        self, values: Mapping[str, Any], first: str, second: str, path: str, message: str
    ) -> None:
        a, b = values.get(first), values.get(second)
        if a is not None and b is not None and b < a:
            self.add(_join(path, second), message)

    # names

    def user(self, data: Mapping[str, Any], name: str, path: str) -> User | None:
        username = self.optional_string(data, name, path)
        if not username:
            return None
        if username not in self._users:
            self._users[username] = User.objects.filter(username=username).first()
        found = self._users[username]
        if found is None:
            self.add(_join(path, name), f"No user “{username}” in this Kotopolku.")
        return found

    def organisation(self, slug: str, path: str) -> Organisation | None:
        if slug not in self._orgs:
            self._orgs[slug] = Organisation.objects.filter(slug=slug).first()
        found = self._orgs[slug]
        if found is None:
            self.add(path, f"No organisation “{slug}” in this Kotopolku.")
        return found

    def unit(self, data: Mapping[str, Any], path: str) -> Unit | None:
        """The record's unit by organisation and unit slug (the id is informational)."""
        where = _join(path, "unit")
        value = data.get("unit")
        if value is None:
            return None
        unit = self.mapping(value, where)
        if unit is None:
            return None
        self.known(unit, ("id", "organisation", "slug", "name"), where)
        org, slug = unit.get("organisation"), unit.get("slug")
        bad = False
        for name, given in (("organisation", org), ("slug", slug)):
            if not isinstance(given, str) or not _SLUG_RE.match(given):
                self.add(_join(where, name), "Expected a slug.")
                bad = True
        if bad:
            return None
        assert isinstance(org, str) and isinstance(slug, str)
        if (org, slug) not in self._units:
            self._units[(org, slug)] = (
                Unit.objects.select_related("organisation")
                .filter(organisation__slug=org, slug=slug)
                .first()
            )
        found = self._units[(org, slug)]
        if found is None:
            self.add(where, f"No unit “{slug}” of organisation “{org}” in this Kotopolku.")
        elif self.allowed_units is not None and found.pk not in self.allowed_units:
            self.add(where, "Not one of your units: records are imported into your own units.")
            return None
        return found

    def consent(self, value: Any, path: str) -> tuple[bool, Consent | None]:
        """The client's consent the record refers to: by id, else by scope, recipient and day."""
        if value is None:
            return True, None
        data = self.mapping(value, path)
        if data is None:
            return False, None
        self.known(data, ("id", "scope", "recipient", "given_on", "withdrawn_on"), path)
        before = len(self.errors)
        consent_id = self.optional_string(data, "id", path)
        scope = self.fields(data, {"scope": _choice(Consent.Scope.values, required=True)}, path)
        dates = self.fields(data, {"given_on": _date(required=True), "withdrawn_on": _date()}, path)
        recipient_slug = data.get("recipient")
        if not isinstance(recipient_slug, str) or not recipient_slug:
            self.add(_join(path, "recipient"), "Required.")
            return False, None
        recipient = self.organisation(recipient_slug, _join(path, "recipient"))
        if len(self.errors) > before or recipient is None:
            return False, None
        if self._consents is None:
            self._consents = list(self.client.consents.select_related("recipient"))
        match = next((c for c in self._consents if str(c.pk) == consent_id), None)
        if match is None:
            match = next(
                (
                    c
                    for c in self._consents
                    if c.scope == scope["scope"]
                    and c.recipient_id == recipient.pk
                    and c.given_on == dates["given_on"]
                ),
                None,
            )
        if match is None:
            self.add(
                path,
                "The client has no such consent (scope, recipient and day given): record "
                "the consent first.",
            )
            return False, None
        return True, match


@dataclass
class _AssessmentIn:
    path: str
    doc_id: str | None
    values: dict[str, Any]
    unit: Unit | None
    levels: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class _ServiceIn:
    path: str
    values: dict[str, Any]


@dataclass
class _PlanIn:
    path: str
    doc_id: str | None
    values: dict[str, Any]
    unit: Unit | None
    exception: RuleException | None
    assessment_ref: str | None
    goals: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    services: list[_ServiceIn] = field(default_factory=list)
    reviews: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class _ContactIn:
    path: str
    values: dict[str, Any]
    unit: Unit | None


@dataclass
class _Parsed:
    assessments: list[_AssessmentIn] = field(default_factory=list)
    plans: list[_PlanIn] = field(default_factory=list)
    contacts: list[_ContactIn] = field(default_factory=list)


def _record_id(
    r: _Reader, data: Mapping[str, Any], path: str, seen: set[str], existing: set[str]
) -> str | None:
    doc_id = r.optional_string(data, "id", path)
    if doc_id is None:
        return None
    if doc_id in seen:
        r.add(_join(path, "id"), "Another record of the document has the same id.")
    elif doc_id in existing:
        r.add(
            _join(path, "id"),
            "This record is already recorded for the client: a document is imported once.",
        )
    seen.add(doc_id)
    return doc_id


def _read_assessment(
    r: _Reader, data: dict[str, Any], path: str, seen: set[str], existing: set[str]
) -> _AssessmentIn:
    r.known(
        data,
        (*ASSESSMENT_SPEC, *PROVENANCE, "interviewer", "unit", "language_levels"),
        path,
    )
    doc_id = _record_id(r, data, path, seen, existing)
    values = r.fields(data, ASSESSMENT_SPEC, path)
    r.dates_in_order(values, "started", "completed", path, "This date is before the start date.")
    interviewer = r.user(data, "interviewer", path)
    if interviewer is not None:
        values["interviewer"] = interviewer
    r.optional_string(data, "created_by", path)
    r.timestamp(data, "created_at", path)
    found = _AssessmentIn(path, doc_id, values, r.unit(data, path))
    pairs: set[tuple[str, str]] = set()
    for index, item in enumerate(r.array(data, "language_levels", path)):
        where = _join(_join(path, "language_levels"), index)
        level = r.mapping(item, where)
        if level is None:
            continue
        r.known(level, LEVEL_SPEC, where)
        level_values = r.fields(level, LEVEL_SPEC, where)
        pair = (level_values.get("language", ""), level_values.get("skill", ""))
        if all(pair) and pair in pairs:
            r.add(where, "A second level for the same language and skill.")
        pairs.add(pair)
        found.levels.append((where, level_values))
    return found


def _read_plan(
    r: _Reader,
    data: dict[str, Any],
    path: str,
    seen: set[str],
    existing: set[str],
    assessment_ids: set[str],
) -> _PlanIn:
    r.known(
        data,
        (
            *PLAN_SPEC,
            *PROVENANCE,
            "assessment_id",
            "exception",
            "unit",
            "goals",
            "services",
            "reviews",
        ),
        path,
    )
    doc_id = _record_id(r, data, path, seen, existing)
    values = r.fields(data, PLAN_SPEC, path)
    r.dates_in_order(values, "start", "end", path, "The end is before the start.")
    authority = values.pop("authority", None)
    if authority is not None and authority != r.client.responsible_authority:
        # The actions record a plan under the client's current responsible authority.
        r.add(
            _join(path, "authority"),
            f"The plan was made by the {authority.replace('_', ' ')}; the client's "
            f"responsible authority is now the "
            f"{r.client.responsible_authority.replace('_', ' ')}. A plan is imported only "
            "under the authority responsible for the client.",
        )
    ref = r.optional_string(data, "assessment_id", path)
    if ref is not None and ref not in assessment_ids:
        r.add(_join(path, "assessment_id"), "No assessment of the document has this id.")
    exception: RuleException | None = None
    raw_exception = data.get("exception")
    if raw_exception is not None:
        where = _join(path, "exception")
        exc = r.mapping(raw_exception, where)
        if exc is not None:
            r.known(exc, ("rule", "reason"), where)
            parts = r.fields(
                exc, {"rule": _text(60, required=True), "reason": _text(required=True)}, where
            )
            if "rule" in parts and parts["rule"] not in rules.EXCEPTION_ALLOWED:
                allowed = ", ".join(sorted(rules.EXCEPTION_ALLOWED))
                r.add(_join(where, "rule"), f"This rule allows no exception (allowed: {allowed}).")
            elif "rule" in parts and "reason" in parts:
                exception = RuleException(parts["rule"], parts["reason"])
    r.optional_string(data, "created_by", path)
    r.timestamp(data, "created_at", path)
    found = _PlanIn(path, doc_id, values, r.unit(data, path), exception, ref)

    for index, item in enumerate(r.array(data, "goals", path)):
        where = _join(_join(path, "goals"), index)
        goal = r.mapping(item, where)
        if goal is not None:
            r.known(goal, GOAL_SPEC, where)
            found.goals.append((where, {"position": index} | r.fields(goal, GOAL_SPEC, where)))

    for index, item in enumerate(r.array(data, "services", path)):
        where = _join(_join(path, "services"), index)
        service = r.mapping(item, where)
        if service is None:
            continue
        r.known(service, (*SERVICE_SPEC, "provider", "consent"), where)
        service_values = r.fields(service, SERVICE_SPEC, where)
        r.dates_in_order(service_values, "start", "end", where, "The end is before the start.")
        provider: Organisation | None = None
        slug = service.get("provider")
        if slug is not None:
            if not isinstance(slug, str) or not _SLUG_RE.match(slug):
                r.add(_join(where, "provider"), "Expected an organisation slug or null.")
            else:
                provider = r.organisation(slug, _join(where, "provider"))
        ok, consent = r.consent(service.get("consent"), _join(where, "consent"))
        service_values["provider"] = provider
        if ok:
            service_values["consent"] = consent
        found.services.append(_ServiceIn(where, service_values))

    for index, item in enumerate(r.array(data, "reviews", path)):
        where = _join(_join(path, "reviews"), index)
        review = r.mapping(item, where)
        if review is None:
            continue
        r.known(review, (*REVIEW_SPEC, "by"), where)
        review_values = r.fields(review, REVIEW_SPEC, where)
        r.optional_string(review, "by", where)
        held_on, start = review_values.get("held_on"), values.get("start")
        if held_on is not None and start is not None and held_on < start:
            r.add(_join(where, "held_on"), "The review is before the plan starts.")
        found.reviews.append((where, review_values))
    return found


def _read_contact(
    r: _Reader, data: dict[str, Any], path: str, seen: set[str], existing: set[str]
) -> _ContactIn:
    r.known(data, (*CONTACT_SPEC, *PROVENANCE, "topics", "unit", "recorded_by"), path)
    _record_id(r, data, path, seen, existing)
    values = r.fields(data, CONTACT_SPEC, path)
    if "topics" in data:
        topics = data["topics"]
        if not isinstance(topics, list) or not all(
            isinstance(t, str) and _SLUG_RE.match(t) and len(t) <= 40 for t in topics
        ):
            r.add(_join(path, "topics"), "Expected an array of topic codes.")
        elif len(set(topics)) != len(topics):
            r.add(_join(path, "topics"), "A topic is listed twice.")
        else:
            values["topics"] = list(topics)
    r.optional_string(data, "recorded_by", path)
    r.timestamp(data, "created_at", path)
    return _ContactIn(path, values, r.unit(data, path))


TOP_LEVEL = ("schema", "version", "exported_at", "client", "assessments", "plans", "contacts")
CLIENT_MEMBERS = (
    "id",
    "henkilotunnus",
    "birth_date",
    "first_name",
    "last_name",
    "mother_tongue",
    "municipality",
    "first_permit_date",
    "immigration_basis",
    "responsible_authority",
)


def _read(client: Client, document: Any, allowed_units: set[Any] | None = None) -> _Parsed:
    """Check the whole document; raise DocumentError with every problem found."""
    r = _Reader(client, allowed_units)
    top = r.mapping(document, "$")
    if top is None:
        raise DocumentError(r.errors)
    if "schema" not in top:
        r.add("schema", "Required.")
    elif top["schema"] != SCHEMA_ID:
        r.add("schema", f"Expected “{SCHEMA_ID}”.")
    version = top.get("version")
    if "version" not in top:
        r.add("version", "Required.")
    elif isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        r.add(
            "version",
            f"Unknown version {version!r}: this Kotopolku reads version {VERSION} only.",
        )
    if r.errors:  # another schema or version: its members may mean something else
        raise DocumentError(r.errors)
    r.known(top, TOP_LEVEL, "")
    r.timestamp(top, "exported_at", "")
    if top.get("client") is not None:
        # Informational: who the document was exported from. Not applied.
        info = r.mapping(top["client"], "client")
        if info is not None:
            r.known(info, CLIENT_MEMBERS, "client")
            r.fields(info, CLIENT_SPEC, "client")
            for name in (
                "id",
                "henkilotunnus",
                "first_name",
                "last_name",
                "mother_tongue",
                "municipality",
            ):
                r.optional_string(info, name, "client")

    parsed = _Parsed()
    seen: set[str] = set()
    existing = {
        str(pk)
        for qs in (client.assessments.all(), client.plans.all(), client.contacts.all())
        for pk in qs.values_list("pk", flat=True)
    }
    for index, item in enumerate(r.array(top, "assessments", "")):
        path = _join("assessments", index)
        data = r.mapping(item, path)
        if data is not None:
            parsed.assessments.append(_read_assessment(r, data, path, seen, existing))
    assessment_ids = {a.doc_id for a in parsed.assessments if a.doc_id is not None}
    for index, item in enumerate(r.array(top, "plans", "")):
        path = _join("plans", index)
        data = r.mapping(item, path)
        if data is not None:
            parsed.plans.append(_read_plan(r, data, path, seen, existing, assessment_ids))
    for index, item in enumerate(r.array(top, "contacts", "")):
        path = _join("contacts", index)
        data = r.mapping(item, path)
        if data is not None:
            parsed.contacts.append(_read_contact(r, data, path, seen, existing))
    if r.errors:
        raise DocumentError(r.errors)
    return parsed


# --- Import ------------------------------------------------------------------------------------


def _refusal(errors: dict[str, list[str]], path: str, exc: Exception) -> None:
    """File an action's refusal under the document's path of the record."""
    if isinstance(exc, RuleViolationError):
        for violation in exc.violations:
            text = f"{violation.message} (rule {violation.rule.id})"
            for name in violation.fields or ("",):
                errors.setdefault(_join(path, name) if name else path, []).append(text)
    elif isinstance(exc, InvalidError):
        for name, messages in exc.errors.items():
            errors.setdefault(_join(path, name), []).extend(messages)


def _by_date(items: list[Any], name: str) -> list[Any]:
    # Records are written in date order, so each rule sees the client's earlier records.
    return sorted(items, key=lambda item: item.values[name])


def _apply(
    client: Client, parsed: _Parsed, *, acting_user: User, unit: Unit
) -> tuple[dict[str, int], dict[str, list[str]]]:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    errors: dict[str, list[str]] = {}
    made: dict[str, Assessment] = {}
    failed: set[str] = set()
    for a in _by_date(parsed.assessments, "started"):
        try:
            assessment = actions.do_create_assessment(
                client, a.values, unit=a.unit or unit, acting_user=acting_user
            )
        except (InvalidError, RuleViolationError) as exc:
            _refusal(errors, a.path, exc)
            if a.doc_id is not None:
                failed.add(a.doc_id)
            continue
        counts["assessments"] += 1
        if a.doc_id is not None:
            made[a.doc_id] = assessment
        for _path, level in a.levels:
            actions.do_set_language_level(assessment, level, acting_user=acting_user)
            counts["language_levels"] += 1

    for p in _by_date(parsed.plans, "start"):
        # The rules of a plan depend on the client's earlier plans: after one is missing,
        # checking the later ones would report refusals that are not theirs.
        if p.assessment_ref in failed:
            break  # its assessment was refused above
        values = dict(p.values)
        if p.assessment_ref is not None:
            values["assessment"] = made[p.assessment_ref]
        try:
            plan = actions.do_create_plan(
                client,
                values,
                unit=p.unit or unit,
                acting_user=acting_user,
                exception=p.exception,
            )
        except (InvalidError, RuleViolationError) as exc:
            _refusal(errors, p.path, exc)
            break
        counts["plans"] += 1
        for path, goal in p.goals:
            try:
                actions.do_add_goal(
                    plan,
                    goal["text"],
                    acting_user=acting_user,
                    status=goal.get("status", GoalStatus.OPEN),
                    position=goal["position"],
                    refresh=False,
                )
            except InvalidError as exc:
                _refusal(errors, path, exc)
                continue
            counts["goals"] += 1
        for service in p.services:
            try:
                actions.do_add_service(plan, service.values, acting_user=acting_user, refresh=False)
            except InvalidError as exc:
                _refusal(errors, service.path, exc)
                continue
            counts["services"] += 1
        for path, review in p.reviews:
            try:
                actions.do_add_review(
                    plan,
                    held_on=review["held_on"],
                    note=review.get("note", ""),
                    acting_user=acting_user,
                )
            except InvalidError as exc:
                _refusal(errors, path, exc)
                continue
            counts["reviews"] += 1

    for c in _by_date(parsed.contacts, "day"):
        try:
            actions.do_record_contact(
                client, c.values, unit=c.unit or unit, acting_user=acting_user
            )
        except InvalidError as exc:
            _refusal(errors, c.path, exc)
            continue
        counts["contacts"] += 1
    return counts, errors


def import_document(
    client: Client, document: Any, *, acting_user: User, unit: Unit
) -> dict[str, int]:
    """Write a version 1 document's casework to `client`; return how many records of each kind.

    All or nothing: a problem anywhere, found by the checks or refused by a rule of law,
    raises DocumentError with every message by path, and nothing is written. Records
    without a unit of their own are recorded in `unit`.
    """
    from kotopolku.access import scopes

    with transaction.atomic():
        parsed = _read(client, document, scopes.unit_ids(acting_user) | {unit.pk})
        counts, errors = _apply(client, parsed, acting_user=acting_user, unit=unit)
        if errors:
            raise DocumentError(dict(sorted(errors.items())))
        actions.refresh_deadlines(client)
    return counts
