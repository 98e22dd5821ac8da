"""The casework document: export → import → export is lossless, the document matches its
JSON schema, a refused document names the field (and the rule) and writes nothing, and the
two management commands work."""

from __future__ import annotations

import copy
import datetime
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.casework import actions, exchange, rules
from kotopolku.casework.actions import RuleException
from kotopolku.casework.exchange import SCHEMA_ID, VERSION, DocumentError
from kotopolku.casework.models import Assessment, Contact, Goal, Plan, PlannedService, Review
from kotopolku.clients import actions as client_actions
from kotopolku.clients import validation
from kotopolku.clients.models import Client
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Organisation, Role, Unit
from tests.clients.conftest import client_data, persona_context

D = datetime.date
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "casework-export.schema.json"
WINDOW_ID = "integration-window-681-2023"
TOTAL_ID = "plans-total-two-years-681-2023"


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _exchange_world_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo organisations and logins, once per module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:world"):
            orgs_demo.load()
            accounts_demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def people(_exchange_world_db: None, db: Any) -> dict[str, User]:
    """The demo logins, and `official.joensuu`: a public official of Toivo since 2024, so
    that assessments on past days pass the initial-interview rule."""
    with acting(view="test:official"):
        official = account_actions.do_create_user(
            username="official.joensuu",
            first_name="Virkailija",
            last_name="Joensuu",
            email="official@example.invalid",
            preferred_language="fi",
            password="kotopolku-demo",
            acting_user=None,
        )
        account_actions.do_add_membership(
            official,
            unit=toivo(),
            role=Role.COUNSELLOR,
            is_public_official=True,
            valid_from=D(2024, 1, 1),
            acting_user=None,
        )
    return {u.username: u for u in User.objects.all()}


def toivo() -> Unit:
    return Unit.objects.get(organisation__slug="toivo", slug="ohjaus")


@pytest.fixture
def new_client(people: dict[str, User]) -> Callable[..., Client]:
    """A quota refugee of Joensuu, first permit 2 May 2024, created as counsellor.joensuu."""

    def _make(**data: Any) -> Client:
        user = people["counsellor.joensuu"]
        result = validation.validate(client_data(**data))
        assert result.ok, result.errors
        with acting(view="test:client", **persona_context(user)):
            return client_actions.do_create_client(
                result.values, responsible_unit=toivo(), counsellor=user, acting_user=user
            )

    return _make


def record_consent(client: Client, user: User) -> None:
    with acting(view="test:consent", **persona_context(user)):
        actions.do_record_consent(
            client,
            scope="referral",
            recipient=Organisation.objects.get(slug="spr-joensuu"),
            given_on=D(2025, 3, 10),
            acting_user=user,
        )


