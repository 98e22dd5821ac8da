"""Reading and checking a whole document before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from kotopolku.accounts.models import User
from kotopolku.casework import rules
from kotopolku.casework.actions import RuleException
from kotopolku.casework.exchange.spec import (
    ASSESSMENT_SPEC,
    CIVIC_SPEC,
    CLIENT_SPEC,
    CONTACT_SPEC,
    GOAL_SPEC,
    LEVEL_SPEC,
    PLAN_SPEC,
    PROVENANCE,
    REVIEW_SPEC,
    SCHEMA_ID,
    SERVICE_SPEC,
    SLUG_RE,
    TRAINING_SPEC,
    VERSION,
    DocumentError,
    needs_in_order,
    text_spec,
)
from kotopolku.casework.exchange.values import Reader, join_path
from kotopolku.casework.exchange.versions import upgrade
from kotopolku.casework.models import Need
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Organisation, Unit


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
class _RecordIn:
    """A civic orientation offer or an integration training."""

    path: str
    values: dict[str, Any]


@dataclass
class Parsed:
    assessments: list[_AssessmentIn] = field(default_factory=list)
    plans: list[_PlanIn] = field(default_factory=list)
    contacts: list[_ContactIn] = field(default_factory=list)
    civic_orientation: list[_RecordIn] = field(default_factory=list)
    trainings: list[_RecordIn] = field(default_factory=list)


def _record_id(
    r: Reader, data: Mapping[str, Any], path: str, seen: set[str], existing: set[str]
) -> str | None:
    doc_id = r.optional_string(data, "id", path)
    if doc_id is None:
        return None
    if doc_id in seen:
        r.add(join_path(path, "id"), "Another record of the document has the same id.")
    elif doc_id in existing:
        r.add(
            join_path(path, "id"),
            "This record is already recorded for the client: a document is imported once.",
        )
    seen.add(doc_id)
    return doc_id


def _read_needs(r: Reader, data: Mapping[str, Any], path: str) -> list[str] | None:
    """The assessment's `needs`: an array of the codes of `casework.models.Need`, each once
    (optional: a version 2 document written before needs existed has none)."""
    if "needs" not in data:
        return None
    where = join_path(path, "needs")
    needs = data["needs"]
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        r.add(where, "Expected an array of need codes.")
        return None
    unknown = [n for n in needs if n not in Need.values]
    if unknown:
        r.add(
            where,
            f"Not a need of the list: {', '.join(unknown)} (expected some of "
            f"{', '.join(Need.values)}).",
        )
        return None
    if len(set(needs)) != len(needs):
        r.add(where, "A need is listed twice.")
        return None
    return needs_in_order(needs)


def _read_assessment(
    r: Reader, data: dict[str, Any], path: str, seen: set[str], existing: set[str]
) -> _AssessmentIn:
    r.known(
        data,
        (*ASSESSMENT_SPEC, *PROVENANCE, "needs", "interviewer", "unit", "language_levels"),
        path,
    )
    doc_id = _record_id(r, data, path, seen, existing)
    values = r.fields(data, ASSESSMENT_SPEC, path)
    needs = _read_needs(r, data, path)
    if needs is not None:
        values["needs"] = needs
    r.dates_in_order(values, "started", "completed", path, "This date is before the start date.")
    interviewer = r.user(data, "interviewer", path)
    if interviewer is not None:
        values["interviewer"] = interviewer
    r.optional_string(data, "created_by", path)
    r.timestamp(data, "created_at", path)
    found = _AssessmentIn(path, doc_id, values, r.unit(data, path))
    pairs: set[tuple[str, str]] = set()
    for index, item in enumerate(r.array(data, "language_levels", path)):
        where = join_path(join_path(path, "language_levels"), index)
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
    r: Reader,
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
            join_path(path, "authority"),
            f"The plan was made by the {authority.replace('_', ' ')}; the client's "
            f"responsible authority is now the "
            f"{r.client.responsible_authority.replace('_', ' ')}. A plan is imported only "
            "under the authority responsible for the client.",
        )
    ref = r.optional_string(data, "assessment_id", path)
    if ref is not None and ref not in assessment_ids:
        r.add(join_path(path, "assessment_id"), "No assessment of the document has this id.")
    exception: RuleException | None = None
    raw_exception = data.get("exception")
    if raw_exception is not None:
        where = join_path(path, "exception")
        exc = r.mapping(raw_exception, where)
        if exc is not None:
            r.known(exc, ("rule", "reason"), where)
            parts = r.fields(
                exc,
                {"rule": text_spec(60, required=True), "reason": text_spec(required=True)},
                where,
            )
            legacy = rules.EXCEPTION_ALLOWED | rules.LEGACY_EXCEPTION_RULES
            if "rule" in parts and parts["rule"] not in legacy:
                allowed = ", ".join(sorted(legacy))
                r.add(
                    join_path(where, "rule"), f"This rule allows no exception (allowed: {allowed})."
                )
            elif "rule" in parts and "reason" in parts:
                exception = RuleException(parts["rule"], parts["reason"])
    r.optional_string(data, "created_by", path)
    r.timestamp(data, "created_at", path)
    found = _PlanIn(path, doc_id, values, r.unit(data, path), exception, ref)

    for index, item in enumerate(r.array(data, "goals", path)):
        where = join_path(join_path(path, "goals"), index)
        goal = r.mapping(item, where)
        if goal is not None:
            r.known(goal, GOAL_SPEC, where)
            found.goals.append((where, {"position": index} | r.fields(goal, GOAL_SPEC, where)))

    for index, item in enumerate(r.array(data, "services", path)):
        where = join_path(join_path(path, "services"), index)
        service = r.mapping(item, where)
        if service is None:
            continue
        r.known(service, (*SERVICE_SPEC, "provider", "consent"), where)
        service_values = r.fields(service, SERVICE_SPEC, where)
        r.dates_in_order(service_values, "start", "end", where, "The end is before the start.")
        provider: Organisation | None = None
        slug = service.get("provider")
        if slug is not None:
            if not isinstance(slug, str) or not SLUG_RE.match(slug):
                r.add(join_path(where, "provider"), "Expected an organisation slug or null.")
            else:
                provider = r.organisation(slug, join_path(where, "provider"))
        ok, consent = r.consent(service.get("consent"), join_path(where, "consent"))
        service_values["provider"] = provider
        if ok:
            service_values["consent"] = consent
        found.services.append(_ServiceIn(where, service_values))

    for index, item in enumerate(r.array(data, "reviews", path)):
        where = join_path(join_path(path, "reviews"), index)
        review = r.mapping(item, where)
        if review is None:
            continue
        r.known(review, (*REVIEW_SPEC, "by"), where)
        review_values = r.fields(review, REVIEW_SPEC, where)
        r.optional_string(review, "by", where)
        held_on, start = review_values.get("held_on"), values.get("start")
        if held_on is not None and start is not None and held_on < start:
            r.add(join_path(where, "held_on"), "The review is before the plan starts.")
        found.reviews.append((where, review_values))
    return found


def _read_contact(
    r: Reader, data: dict[str, Any], path: str, seen: set[str], existing: set[str]
) -> _ContactIn:
    r.known(data, (*CONTACT_SPEC, *PROVENANCE, "topics", "unit", "recorded_by"), path)
    _record_id(r, data, path, seen, existing)
    values = r.fields(data, CONTACT_SPEC, path)
    if "topics" in data:
        topics = data["topics"]
        if not isinstance(topics, list) or not all(
            isinstance(t, str) and SLUG_RE.match(t) and len(t) <= 40 for t in topics
        ):
            r.add(join_path(path, "topics"), "Expected an array of topic codes.")
        elif len(set(topics)) != len(topics):
            r.add(join_path(path, "topics"), "A topic is listed twice.")
        else:
            values["topics"] = list(topics)
    r.optional_string(data, "recorded_by", path)
    r.timestamp(data, "created_at", path)
    return _ContactIn(path, values, r.unit(data, path))


def _read_recorded(
    r: Reader,
    data: dict[str, Any],
    path: str,
    specs: Mapping[str, Any],
    seen: set[str],
    existing: set[str],
) -> _RecordIn:
    r.known(data, (*specs, *PROVENANCE, "recorded_by"), path)
    _record_id(r, data, path, seen, existing)
    values = r.fields(data, specs, path)
    r.optional_string(data, "recorded_by", path)
    r.timestamp(data, "created_at", path)
    return _RecordIn(path, values)


TOP_LEVEL = (
    "schema",
    "version",
    "exported_at",
    "client",
    "assessments",
    "plans",
    "contacts",
    "civic_orientation",
    "trainings",
)
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


def read_document(
    client: Client,
    document: Any,
    allowed_units: set[Any] | None = None,
    users: QuerySet[User] | None = None,
) -> Parsed:
    """Check the whole document; raise DocumentError with every problem found."""
    r = Reader(client, allowed_units, users)
    document = upgrade(document, schema=SCHEMA_ID, version=VERSION)
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
            f"Unknown version {version!r}: this Kotopolku reads versions 1 and {VERSION}.",
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

    parsed = Parsed()
    seen: set[str] = set()
    existing = {
        str(pk)
        for qs in (
            client.assessments.all(),
            client.plans.all(),
            client.contacts.all(),
            client.civic_orientation_offers.all(),
            client.integration_trainings.all(),
        )
        for pk in qs.values_list("pk", flat=True)
    }
    for index, item in enumerate(r.array(top, "assessments", "")):
        path = join_path("assessments", index)
        data = r.mapping(item, path)
        if data is not None:
            parsed.assessments.append(_read_assessment(r, data, path, seen, existing))
    assessment_ids = {a.doc_id for a in parsed.assessments if a.doc_id is not None}
    for index, item in enumerate(r.array(top, "plans", "")):
        path = join_path("plans", index)
        data = r.mapping(item, path)
        if data is not None:
            parsed.plans.append(_read_plan(r, data, path, seen, existing, assessment_ids))
    for index, item in enumerate(r.array(top, "contacts", "")):
        path = join_path("contacts", index)
        data = r.mapping(item, path)
        if data is not None:
            parsed.contacts.append(_read_contact(r, data, path, seen, existing))
    for member, specs, found in (
        ("civic_orientation", CIVIC_SPEC, parsed.civic_orientation),
        ("trainings", TRAINING_SPEC, parsed.trainings),
    ):
        for index, item in enumerate(r.array(top, member, "")):
            path = join_path(member, index)
            data = r.mapping(item, path)
            if data is not None:
                found.append(_read_recorded(r, data, path, specs, seen, existing))
    if r.errors:
        raise DocumentError(r.errors)
    return parsed