def build_casework(client: Client, people: dict[str, User]) -> None:
    """An assessment with language levels, two plans (the second with a documented
    exception) with goals, services and reviews, and guidance contacts."""
    user, unit = people["counsellor.joensuu"], toivo()
    record_consent(client, user)
    consent = client.consents.get()
    spr = Organisation.objects.get(slug="spr-joensuu")
    with acting(view="test:casework", **persona_context(user)):
        assessment = actions.do_create_assessment(
            client,
            {
                "kind": "basic",
                "started": D(2025, 3, 1),
                "completed": D(2025, 3, 14),
                "interviewer": people["official.joensuu"],
                "interview_language": "ar",
                "interpreter_used": True,
                "interpreter_language": "ar",
                "other_participants": "Puoliso",
                "education": "Lukio; sairaanhoitajan opinnot kesken",
                "work_history": "Apteekissa 6 vuotta",
                "literacy_mother_tongue": "fluent",
                "literacy_latin": "partial",
                "digital_skills": "basic",
                "family_situation": "Puoliso ja kaksi lasta (3 ja 7 v.)",
                "childcare_needed": True,
                "health_social_needs": False,
                "goals": "Töihin terveysalalle",
                # ticked out of the list's order: the document writes the list's order
                "needs": ["family", "language"],
                "recommended_services": "Kotoutumiskoulutus, lastenhoito",
                "plan_needed": True,
            },
            unit=unit,
            acting_user=user,
            levels=[
                {
                    "language": "fi",
                    "skill": "reading",
                    "level": "A1.2",
                    "measured_on": D(2025, 3, 5),
                },
                {"language": "fi", "skill": "speaking", "level": "A1.1", "source": "self_report"},
                {"language": "en", "skill": "listening", "level": "B1", "source": "yki"},
            ],
        )
        first = actions.do_create_plan(
            client,
            {
                "kind": "basic",
                "assessment": assessment,
                "start": D(2025, 3, 20),
                "end": D(2026, 3, 19),
                "status": "ended",
                "client_responsibilities": "Osallistuu kurssille; hakee päivähoitopaikkaa",
                "explained_in": "ar",
                "interpreter_used": True,
                "agreement": "signed",
                "agreed_on": D(2025, 3, 20),
            },
            unit=unit,
            acting_user=user,
            goals=["Suomen kieli tasolle A2.2", "Työkokeilu apteekissa"],
        )
        actions.do_set_goal_status(first.goals.get(position=0), "achieved", acting_user=user)
        actions.do_add_goal(
            first, "Lapsille päivähoitopaikka", status="in_progress", acting_user=user
        )
        actions.do_add_service(
            first,
            {
                "name": "Kielikahvila",
                "provider": spr,
                "start": D(2025, 4, 1),
                "status": "directed",
                "consent": consent,
            },
            acting_user=user,
        )
        actions.do_add_service(
            first,
            {
                "name": "Kotoutumiskoulutus",
                "provider_name": "Riveria",
                "start": D(2025, 5, 1),
                "end": D(2025, 12, 31),
                "status": "started",
                "directed_on": D(2025, 4, 15),
            },
            acting_user=user,
        )
        actions.do_add_service(first, {"name": "Ammatillinen koulutus"}, acting_user=user)
        actions.do_add_review(first, held_on=D(2025, 9, 15), note="Hyvä alku", acting_user=user)
        actions.do_add_review(first, held_on=D(2026, 3, 1), note="", acting_user=user)
        second = actions.do_create_plan(
            client,
            {
                "kind": "basic",
                "start": D(2026, 3, 20),
                "end": D(2027, 6, 30),
                "explained_in": "fi",
                "agreement": "agreed",
                "agreed_on": D(2026, 3, 20),
            },
            unit=unit,
            acting_user=user,
            goals=["Ammatillinen tutkinto"],
            exception=RuleException(TOTAL_ID, "Pitkä sairausloma keskeytti koulutuksen."),
            legacy_exception=True,  # recorded before the extension decisions
        )
        actions.do_add_review(second, held_on=D(2026, 9, 1), note="Jatkuu", acting_user=user)
        for values in (
            {
                "day": D(2025, 2, 10),
                "channel": "appointment",
                "language": "ar",
                "interpreter_used": True,
                "interpreter_booked": True,
                "topics": ["housing", "work"],
                "minutes": 45,
                "note": "Ensitapaaminen",
            },
            {
                "day": D(2025, 4, 2),
                "channel": "phone",
                "language": "ar",
                "interpreter_booked": True,
                "missed": True,
                "cancelled": True,
            },
            {"day": D(2025, 6, 5), "channel": "walk_in", "language": "fi", "topics": ["kela"]},
        ):
            actions.do_record_contact(client, values, unit=unit, acting_user=user)
        actions.do_record_civic_orientation(
            client,
            {"offered_on": D(2025, 3, 5), "language": "ar", "taken": "taken", "note": "Ryhmä 2"},
            acting_user=user,
        )
        actions.do_record_training(
            client,
            {
                "language": "fi",
                "provider_name": "Riveria",
                "referred_on": D(2025, 4, 1),
                "start": D(2025, 5, 5),
                "interrupted_on": D(2025, 7, 1),
                "interruption_reason": "Sairaus",
                "end": D(2025, 12, 19),
                "test_on": D(2025, 12, 10),
                "level_listening": "A2.2",
                "level_speaking": "A2.1",
                "level_reading": "B1.1",
                "level_writing": "A2.1",
            },
            acting_user=user,
        )


def export(client: Client, user: User | None = None) -> dict[str, Any]:
    extra = persona_context(user) if user is not None else {}
    with acting(view="test:export", **extra):
        return exchange.export_client(client)


def run_import(client: Client, document: Any, user: User) -> dict[str, int]:
    with acting(view="test:import", **persona_context(user)):
        return exchange.import_document(client, document, acting_user=user, unit=toivo())


VOLATILE = {"id", "created_at", "assessment_id"}


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without ids, timestamps and the client's identity."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in VOLATILE}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    rest = {k: v for k, v in document.items() if k not in ("exported_at", "client")}
    return strip(rest)


def footprint(client: Client) -> tuple[int, ...]:
    return (
        Assessment.objects.filter(client=client).count(),
        Plan.objects.filter(client=client).count(),
        Contact.objects.filter(client=client).count(),
        ChangeEvent.objects.filter(client_id=client.pk).count(),
    )


@pytest.fixture
def source(new_client: Callable[..., Client], people: dict[str, User]) -> Client:
    client = new_client()
    build_casework(client, people)
    return client


@pytest.fixture
def document(source: Client, people: dict[str, User]) -> dict[str, Any]:
    return export(source, people["counsellor.joensuu"])


@pytest.fixture
def target(new_client: Callable[..., Client], people: dict[str, User]) -> Client:
    """A second client of the same kind, with the same consent recorded."""
    client = new_client()
    record_consent(client, people["counsellor.joensuu"])
    return client


# --- The round trip ------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_document(
    source: Client, document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    counts = run_import(target, copy.deepcopy(document), people["counsellor.joensuu"])

    assert counts == {
        "assessments": 1,
        "language_levels": 3,
        "plans": 2,
        "goals": 4,
        "services": 3,
        "reviews": 3,
        "contacts": 3,
        "civic_orientation": 1,
        "trainings": 1,
    }
    again = export(target, people["counsellor.joensuu"])
    assert comparable(again) == comparable(document)
    # the references were rewritten to the new records
    assert again["plans"][0]["assessment_id"] == again["assessments"][0]["id"]
    assert again["plans"][1]["assessment_id"] is None
    assert again["client"]["id"] == str(target.pk)
    assert {p["id"] for p in again["plans"]}.isdisjoint({p["id"] for p in document["plans"]})
    # the consent is the target client's own
    service = next(s for s in again["plans"][0]["services"] if s["consent"])
    assert service["consent"]["id"] == str(target.consents.get().pk)


def test_the_document_has_every_field(document: dict[str, Any], source: Client) -> None:
    assert document["schema"] == SCHEMA_ID
    assert document["version"] == VERSION == 2
    assert document["client"] == {
        "id": str(source.pk),
        "henkilotunnus": None,
        "birth_date": "1985-03-14",
        "first_name": source.first_name,
        "last_name": source.last_name,
        "mother_tongue": "ar",
        "municipality": "167",
        "first_permit_date": "2024-05-02",
        "immigration_basis": "quota_refugee",
        "responsible_authority": "municipality",
    }
    assessment = document["assessments"][0]
    assert assessment["interviewer"] == "official.joensuu"
    assert assessment["unit"]["organisation"] == "toivo"
    assert assessment["unit"]["slug"] == "ohjaus"
    assert assessment["unit"]["id"] == str(toivo().pk)
    assert assessment["started"] == "2025-03-01"
    assert assessment["needs"] == ["language", "family"]
    assert [(lv["language"], lv["skill"]) for lv in assessment["language_levels"]] == [
        ("en", "listening"),
        ("fi", "reading"),
        ("fi", "speaking"),
    ]
    first, second = document["plans"]
    assert (first["start"], first["end"], first["status"]) == ("2025-03-20", "2026-03-19", "ended")
    assert first["exception"] is None
    assert second["exception"] == {
        "rule": TOTAL_ID,
        "reason": "Pitkä sairausloma keskeytti koulutuksen.",
    }
    assert [(g["text"], g["status"]) for g in first["goals"]] == [
        ("Suomen kieli tasolle A2.2", "achieved"),
        ("Työkokeilu apteekissa", "open"),
        ("Lapsille päivähoitopaikka", "in_progress"),
    ]
    services = {s["name"]: s for s in first["services"]}
    assert services["Kielikahvila"]["provider"] == "spr-joensuu"
    assert services["Kielikahvila"]["directed_on"] == "2025-04-01"  # set by the action
    assert services["Kielikahvila"]["consent"]["recipient"] == "spr-joensuu"
    assert services["Kotoutumiskoulutus"]["provider"] is None
    assert services["Kotoutumiskoulutus"]["provider_name"] == "Riveria"
    assert first["services"][0]["name"] == "Ammatillinen koulutus"  # no start: first
    assert [r["held_on"] for r in first["reviews"]] == ["2025-09-15", "2026-03-01"]
    assert first["reviews"][0]["by"] == "counsellor.joensuu"
    assert [c["day"] for c in document["contacts"]] == ["2025-02-10", "2025-04-02", "2025-06-05"]
    assert document["contacts"][0]["topics"] == ["housing", "work"]
    assert document["contacts"][1]["missed"] is True
    assert document["civic_orientation"] == [
        {
            "id": document["civic_orientation"][0]["id"],
            "offered_on": "2025-03-05",
            "language": "ar",
            "taken": "taken",
            "note": "Ryhmä 2",
            "recorded_by": "counsellor.joensuu",
            "created_at": document["civic_orientation"][0]["created_at"],
        }
    ]
    training = document["trainings"][0]
    assert (training["referred_on"], training["end"], training["test_on"]) == (
        "2025-04-01",
        "2025-12-19",
        "2025-12-10",
    )
    assert [training[f"level_{s}"] for s in ("listening", "speaking", "reading", "writing")] == [
        "A2.2",
        "A2.1",
        "B1.1",
        "A2.1",
    ]
    json.dumps(document)  # plain JSON


def test_the_export_is_logged_as_an_export_of_the_clients_data(
    source: Client, people: dict[str, User]
) -> None:
    with acting(view="test:export", **persona_context(people["counsellor.joensuu"])) as ctx:
        exchange.export_client(source)
        reads = list(ctx.pending_reads)
    assert {r["kind"] for r in reads} == {AccessEvent.Kind.EXPORT}
    assert {r["subject_type"] for r in reads} == {
        "client",
        "assessment",
        "plan",
        "contact",
        "civic_orientation",
        "integration_training",
    }
    assert {r["client_id"] for r in reads} == {source.pk}


def test_the_import_is_logged_as_the_importing_user(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    before = set(ChangeEvent.objects.filter(client_id=target.pk).values_list("pk", flat=True))
    run_import(target, document, people["manager.joensuu"])
    events = ChangeEvent.objects.filter(client_id=target.pk).exclude(pk__in=before)
    assert {e.actor_username for e in events} == {"manager.joensuu"}
    assert {e.subject_type for e in events} == {
        "assessment",
        "language_level",
        "plan",
        "goal",
        "planned_service",
        "review",
        "contact",
        "civic_orientation",
        "integration_training",
    }
    again = export(target)
    # who recorded each record is the importer; the interviewer is kept
    assert again["plans"][0]["created_by"] == "manager.joensuu"
    assert again["plans"][0]["reviews"][0]["by"] == "manager.joensuu"
    assert again["assessments"][0]["interviewer"] == "official.joensuu"


def test_a_minimal_document_takes_the_defaults(
    new_client: Callable[..., Client], people: dict[str, User]
) -> None:
    client = new_client()
    counts = run_import(
        client,
        {
            "schema": SCHEMA_ID,
            "version": VERSION,
            "assessments": [
                {
                    "kind": "basic",
                    "started": "2025-03-01",
                    "interview_language": "ar",
                    "interviewer": "official.joensuu",
                }
            ],
            "plans": [{"kind": "basic", "start": "2025-04-01", "end": "2025-12-31"}],
            "contacts": [{"day": "2025-02-01", "channel": "walk_in", "language": "ar"}],
        },
        people["counsellor.joensuu"],
    )
    assert counts["assessments"] == counts["plans"] == counts["contacts"] == 1
    plan = client.plans.get()
    assert plan.unit == toivo()
    assert plan.explained_in == "ar"  # the action's default: the mother tongue
    assert plan.recorded_in == "kotopolku"
    assert client.assessments.get().plan_needed is True


# --- The JSON schema -----------------------------------------------------------------------------


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "null": lambda v: v is None,
}


def structural_errors(
    value: Any, node: dict[str, Any], root: dict[str, Any], path: str
) -> list[str]:
    """A small validator for the keywords the schema uses (when jsonschema is absent)."""
    errors: list[str] = []
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        errors += structural_errors(value, root["$defs"][name], root, path)
    if "anyOf" in node:
        options = [structural_errors(value, option, root, path) for option in node["anyOf"]]
        if all(options):
            errors.append(f"{path}: matches no alternative ({options})")
    if "const" in node and value != node["const"]:
        errors.append(f"{path}: expected {node['const']!r}")
    if "enum" in node and value not in node["enum"]:
        errors.append(f"{path}: {value!r} not in enum")
    if "type" in node:
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        if not any(TYPES[t](value) for t in types):
            errors.append(f"{path}: expected {types}, got {value!r}")
            return errors
    if isinstance(value, str):
        if "pattern" in node and not re.search(node["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {node['pattern']}")
        if "maxLength" in node and len(value) > node["maxLength"]:
            errors.append(f"{path}: too long")
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and not node.get("minimum", value) <= value <= node.get("maximum", value)
    ):
        errors.append(f"{path}: out of range")
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for name in node.get("required", []):
            if name not in value:
                errors.append(f"{path}.{name}: required")
        for name, item in value.items():
            if name in properties:
                errors += structural_errors(item, properties[name], root, f"{path}.{name}")
            elif node.get("additionalProperties") is False:
                errors.append(f"{path}.{name}: not allowed")
            elif isinstance(node.get("additionalProperties"), dict):
                errors += structural_errors(
                    item, node["additionalProperties"], root, f"{path}.{name}"
                )
    if isinstance(value, list):
        if node.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            errors.append(f"{path}: items not unique")
        if "items" in node:
            for index, item in enumerate(value):
                errors += structural_errors(item, node["items"], root, f"{path}[{index}]")
    return errors


def schema_errors(document: Any) -> list[str]:
    try:
        import jsonschema
    except ImportError:
        root = schema()
        return structural_errors(document, root, root, "$")
    validator = jsonschema.Draft202012Validator(schema())
    return [e.message for e in validator.iter_errors(document)]


def test_the_document_validates_against_the_json_schema(document: dict[str, Any]) -> None:
    root = schema()
    assert root["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert root["$id"] == SCHEMA_ID
    assert schema_errors(document) == []


def test_the_schema_check_is_not_vacuous(document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    broken["version"] = 3
    broken["plans"][0]["status"] = "paused"
    broken["plans"][0]["goals"][0]["colour"] = "red"
    broken["contacts"][0]["day"] = "10.2.2025"
    del broken["assessments"][0]["kind"]
    assert len(schema_errors(broken)) >= 5


@pytest.mark.parametrize(
    ("definition", "record"),
    [
        ("assessment", lambda d: d["assessments"][0]),
        ("language_level", lambda d: d["assessments"][0]["language_levels"][0]),
        ("plan", lambda d: d["plans"][0]),
        ("goal", lambda d: d["plans"][0]["goals"][0]),
        ("service", lambda d: next(s for s in d["plans"][0]["services"] if s["consent"])),
        (
            "consent",
            lambda d: next(s for s in d["plans"][0]["services"] if s["consent"])["consent"],
        ),
        ("review", lambda d: d["plans"][0]["reviews"][0]),
        ("contact", lambda d: d["contacts"][0]),
        ("civic_orientation", lambda d: d["civic_orientation"][0]),
        ("training", lambda d: d["trainings"][0]),
        ("client", lambda d: d["client"]),
    ],
)
def test_the_schema_lists_exactly_the_exported_members(
    document: dict[str, Any], definition: str, record: Callable[[dict[str, Any]], Any]
) -> None:
    node = schema()["$defs"][definition]
    if "anyOf" in node:
        node = next(n for n in node["anyOf"] if n.get("type") == "object")
    assert list(node["properties"]) == list(record(document))


def test_the_schemas_enums_are_the_models_choices() -> None:
    defs = schema()["$defs"]
    tables = {
        "assessment": exchange.ASSESSMENT_SPEC,
        "language_level": exchange.LEVEL_SPEC,
        "plan": exchange.PLAN_SPEC,
        "goal": exchange.GOAL_SPEC,
        "service": exchange.SERVICE_SPEC,
        "review": exchange.REVIEW_SPEC,
        "contact": exchange.CONTACT_SPEC,
        "civic_orientation": exchange.CIVIC_SPEC,
        "training": exchange.TRAINING_SPEC,
    }
    for definition, specs in tables.items():
        node = defs[definition]
        required = {name for name, spec in specs.items() if spec.required}
        assert required <= set(node.get("required", [])), definition
        for name, spec in specs.items():
            if spec.kind == "choice":
                assert node["properties"][name]["enum"] == list(spec.choices), (definition, name)
    exception = next(n for n in defs["exception"]["anyOf"] if n.get("type") == "object")
    assert set(exception["properties"]["rule"]["enum"]) == set(
        rules.EXCEPTION_ALLOWED | rules.LEGACY_EXCEPTION_RULES
    )


def test_the_documentation_names_every_member() -> None:
    text = (SCHEMA_PATH.parent / "casework-export.md").read_text(encoding="utf-8")
    root = schema()
    members = set(root["properties"])
    for node in root["$defs"].values():
        for option in node.get("anyOf", [node]):
            members |= set(option.get("properties", {}))
    missing = sorted(m for m in members if f"`{m}`" not in text)
    assert missing == []


# --- Refusals: the field is named and nothing is written -----------------------------------------


def refused(client: Client, document: Any, user: User) -> dict[str, list[str]]:
    before = footprint(client)
    with pytest.raises(DocumentError) as caught:
        run_import(client, document, user)
    assert footprint(client) == before, "a refused document wrote something"
    return caught.value.errors


def test_an_unknown_version_is_refused(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["version"] = 3
    errors = refused(target, document, people["counsellor.joensuu"])
    assert list(errors) == ["version"]
    assert "versions 1 and 2" in errors["version"][0]


def test_a_document_without_schema_and_version_is_refused(
    target: Client, people: dict[str, User]
) -> None:
    errors = refused(target, {"plans": []}, people["counsellor.joensuu"])
    assert errors == {"schema": ["Required."], "version": ["Required."]}


def test_another_schema_is_refused(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["schema"] = "https://example.invalid/other"
    assert list(refused(target, document, people["counsellor.joensuu"])) == ["schema"]


@pytest.mark.parametrize("bad", ["2025-02-30", "1.3.2025", "20250301", 20250301, ""])
def test_a_bad_date_is_refused(
    document: dict[str, Any], target: Client, people: dict[str, User], bad: Any
) -> None:
    document["assessments"][0]["started"] = bad
    errors = refused(target, document, people["counsellor.joensuu"])
    assert errors == {"assessments[0].started": ["Enter a date as YYYY-MM-DD."]}


def test_an_end_before_the_start_is_refused(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["plans"][0]["end"] = "2025-03-19"
    document["plans"][0]["services"][1]["end"] = "2025-03-31"
    errors = refused(target, document, people["counsellor.joensuu"])
    assert set(errors) == {"plans[0].end", "plans[0].services[1].end"}


def test_an_unknown_language_is_refused(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["assessments"][0]["language_levels"][0]["language"] = "klingon"
    document["contacts"][0]["language"] = "xx"
    errors = refused(target, document, people["counsellor.joensuu"])
    assert set(errors) == {"assessments[0].language_levels[0].language", "contacts[0].language"}
    assert "ISO 639" in errors["contacts[0].language"][0]


def test_enum_values_usernames_and_slugs_are_checked(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["assessments"][0]["interviewer"] = "nobody"
    document["assessments"][0]["digital_skills"] = "expert"
    document["assessments"][0]["language_levels"][1]["level"] = "D3"
    document["plans"][0]["services"][0]["status"] = "paused"
    document["plans"][0]["services"][2]["provider"] = "no-such-ngo"
    document["plans"][1]["unit"]["organisation"] = "no-such-org"
    document["contacts"][0]["channel"] = "pigeon"
    errors = refused(target, document, people["counsellor.joensuu"])
    assert set(errors) == {
        "assessments[0].interviewer",
        "assessments[0].digital_skills",
        "assessments[0].language_levels[1].level",
        "plans[0].services[0].status",
        "plans[0].services[2].provider",
        "plans[1].unit",
        "contacts[0].channel",
    }


def test_the_needs_come_back_from_an_import(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["assessments"][0]["needs"] = ["social", "work_studies"]
    run_import(target, document, people["counsellor.joensuu"])
    assert target.assessments.get().needs == ["work_studies", "social"]


def test_a_document_without_needs_is_read_as_having_none(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    del document["assessments"][0]["needs"]
    run_import(target, document, people["counsellor.joensuu"])
    assert target.assessments.get().needs == []


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (["language", "astrology"], "Not a need of the list: astrology"),
        (["family", "family"], "A need is listed twice."),
        ("language", "Expected an array of need codes."),
        ([1], "Expected an array of need codes."),
    ],
)
def test_bad_needs_are_refused_by_their_path(
    document: dict[str, Any], target: Client, people: dict[str, User], bad: Any, message: str
) -> None:
    document["assessments"][0]["needs"] = bad
    errors = refused(target, document, people["counsellor.joensuu"])
    assert list(errors) == ["assessments[0].needs"]
    assert errors["assessments[0].needs"][0].startswith(message)
    assert not target.assessments.exists()


def test_required_fields_and_unknown_members_are_named(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    del document["plans"][0]["start"]
    del document["contacts"][2]["channel"]
    document["plans"][0]["goals"][0]["text"] = "  "
    document["assessments"][0]["compelted"] = "2025-03-14"
    document["plans"][1]["exception"] = {"rule": TOTAL_ID, "reason": ""}
    errors = refused(target, document, people["counsellor.joensuu"])
    assert set(errors) == {
        "plans[0].start",
        "contacts[2].channel",
        "plans[0].goals[0].text",
        "assessments[0].compelted",
        "plans[1].exception.reason",
    }


def test_a_plan_outside_the_integration_window_names_the_rule(
    new_client: Callable[..., Client], people: dict[str, User]
) -> None:
    client = new_client()
    errors = refused(
        client,
        {
            "schema": SCHEMA_ID,
            "version": VERSION,
            "plans": [{"kind": "basic", "start": "2027-06-01", "end": "2027-12-31"}],
        },
        people["counsellor.joensuu"],
    )
    assert list(errors) == ["plans[0].start"]
    assert f"(rule {WINDOW_ID})" in errors["plans[0].start"][0]


def test_a_rule_refusal_late_in_the_document_undoes_everything_before_it(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    """The assessment and the first plan pass their rules and are written; the second plan
    breaks the two-year rule without its exception: nothing at all remains."""
    document["plans"][1]["exception"] = None
    before = (Goal.objects.count(), PlannedService.objects.count(), Review.objects.count())
    errors = refused(target, document, people["counsellor.joensuu"])
    assert list(errors) == ["plans[1].end"]
    assert f"(rule {TOTAL_ID})" in errors["plans[1].end"][0]
    assert (Goal.objects.count(), PlannedService.objects.count(), Review.objects.count()) == before


def test_an_actions_refusal_is_named_by_its_path(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["contacts"][2]["cancelled"] = True  # cancelled without being missed
    document["contacts"][0]["visitors"] = 3  # a client's contact is one visit
    errors = refused(target, document, people["counsellor.joensuu"])
    assert set(errors) == {"contacts[2].cancelled", "contacts[0].visitors"}


def test_an_interviewer_who_is_no_public_official_names_the_rule(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    with acting(view="test:user"):
        employee = account_actions.do_create_user(
            username="employee.joensuu",
            first_name="Työntekijä",
            last_name="Joensuu",
            email="employee@example.invalid",
            preferred_language="fi",
            password="kotopolku-demo",
            acting_user=None,
        )
        account_actions.do_add_membership(
            employee,
            unit=toivo(),
            role=Role.COUNSELLOR,
            is_public_official=False,
            valid_from=D(2024, 1, 1),
            acting_user=None,
        )
    document["assessments"][0]["interviewer"] = "employee.joensuu"  # holds no public office
    errors = refused(target, document, people["counsellor.joensuu"])
    assert list(errors) == ["assessments[0].interviewer"]
    assert (
        "(rule initial-interview-public-official-681-2023)"
        in errors["assessments[0].interviewer"][0]
    )


def test_a_referral_needs_the_target_clients_consent(
    document: dict[str, Any], new_client: Callable[..., Client], people: dict[str, User]
) -> None:
    client = new_client()  # no consent recorded
    errors = refused(client, document, people["counsellor.joensuu"])
    (path,) = errors
    assert re.fullmatch(r"plans\[0\]\.services\[\d\]\.consent", path)


def test_a_document_is_imported_once(
    document: dict[str, Any], source: Client, target: Client, people: dict[str, User]
) -> None:
    errors = refused(source, document, people["counsellor.joensuu"])
    assert "assessments[0].id" in errors
    assert "plans[1].id" in errors
    assert "contacts[2].id" in errors
    run_import(target, copy.deepcopy(document), people["counsellor.joensuu"])
    again = export(target)
    errors = refused(target, again, people["counsellor.joensuu"])
    assert "assessments[0].id" in errors


def test_a_plan_is_imported_only_under_the_clients_responsible_authority(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["plans"][0]["authority"] = "employment_area"
    errors = refused(target, document, people["counsellor.joensuu"])
    assert list(errors) == ["plans[0].authority"]


def test_the_client_member_is_informational(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["client"]["first_name"] = "Someone Else"
    document["client"]["henkilotunnus"] = "131052-308T"
    run_import(target, document, people["counsellor.joensuu"])
    target.refresh_from_db()
    assert target.first_name != "Someone Else"
    assert target.henkilotunnus is None


@pytest.mark.parametrize("document_value", [[], "text", None, 1])
def test_a_document_that_is_not_an_object_is_refused(
    target: Client, people: dict[str, User], document_value: Any
) -> None:
    errors = refused(target, document_value, people["counsellor.joensuu"])
    assert list(errors) == ["$"]


# --- The commands --------------------------------------------------------------------------------


def test_the_commands_export_and_import(
    source: Client, target: Client, tmp_path: Path, people: dict[str, User]
) -> None:
    path = tmp_path / "client.json"
    err = io.StringIO()
    call_command(
        "casework_export",
        str(source.pk),
        "-o",
        str(path),
        "--user",
        "counsellor.joensuu",
        stderr=err,
    )
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "1 assessments, 2 plans, 3 contacts" in err.getvalue()
    written = json.loads(path.read_text(encoding="utf-8"))
    assert schema_errors(written) == []
    events = AccessEvent.objects.filter(client_id=source.pk, kind=AccessEvent.Kind.EXPORT)
    assert {e.subject_type for e in events} == {
        "client",
        "assessment",
        "plan",
        "contact",
        "civic_orientation",
        "integration_training",
    }
    assert {e.actor_username for e in events} == {"counsellor.joensuu"}
    assert {e.view for e in events} == {"command:casework_export"}

    out = io.StringIO()
    call_command(
        "casework_import",
        str(path),
        "--client",
        str(target.pk),
        "--user",
        "counsellor.joensuu",
        stdout=out,
    )
    assert "imported 1 assessments, 3 language_levels, 2 plans" in out.getvalue()
    assert comparable(export(target)) == comparable(written)
    events = ChangeEvent.objects.filter(client_id=target.pk, subject_type="plan")
    assert {e.view for e in events} == {"command:casework_import"}


def test_the_export_command_writes_to_stdout(source: Client) -> None:
    out = io.StringIO()
    call_command("casework_export", str(source.pk), stdout=out)
    document = json.loads(out.getvalue())
    assert document["client"]["id"] == str(source.pk)
    assert AccessEvent.objects.filter(
        client_id=source.pk, subject_type="client", kind=AccessEvent.Kind.EXPORT
    ).exists()


def test_the_import_command_prints_the_errors_by_field(
    document: dict[str, Any], target: Client, tmp_path: Path
) -> None:
    document["plans"][0]["end"] = "2025-01-01"
    document["version"] = VERSION
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = footprint(target)
    err = io.StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command(
            "casework_import",
            str(path),
            "--client",
            str(target.pk),
            "--user",
            "counsellor.joensuu",
            stderr=err,
        )
    assert "plans[0].end: The end is before the start." in err.getvalue()
    assert footprint(target) == before


def test_the_commands_refuse_bad_arguments(
    source: Client, target: Client, tmp_path: Path, people: dict[str, User]
) -> None:
    with pytest.raises(CommandError, match="no client"):
        call_command("casework_export", "not-a-uuid")
    with pytest.raises(CommandError, match="may not read"):
        call_command("casework_export", str(source.pk), "--user", "counsellor.kokkola")
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("casework_import", str(path), "--client", str(target.pk), "--user", "x")
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="no active user"):
        call_command("casework_import", str(path), "--client", str(target.pk), "--user", "x")
    with pytest.raises(CommandError, match="may not write"):
        call_command(
            "casework_import",
            str(path),
            "--client",
            str(target.pk),
            "--user",
            "counsellor.kokkola",
        )


def test_records_are_imported_only_into_the_importers_own_units(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["plans"][1]["unit"] = {"organisation": "kokkola-kotoutumispalvelut", "slug": "ohjaus"}
    errors = refused(target, document, people["counsellor.joensuu"])
    assert set(errors) == {"plans[1].unit"}
    assert "your own units" in errors["plans[1].unit"][0]


def test_a_version_1_document_is_read_with_the_renamed_kind(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    """Version 2 renamed `multiprofessional` (the repealed ss. 15 and 17) to
    `county_on_request`; a version 1 document of the same records is still imported."""
    from kotopolku.casework.exchange.reader import read_document
    from kotopolku.casework.exchange.versions import SCHEMA_V1

    old = copy.deepcopy(document)
    old["schema"], old["version"] = SCHEMA_V1, 1
    old["assessments"][0]["kind"] = "multiprofessional"
    old["plans"][0]["kind"] = "multiprofessional"
    run_import(target, old, people["counsellor.joensuu"])
    assert set(target.assessments.values_list("kind", flat=True)) == {"county_on_request"}
    assert "county_on_request" in set(target.plans.values_list("kind", flat=True))
    # the same value in a version 2 document is refused: it names a repealed route
    new = copy.deepcopy(document)
    new["assessments"][0]["kind"] = "multiprofessional"
    with pytest.raises(DocumentError) as caught:
        read_document(target, new)
    assert "assessments[0].kind" in caught.value.errors


def test_an_import_does_not_tell_which_usernames_exist(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    """Issue 11 item 9: a username outside the importer's organisations gets the answer of
    an unknown one, so that the import cannot list the installation's usernames."""
    answers = {}
    for username in ("counsellor.kokkola", "wellbeing.kokkola", "no.such.user"):
        document["assessments"][0]["interviewer"] = username
        errors = refused(target, document, people["counsellor.joensuu"])
        answers[username] = errors["assessments[0].interviewer"][0].replace(username, "X")
    assert len(set(answers.values())) == 1, answers
    assert "No colleague" in answers["no.such.user"]


def test_a_document_without_civic_orientation_and_trainings_is_read_as_having_none(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    del document["civic_orientation"], document["trainings"]
    counts = run_import(target, document, people["counsellor.joensuu"])
    assert (counts["civic_orientation"], counts["trainings"]) == (0, 0)
    assert counts["contacts"] == 3


def test_a_bad_training_or_offer_is_named_by_its_path(
    document: dict[str, Any], target: Client, people: dict[str, User]
) -> None:
    document["trainings"][0]["level_reading"] = "B9"
    document["civic_orientation"][0]["taken"] = "perhaps"
    errors = refused(target, document, people["counsellor.joensuu"])
    assert "trainings[0].level_reading" in errors
    assert "civic_orientation[0].taken" in errors
