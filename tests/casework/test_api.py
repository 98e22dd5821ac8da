"""The casework API under /api/v1/clients/{id}/: assessments, plans, deadlines, contacts.

Minimal payloads work; a rule of law refuses with `rule_violation` and the rule's id (the
two-year total accepts a documented exception); bad input names every field and saves
nothing; an unknown or invisible client is 404, the side that is not responsible gets 403;
every read is in the access log.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import Client as HttpClient

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.casework import actions as casework_actions
from kotopolku.casework.models import (
    Assessment,
    CivicOrientationOffer,
    Contact,
    ContactTopic,
    Deadline,
    Goal,
    IntegrationTraining,
    LanguageLevel,
    Plan,
    PlannedService,
)
from kotopolku.clients import actions as client_actions
from kotopolku.clients import validation
from kotopolku.clients.models import Client
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Membership, Organisation, Role
from tests.clients.conftest import api, client_data, persona_context, unit_of

HELSINKI = ZoneInfo("Europe/Helsinki")
WINDOW_RULE = "integration-window-681-2023"
FIRST_PLAN_RULE = "first-plan-one-year-681-2023"
TOTAL_RULE = "plans-total-two-years-681-2023"
INTERVIEW_RULE = "initial-interview-public-official-681-2023"

# A first plan of exactly one year, and a second plan that takes the total over two years.
FIRST_PLAN = {
    "kind": "basic",
    "start": "2025-02-01",
    "end": "2026-01-31",
    "goals": [{"text": "Suomen kieli A2-tasolle"}],
}
SECOND_PLAN = {
    "kind": "basic",
    "start": "2026-02-01",
    "end": "2027-03-31",
    "goals": [{"text": "Ammatillinen koulutus"}],
}


# --- Fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _world_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo organisations and logins, once per module, rolled back at its end. The
    staff's memberships are dated back to 2020 so that the public-official rule holds on
    the past dates the tests record."""
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:world"):
            orgs_demo.load()
            accounts_demo.load()
        Membership.objects.update(valid_from=datetime.date(2020, 1, 1))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_db: None, db: Any) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def caller_for(world: dict[str, User]) -> Callable[[str], HttpClient]:
    """A client sending a fresh API token of the persona."""

    def _caller(username: str) -> HttpClient:
        user = world[username]
        with acting(view="test:token"):
            _t, text = account_actions.do_create_token(
                user, name="test", days=30, read_only=False, acting_user=user
            )
        return api(text)

    return _caller


@pytest.fixture
def caller(caller_for: Callable[[str], HttpClient]) -> HttpClient:
    return caller_for("counsellor.joensuu")


@pytest.fixture
def add_client(world: dict[str, User]) -> Callable[..., Client]:
    """A client registered through the real validation and action, as `owner`."""

    def _add(owner: str = "counsellor.joensuu", **data: Any) -> Client:
        user = world[owner]
        result = validation.validate(client_data(**data))
        assert result.ok, result.errors
        ctx = persona_context(user)
        with acting(view="test:add_client", **ctx):
            return client_actions.do_create_client(
                result.values,
                responsible_unit=ctx["unit"],
                counsellor=user if user.has_role(Role.COUNSELLOR) else None,
                jobseeker_since=None,
                acting_user=user,
            )

    return _add


@pytest.fixture
def client(add_client: Callable[..., Client]) -> Client:
    """Joensuu, first permit 2024-05-02 (window to 2027-05-02), mother tongue Arabic."""
    return add_client()


@pytest.fixture
def kokkola_client(add_client: Callable[..., Client]) -> Client:
    return add_client("counsellor.kokkola", municipality="272")


# --- Helpers ------------------------------------------------------------------------------------


def url(client: Client | uuid.UUID, rest: str) -> str:
    pk = client.pk if isinstance(client, Client) else client
    return f"/api/v1/clients/{pk}/{rest}"


def post(caller: HttpClient, path: str, data: Any) -> Any:
    return caller.post(path, json.dumps(data), content_type="application/json")


def patch(caller: HttpClient, path: str, data: Any) -> Any:
    return caller.patch(path, json.dumps(data), content_type="application/json")


def counts() -> dict[str, int]:
    """Everything a refused request must leave as it was."""
    return {
        "assessments": Assessment.objects.count(),
        "levels": LanguageLevel.objects.count(),
        "plans": Plan.objects.count(),
        "goals": Goal.objects.count(),
        "services": PlannedService.objects.count(),
        "contacts": Contact.objects.count(),
        "deadlines": Deadline.objects.count(),
        "changes": ChangeEvent.objects.exclude(client_id=None).count(),
        "civic": CivicOrientationOffer.objects.count(),
        "trainings": IntegrationTraining.objects.count(),
    }


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()["error"]
    return body


def travel(day: datetime.date) -> Any:
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=HELSINKI)
    return time_machine.travel(moment, tick=False)


# --- Assessments --------------------------------------------------------------------------------


def test_a_minimal_assessment_is_created_with_its_defaults(
    caller: HttpClient, client: Client
) -> None:
    response = post(
        caller,
        url(client, "assessments"),
        {"kind": "basic", "started": "2025-03-03", "completed": None},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "basic"
    assert (body["started"], body["completed"]) == ("2025-03-03", None)
    assert body["interviewer"] == "counsellor.joensuu"
    assert body["interview_language"] == "ar", "the client's mother tongue"
    assert body["unit"] == str(unit_of("toivo", "ohjaus").pk)
    assert body["plan_needed"] is True
    assert body["language_levels"] == []
    assessment = Assessment.objects.get(pk=body["id"])
    assert assessment.client_id == client.pk
    event = ChangeEvent.objects.get(subject_type="assessment", subject_id=body["id"])
    assert (event.action, event.view, event.client_id) == (
        "create",
        "casework.create_assessment",
        client.pk,
    )


def test_an_assessment_with_language_levels_and_details(
    caller: HttpClient, client: Client, world: dict[str, User]
) -> None:
    response = post(
        caller,
        url(client, "assessments"),
        {
            "kind": "multiprofessional",  # the value before v2 is still read
            "started": "2025-03-03",
            "completed": "2025-03-20",
            "interviewer": "manager.joensuu",
            "interview_language": "fi",
            "interpreter_used": True,
            "interpreter_language": "ar",
            "education": "12 years of school",
            "literacy_mother_tongue": "fluent",
            "literacy_latin": "partial",
            "digital_skills": "basic",
            "childcare_needed": True,
            "health_social_needs": True,
            "plan_needed": True,
            "language_levels": [
                {"language": "fi", "skill": "speaking", "level": "A1.2", "source": "assessment"},
                {"language": "fi", "skill": "reading", "level": "b1", "measured_on": "2025-03-20"},
                {"language": "en", "skill": "listening", "level": "C2", "source": "self_report"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "county_on_request"
    body = response.json()
    assert body["interviewer"] == "manager.joensuu"
    assert body["interview_language"] == "fi"
    assert (body["literacy_latin"], body["digital_skills"]) == ("partial", "basic")
    levels = {(lv["language"], lv["skill"]): lv for lv in body["language_levels"]}
    assert levels[("fi", "speaking")]["level"] == "A1.2"
    assert levels[("fi", "reading")]["level"] == "B1"
    assert levels[("fi", "reading")]["measured_on"] == "2025-03-20"
    assert levels[("en", "listening")]["source"] == "self_report"
    assert LanguageLevel.objects.filter(assessment_id=body["id"]).count() == 3

    listed = caller.get(url(client, "assessments"))
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert listed.json()["results"][0]["id"] == body["id"]


def test_an_assessment_outside_the_window_is_a_rule_violation(
    caller: HttpClient, add_client: Callable[..., Client]
) -> None:
    old = add_client(first_permit_date="2021-01-10")  # the window ended 2024-01-10
    before = counts()
    response = post(caller, url(old, "assessments"), {"kind": "basic", "started": "2025-03-03"})
    body = error(response, 422)
    assert body["code"] == "rule_violation"
    assert body["rule"] == WINDOW_RULE
    assert "681/2023" in body["legal_reference"]
    assert list(body["fields"]) == ["started"]
    assert body["exception_allowed"] is False
    assert counts() == before


def test_an_interviewer_who_is_not_a_public_official_is_a_rule_violation(
    caller: HttpClient, client: Client, make_user: Callable[..., User]
) -> None:
    make_user(Role.COUNSELLOR, unit_of("toivo", "ohjaus"), username="contract.worker")
    Membership.objects.filter(user__username="contract.worker").update(
        valid_from=datetime.date(2020, 1, 1)
    )
    before = counts()
    response = post(
        caller,
        url(client, "assessments"),
        {"kind": "basic", "started": "2025-03-03", "interviewer": "contract.worker"},
    )
    body = error(response, 422)
    assert (body["code"], body["rule"]) == ("rule_violation", INTERVIEW_RULE)
    assert list(body["fields"]) == ["interviewer"]
    assert counts() == before


def test_an_assessment_records_needs_and_refuses_an_unknown_one(
    caller: HttpClient, client: Client
) -> None:
    response = post(
        caller,
        url(client, "assessments"),
        {"kind": "basic", "started": "2025-03-03", "needs": ["work_studies", "language"]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["needs"] == ["language", "work_studies"]
    listed = caller.get(url(client, "assessments")).json()["results"][0]
    assert listed["needs"] == ["language", "work_studies"]
    before = counts()
    refused = post(
        caller,
        url(client, "assessments"),
        {"kind": "basic", "started": "2025-03-03", "needs": ["language", "happiness"]},
    )
    body = error(refused, 422)
    assert list(body["fields"]) == ["needs"]
    assert "happiness" in body["fields"]["needs"][0]
    assert counts() == before


def test_bad_assessment_input_names_every_field_and_saves_nothing(
    caller: HttpClient, client: Client
) -> None:
    before = counts()
    response = post(
        caller,
        url(client, "assessments"),
        {
            "kind": "thorough",
            "started": "2025-03-03",
            "completed": "2025-03-01",
            "interviewer": "nobody.here",
            "interview_language": "xx",
            "digital_skills": "wizard",
            "language_levels": [
                {"language": "zz", "skill": "speaking", "level": "B3"},
                {"language": "fi", "skill": "juggling", "level": "A1"},
            ],
        },
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {
        "kind",
        "completed",
        "interviewer",
        "interview_language",
        "digital_skills",
        "language_levels[0].language",
        "language_levels[0].level",
        "language_levels[1].skill",
    }
    assert counts() == before


def test_an_unknown_language_code_is_refused(caller: HttpClient, client: Client) -> None:
    before = counts()
    response = post(
        caller,
        url(client, "assessments"),
        {"kind": "basic", "started": "2025-03-03", "interview_language": "klingon"},
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["interview_language"]
    assert counts() == before


def test_a_malformed_date_is_refused_in_the_error_shape(caller: HttpClient, client: Client) -> None:
    response = post(caller, url(client, "assessments"), {"kind": "basic", "started": "3.3.2025"})
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert "started" in body["fields"]


# --- Plans --------------------------------------------------------------------------------------


def test_a_minimal_plan_is_created_and_read_back(caller: HttpClient, client: Client) -> None:
    response = post(caller, url(client, "plans"), FIRST_PLAN)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["start"], body["end"]) == ("basic", "2025-02-01", "2026-01-31")
    assert body["status"] == "active"
    assert body["authority"] == "municipality"
    assert body["recorded_in"] == "kotopolku"
    assert body["explained_in"] == "ar"
    assert body["exception"] is None
    assert body["services"] == []
    [goal] = body["goals"]
    assert (goal["text"], goal["status"]) == ("Suomen kieli A2-tasolle", "open")
    uuid.UUID(goal["id"])

    one = caller.get(url(client, f"plans/{body['id']}"))
    assert one.status_code == 200
    assert one.json() == body
    listed = caller.get(url(client, "plans")).json()
    assert listed["count"] == 1
    assert listed["results"] == [body]


def test_a_first_plan_longer_than_a_year_is_refused(caller: HttpClient, client: Client) -> None:
    before = counts()
    response = post(caller, url(client, "plans"), {**FIRST_PLAN, "end": "2026-02-01"})
    body = error(response, 422)
    assert (body["code"], body["rule"]) == ("rule_violation", FIRST_PLAN_RULE)
    assert list(body["fields"]) == ["end"]
    assert body["exception_allowed"] is False
    assert counts() == before


def test_the_first_plan_rule_allows_no_exception(caller: HttpClient, client: Client) -> None:
    before = counts()
    response = post(
        caller,
        url(client, "plans"),
        {
            **FIRST_PLAN,
            "end": "2026-02-01",
            "exception": {"rule": FIRST_PLAN_RULE, "reason": "The course ends a day later."},
        },
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert "exception.rule" in body["fields"]
    assert counts() == before


def test_the_two_year_total_is_refused_until_an_extension_is_recorded(
    caller: HttpClient, client: Client
) -> None:
    assert post(caller, url(client, "plans"), FIRST_PLAN).status_code == 201
    before = counts()
    refused = post(caller, url(client, "plans"), SECOND_PLAN)
    body = error(refused, 422)
    assert (body["code"], body["rule"]) == ("rule_violation", TOTAL_RULE)
    assert body["exception_allowed"] is False
    assert list(body["fields"]) == ["end"]
    assert counts() == before

    # a free-text exception no longer lifts it
    reason = "Literacy training started late; agreed with the client."
    carried = post(
        caller,
        url(client, "plans"),
        {**SECOND_PLAN, "exception": {"rule": TOTAL_RULE, "reason": reason}},
    )
    assert "exception.rule" in error(carried, 422)["fields"]
    # an extension decision with a reason from the list, a length and who decided
    bad = post(
        caller,
        url(client, "plan-extensions"),
        {"decided_on": "2026-01-15", "months": 0, "reason": "whim"},
    )
    assert set(error(bad, 422)["fields"]) == {"months", "reason"}
    assert counts() == before
    decided = post(
        caller,
        url(client, "plan-extensions"),
        {"decided_on": "2026-01-15", "months": 2, "reason": "literacy", "note": reason},
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["maximum_end"] == "2027-03-31"
    assert decided.json()["decided_by"] == "counsellor.joensuu"
    accepted = post(caller, url(client, "plans"), SECOND_PLAN)
    assert accepted.status_code == 201, accepted.content
    event = ChangeEvent.objects.get(subject_type="plan_extension", subject_id=decided.json()["id"])
    assert event.changes["reason"] == [None, "literacy"]
    assert event.view == "casework.create_plan_extension"


def test_an_exception_without_a_reason_is_refused(caller: HttpClient, client: Client) -> None:
    assert post(caller, url(client, "plans"), FIRST_PLAN).status_code == 201
    before = counts()
    response = post(
        caller,
        url(client, "plans"),
        {**SECOND_PLAN, "exception": {"rule": TOTAL_RULE, "reason": "  "}},
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert "exception.reason" in body["fields"]
    assert counts() == before


def test_plan_dates_in_the_wrong_order_are_refused(caller: HttpClient, client: Client) -> None:
    before = counts()
    response = post(
        caller,
        url(client, "plans"),
        {
            **FIRST_PLAN,
            "start": "2025-06-01",
            "end": "2025-05-01",
            "services": [
                {"name": "Kotoutumiskoulutus", "start": "2025-09-01", "end": "2025-08-01"}
            ],
        },
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"end", "services[0].end"}
    assert counts() == before


def test_services_need_a_known_provider_and_an_existing_consent(
    caller: HttpClient, client: Client
) -> None:
    before = counts()
    response = post(
        caller,
        url(client, "plans"),
        {
            **FIRST_PLAN,
            "services": [
                {"name": "Language café", "provider": "no-such-org"},
                {
                    "name": "Volunteer friend",
                    "provider": "spr-joensuu",
                    "consent": str(uuid.uuid4()),
                },
            ],
        },
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"services[0].provider", "services[1].consent"}
    assert counts() == before


def test_a_referral_to_an_ngo_without_consent_is_refused(
    caller: HttpClient, client: Client
) -> None:
    before = counts()
    response = post(
        caller,
        url(client, "plans"),
        {**FIRST_PLAN, "services": [{"name": "Volunteer friend", "provider": "spr-joensuu"}]},
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["services[0].consent"]
    assert counts() == before


def test_a_referral_with_the_clients_consent_is_recorded(
    caller: HttpClient, client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    spr = Organisation.objects.get(slug="spr-joensuu")
    with acting(view="test:consent", **persona_context(user)):
        consent = casework_actions.do_record_consent(
            client,
            scope="referral",
            recipient=spr,
            given_on=datetime.date(2025, 1, 20),
            acting_user=user,
        )
    response = post(
        caller,
        url(client, "plans"),
        {
            **FIRST_PLAN,
            "services": [
                {
                    "name": "Volunteer friend",
                    "provider": "spr-joensuu",
                    "start": "2025-02-10",
                    "status": "directed",
                    "consent": str(consent.pk),
                },
                {"name": "Kotoutumiskoulutus", "provider_name": "Riveria", "start": "2025-03-01"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    services = {s["name"]: s for s in response.json()["services"]}
    friend = services["Volunteer friend"]
    assert (friend["provider"], friend["consent"]) == ("spr-joensuu", str(consent.pk))
    assert (friend["status"], friend["directed_on"]) == ("directed", "2025-02-10")
    course = services["Kotoutumiskoulutus"]
    assert (course["provider"], course["provider_name"], course["status"]) == (
        None,
        "Riveria",
        "planned",
    )


def test_patch_changes_dates_status_and_goal_statuses(caller: HttpClient, client: Client) -> None:
    plan = post(caller, url(client, "plans"), FIRST_PLAN).json()
    goal_id = plan["goals"][0]["id"]
    response = patch(
        caller,
        url(client, f"plans/{plan['id']}"),
        {
            "end": "2025-12-31",
            "client_responsibilities": "Attends the course",
            "goals": [{"id": goal_id, "status": "in_progress"}, {"text": "Driving licence"}],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["end"] == "2025-12-31"
    assert body["client_responsibilities"] == "Attends the course"
    assert [(g["text"], g["status"]) for g in body["goals"]] == [
        ("Suomen kieli A2-tasolle", "in_progress"),
        ("Driving licence", "open"),
    ]
    update = ChangeEvent.objects.get(subject_type="plan", subject_id=plan["id"], action="update")
    assert update.changes["end"] == ["2026-01-31", "2025-12-31"]
    assert update.view == "casework.update_plan"
    goal_event = ChangeEvent.objects.get(subject_type="goal", subject_id=goal_id, action="update")
    assert goal_event.changes == {"status": ["open", "in_progress"]}

    ended = patch(caller, url(client, f"plans/{plan['id']}"), {"status": "ended"})
    assert ended.status_code == 200
    assert ended.json()["status"] == "ended"


def test_patch_refuses_a_longer_total_until_an_extension_is_recorded(
    caller: HttpClient, client: Client
) -> None:
    assert post(caller, url(client, "plans"), FIRST_PLAN).status_code == 201
    second = post(caller, url(client, "plans"), {**SECOND_PLAN, "end": "2027-01-31"})
    assert second.status_code == 201, second.content
    path = url(client, f"plans/{second.json()['id']}")
    goal_id = second.json()["goals"][0]["id"]
    before = counts()
    refused = patch(
        caller, path, {"end": "2027-06-30", "goals": [{"id": goal_id, "status": "achieved"}]}
    )
    body = error(refused, 422)
    assert (body["code"], body["rule"]) == ("rule_violation", TOTAL_RULE)
    assert counts() == before, "the goal status was not changed either"
    assert Goal.objects.get(pk=goal_id).status == "open"

    extension = {"decided_on": "2026-12-01", "months": 5, "reason": "illness"}
    assert post(caller, url(client, "plan-extensions"), extension).status_code == 201
    accepted = patch(caller, path, {"end": "2027-06-30"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["end"] == "2027-06-30"
    assert accepted.json()["exception"] is None


def test_patch_with_bad_input_names_the_fields(caller: HttpClient, client: Client) -> None:
    plan = post(caller, url(client, "plans"), FIRST_PLAN).json()
    before = counts()
    response = patch(
        caller,
        url(client, f"plans/{plan['id']}"),
        {
            "start": "2026-03-01",
            "status": "paused",
            "explained_in": "xx",
            "goals": [{"id": str(uuid.uuid4()), "status": "achieved"}],
        },
    )
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"end", "status", "explained_in", "goals[0].id"}
    assert counts() == before


def test_a_plan_of_another_client_is_not_found(
    caller: HttpClient, client: Client, add_client: Callable[..., Client]
) -> None:
    plan = post(caller, url(client, "plans"), FIRST_PLAN).json()
    other = add_client()
    assert error(caller.get(url(other, f"plans/{plan['id']}")), 404)["code"] == "not_found"
    response = patch(caller, url(other, f"plans/{plan['id']}"), {"status": "ended"})
    assert error(response, 404)["code"] == "not_found"


# --- Visibility and the responsible side --------------------------------------------------------


VALID = {
    "assessments": {"kind": "basic", "started": "2025-03-03"},
    "plans": FIRST_PLAN,
    "contacts": {"day": "2025-03-03", "channel": "phone", "language": "ar"},
    "civic-orientation": {"offered_on": "2025-03-03", "language": "ar"},
    "trainings": {"referred_on": "2025-03-03", "language": "fi"},
}


@pytest.mark.parametrize(
    ("method", "rest"),
    [
        ("get", "assessments"),
        ("post", "assessments"),
        ("get", "plans"),
        ("post", "plans"),
        ("get", "deadlines"),
        ("post", "contacts"),
        ("get", "civic-orientation"),
        ("post", "civic-orientation"),
        ("get", "trainings"),
        ("post", "trainings"),
    ],
)
def test_a_client_the_caller_cannot_see_is_not_found(
    caller: HttpClient, kokkola_client: Client, method: str, rest: str
) -> None:
    before = counts()
    for target in (kokkola_client.pk, uuid.uuid4()):
        if method == "get":
            response = caller.get(url(target, rest))
        else:
            response = post(caller, url(target, rest), VALID[rest])
        assert error(response, 404)["code"] == "not_found"
    assert counts() == before


def test_after_the_client_becomes_a_jobseeker_only_the_employment_area_writes(
    caller_for: Callable[[str], HttpClient], kokkola_client: Client
) -> None:
    counsellor = caller_for("counsellor.kokkola")
    employment = caller_for("employment.kokkola")
    assessment = {"kind": "basic", "started": "2025-03-03"}
    # the employment area cannot see the client before they are a jobseeker
    assert post(employment, url(kokkola_client, "assessments"), assessment).status_code == 404

    flipped = patch(counsellor, f"/api/v1/clients/{kokkola_client.pk}", {"jobseeker": True})
    assert flipped.status_code == 200, flipped.content
    assert flipped.json()["responsible_authority"] == "employment_area"

    before = counts()
    body = error(post(counsellor, url(kokkola_client, "assessments"), assessment), 403)
    assert body["code"] == "forbidden"
    assert body["responsible_authority"] == "employment_area"
    assert "jobseeker" in body["message"]
    contact = {"day": "2025-03-03", "channel": "phone", "language": "ar"}
    assert error(post(counsellor, url(kokkola_client, "contacts"), contact), 403)
    assert error(post(counsellor, url(kokkola_client, "plans"), FIRST_PLAN), 403)
    for rest in ("civic-orientation", "trainings"):
        assert error(post(counsellor, url(kokkola_client, rest), VALID[rest]), 403)
    assert counts() == before
    # the municipal side keeps reading, but only the responsible side exports the document
    assert counsellor.get(url(kokkola_client, "assessments")).status_code == 200
    assert error(counsellor.get(url(kokkola_client, "casework-export")), 403)
    # an interviewer of another organisation is refused (and no user is confirmed to exist)
    other = {**assessment, "interviewer": "counsellor.joensuu"}
    body = error(post(employment, url(kokkola_client, "assessments"), other), 422)
    assert set(body["fields"]) == {"interviewer"}

    created = post(employment, url(kokkola_client, "assessments"), assessment)
    assert created.status_code == 201, created.content
    assert created.json()["interviewer"] == "employment.kokkola"
    area_unit = unit_of("keski-pohjanmaan-tyollisyysalue", "kotoutuminen")
    assert created.json()["unit"] == str(area_unit.pk)
    plan = post(employment, url(kokkola_client, "plans"), FIRST_PLAN)
    assert plan.status_code == 201, plan.content
    assert plan.json()["authority"] == "employment_area"


def test_a_read_only_token_cannot_write(world: dict[str, User], client: Client) -> None:
    user = world["counsellor.joensuu"]
    with acting(view="test:token"):
        _t, text = account_actions.do_create_token(
            user, name="ro", days=30, read_only=True, acting_user=user
        )
    reader = api(text)
    assert reader.get(url(client, "plans")).status_code == 200
    assert post(reader, url(client, "plans"), FIRST_PLAN).status_code == 403


# --- Deadlines ----------------------------------------------------------------------------------


def _deadlines(caller: HttpClient, client: Client) -> dict[str, dict[str, Any]]:
    response = caller.get(url(client, "deadlines"))
    assert response.status_code == 200, response.content
    return {d["kind"]: d for d in response.json()["results"]}


def test_deadlines_follow_the_casework_and_turn_overdue(
    caller_for: Callable[[str], HttpClient], add_client: Callable[..., Client]
) -> None:
    with travel(datetime.date(2025, 3, 3)):
        client = add_client()  # a client since 2025-03-03
        caller = caller_for("counsellor.joensuu")
        found = _deadlines(caller, client)
        assert set(found) == {"assessment_start", "window_ending"}
        start = found["assessment_start"]
        assert (start["due"], start["overdue"]) == ("2025-05-03", False)
        assert start["rule"] == {
            "id": "assessment-start-months",
            "title": start["rule"]["title"],
            "legal_reference": start["rule"]["legal_reference"],
            "verified": False,
        }
        window = found["window_ending"]
        assert (window["due"], window["overdue"]) == ("2027-05-02", False)
        assert window["rule"]["id"] == WINDOW_RULE
        assert window["rule"]["verified"] is True

    with travel(datetime.date(2025, 5, 4)):
        caller = caller_for("counsellor.joensuu")  # a token is valid for 30 days
        found = _deadlines(caller, client)
        assert found["assessment_start"]["overdue"] is True
        assert found["assessment_start"]["state"] == "overdue"  # the window is years away
        assert found["window_ending"]["overdue"] is False
        assert found["window_ending"]["state"] == "open"
        response = post(
            caller,
            url(client, "assessments"),
            {"kind": "basic", "started": "2025-05-04", "completed": "2025-05-04"},
        )
        assert response.status_code == 201, response.content
        found = _deadlines(caller, client)
        assert set(found) == {"plan_after_assessment", "window_ending"}
        after = found["plan_after_assessment"]
        assert (after["due"], after["overdue"]) == ("2025-05-18", False)
        assert after["rule"]["id"] == "plan-without-delay-681-2023"

    with travel(datetime.date(2025, 5, 19)):
        caller = caller_for("counsellor.joensuu")
        assert _deadlines(caller, client)["plan_after_assessment"]["overdue"] is True
        plan = {**FIRST_PLAN, "start": "2025-05-19", "end": "2026-05-18"}
        assert post(caller, url(client, "plans"), plan).status_code == 201
        found = _deadlines(caller, client)
        assert set(found) == {"services_directed", "review", "plan_ending", "plan_maximum"}
        assert found["plan_maximum"]["due"] == "2027-05-18"
        assert found["services_directed"]["due"] == "2025-11-19"
        assert found["review"]["due"] == "2025-11-19"
        assert found["plan_ending"]["due"] == "2026-05-18"
        assert not any(d["overdue"] for d in found.values())

    with travel(datetime.date(2025, 11, 20)):
        caller = caller_for("counsellor.joensuu")
        found = _deadlines(caller, client)
        assert found["services_directed"]["overdue"] is True
        assert found["plan_ending"]["overdue"] is False


@pytest.mark.parametrize(
    ("day", "state", "overdue"),
    [
        (datetime.date(2025, 3, 31), "open", False),
        (datetime.date(2025, 4, 1), "open", False),  # the window's last day
        (datetime.date(2025, 4, 2), "lapsed", True),
    ],
)
def test_a_step_capped_at_the_window_end_lapses_the_day_after(
    caller_for: Callable[[str], HttpClient],
    add_client: Callable[..., Client],
    day: datetime.date,
    state: str,
    overdue: bool,
) -> None:
    """Issue 15: `state` tells a lapsed right from an overdue task; `overdue` keeps its
    meaning (the last day has passed)."""
    with travel(datetime.date(2025, 3, 3)):
        client = add_client(first_permit_date="2022-04-01")  # the window ends 1.4.2025
        # the assessment done: the plan is due in 14 days, capped at the window's last day
        response = post(
            caller_for("counsellor.joensuu"),
            url(client, "assessments"),
            {"kind": "basic", "started": "2025-03-03", "completed": "2025-03-25"},
        )
        assert response.status_code == 201, response.content
    with travel(day):
        found = _deadlines(caller_for("counsellor.joensuu"), client)
    for kind in ("plan_after_assessment", "window_ending"):
        assert found[kind]["due"] == "2025-04-01"
        assert (found[kind]["state"], found[kind]["overdue"]) == (state, overdue)


# --- Contacts -----------------------------------------------------------------------------------


@pytest.fixture
def topics(db: Any) -> None:
    """Active topics and a retired one, whether or not the seed migration made them."""
    for code, active in (("housing", True), ("kela", True), ("old-topic", False)):
        ContactTopic.objects.update_or_create(
            code=code, defaults={"name": {"en": code}, "is_active": active}
        )


def test_a_minimal_contact_is_recorded(caller: HttpClient, client: Client, topics: None) -> None:
    response = post(
        caller,
        url(client, "contacts"),
        {"day": "2025-09-15", "channel": "walk_in", "language": "ar", "topics": ["housing"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["day"], body["channel"], body["language"]) == ("2025-09-15", "walk_in", "ar")
    assert body["topics"] == ["housing"]
    assert body["fee_chargeable"] is False
    assert body["recorded_by"] == "counsellor.joensuu"
    contact = Contact.objects.get(pk=body["id"])
    assert contact.client_id == client.pk
    assert ChangeEvent.objects.filter(subject_type="contact", subject_id=body["id"]).count() == 1


def test_a_missed_appointment_with_a_booked_interpreter_is_chargeable(
    caller: HttpClient, client: Client, topics: None
) -> None:
    response = post(
        caller,
        url(client, "contacts"),
        {
            "day": "2025-09-15",
            "channel": "appointment",
            "language": "ar",
            "interpreter_used": False,
            "topics": ["kela", "housing"],
            "minutes": 45,
            "note": "Did not come.",
            "interpreter_booked": True,
            "missed": True,
            "cancelled": False,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fee_chargeable"] is True
    assert (body["minutes"], body["missed"], body["interpreter_booked"]) == (45, True, True)


def test_unknown_or_retired_topics_are_refused(
    caller: HttpClient, client: Client, topics: None
) -> None:
    before = counts()
    for topic in ("no-such-topic", "old-topic"):
        response = post(
            caller,
            url(client, "contacts"),
            {"day": "2025-09-15", "channel": "phone", "language": "ar", "topics": [topic]},
        )
        body = error(response, 422)
        assert body["code"] == "invalid"
        assert list(body["fields"]) == ["topics"]
        assert topic in body["fields"]["topics"][0]
    assert counts() == before


def test_bad_contact_input_is_refused(caller: HttpClient, client: Client) -> None:
    before = counts()
    response = post(
        caller,
        url(client, "contacts"),
        {"day": "2025-09-15", "channel": "carrier_pigeon", "language": "xx"},
    )
    assert set(error(response, 422)["fields"]) == {"channel", "language"}
    # the action's own rule: a walk-in cannot be missed
    response = post(
        caller,
        url(client, "contacts"),
        {"day": "2025-09-15", "channel": "walk_in", "language": "ar", "missed": True},
    )
    assert list(error(response, 422)["fields"]) == ["missed"]
    assert counts() == before


# --- Civic orientation offered (s. 25) and integration training -------------------------------


def test_civic_orientation_is_listed_recorded_and_clears_the_pending_flag(
    caller: HttpClient, add_client: Callable[..., Client]
) -> None:
    recent = (datetime.date.today() - datetime.timedelta(days=200)).isoformat()
    client = add_client(first_permit_date=recent)
    empty = caller.get(url(client, "civic-orientation"))
    assert empty.status_code == 200, empty.content
    assert empty.json() == {"count": 0, "civic_orientation_pending": True, "results": []}

    created = post(
        caller,
        url(client, "civic-orientation"),
        {"offered_on": "2025-09-01", "language": "ar", "taken": "taken", "note": " Ryhmä 3 "},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["offered_on"], body["language"], body["taken"], body["note"]) == (
        "2025-09-01",
        "ar",
        "taken",
        "Ryhmä 3",
    )
    assert body["recorded_by"] == "counsellor.joensuu"
    row = ChangeEvent.objects.get(subject_type="civic_orientation", subject_id=body["id"])
    assert row.changes["language"] == [None, "ar"]
    assert row.actor_username == "counsellor.joensuu"

    listed = caller.get(url(client, "civic-orientation")).json()
    assert listed["count"] == 1 and not listed["civic_orientation_pending"]
    assert [o["id"] for o in listed["results"]] == [body["id"]]
    reads = AccessEvent.objects.filter(
        view="casework.list_civic_orientation", subject_type="civic_orientation"
    )
    assert [(e.subject_id, e.kind) for e in reads] == [(body["id"], "list")]


def test_the_empty_civic_orientation_list_still_logs_the_read_of_the_client(
    caller: HttpClient, client: Client
) -> None:
    assert caller.get(url(client, "civic-orientation")).status_code == 200
    [event] = AccessEvent.objects.filter(view="casework.list_civic_orientation")
    assert (event.subject_type, event.subject_id) == ("client", str(client.pk))


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"offered_on": "2999-01-01", "language": "ar"}, {"offered_on"}),
        ({"offered_on": "2025-09-01", "language": "xx", "taken": "maybe"}, {"language", "taken"}),
        ({"offered_on": "2025-09-01", "language": "ar", "note": "x" * 301}, {"note"}),
        ({"language": "ar"}, {"offered_on"}),
    ],
)
def test_bad_civic_orientation_input_names_the_field_and_saves_nothing(
    caller: HttpClient, client: Client, payload: dict[str, Any], fields: set[str]
) -> None:
    before = counts()
    body = error(post(caller, url(client, "civic-orientation"), payload), 422)
    assert set(body["fields"]) == fields
    assert counts() == before


def test_a_training_with_its_final_test_is_recorded_and_listed(
    caller: HttpClient, client: Client
) -> None:
    payload = {
        "language": "fi",
        "provider_name": " Joensuun kansalaisopisto ",
        "referred_on": "2025-01-10",
        "start": "2025-02-03",
        "end": "2025-11-28",
        "test_on": "2025-11-20",
        "level_listening": "a2.2",
        "level_speaking": "A2.1",
        "level_reading": "B1.1",
        "level_writing": "",
    }
    created = post(caller, url(client, "trainings"), payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "ended"
    assert body["provider_name"] == "Joensuun kansalaisopisto"
    assert (body["level_listening"], body["level_reading"]) == ("A2.2", "B1.1")
    row = ChangeEvent.objects.get(subject_type="integration_training", subject_id=body["id"])
    assert row.changes["test_on"] == [None, "2025-11-20"]
    # the result prefills the next plan review, as one recorded on the page does
    assert casework_actions.review_initial(client)["level_listening"] == "A2.2"

    referred = post(caller, url(client, "trainings"), {"referred_on": "2025-12-01"})
    assert referred.status_code == 201 and referred.json()["status"] == "referred"
    listed = caller.get(url(client, "trainings")).json()
    assert listed["count"] == 2
    assert [t["referred_on"] for t in listed["results"]] == ["2025-12-01", "2025-01-10"]
    reads = AccessEvent.objects.filter(view="casework.list_trainings")
    assert {(e.subject_type, e.kind) for e in reads} == {("integration_training", "list")}
    assert reads.count() == 2


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"referred_on": "2025-03-01", "start": "2025-02-01"}, {"start"}),
        ({"referred_on": "2025-03-01", "language": "en"}, {"language"}),
        ({"referred_on": "2025-03-01", "level_reading": "B1"}, {"test_on"}),
        (
            {"referred_on": "2025-03-01", "start": "2025-03-02", "test_on": "2025-06-01"},
            {"level_listening"},
        ),
        ({"referred_on": "2025-03-01", "end": "2025-06-01"}, {"end"}),
        ({"referred_on": "2999-01-01"}, {"referred_on"}),
        ({"referred_on": "2025-03-01", "provider_name": "x" * 201}, {"provider_name"}),
        ({"start": "2025-03-01"}, {"referred_on"}),
    ],
)
def test_bad_training_input_names_the_field_and_saves_nothing(
    caller: HttpClient, client: Client, payload: dict[str, Any], fields: set[str]
) -> None:
    before = counts()
    body = error(post(caller, url(client, "trainings"), payload), 422)
    assert set(body["fields"]) == fields
    assert counts() == before


# --- The access log -----------------------------------------------------------------------------


def test_every_read_is_in_the_access_log(caller: HttpClient, client: Client) -> None:
    post(caller, url(client, "assessments"), {"kind": "basic", "started": "2025-03-03"})
    plan = post(caller, url(client, "plans"), FIRST_PLAN).json()
    [assessment] = Assessment.objects.filter(client=client)

    def reads(view: str) -> list[AccessEvent]:
        return list(AccessEvent.objects.filter(view=view, client_id=client.pk))

    assert caller.get(url(client, "assessments")).status_code == 200
    [event] = reads("casework.list_assessments")
    assert (event.subject_type, event.subject_id, event.kind) == (
        "assessment",
        str(assessment.pk),
        "list",
    )
    assert event.actor_username == "counsellor.joensuu"

    assert caller.get(url(client, "plans")).status_code == 200
    [event] = reads("casework.list_plans")
    assert (event.subject_type, event.subject_id, event.kind) == ("plan", plan["id"], "list")

    assert caller.get(url(client, f"plans/{plan['id']}")).status_code == 200
    [event] = reads("casework.get_plan")
    assert (event.subject_type, event.subject_id, event.kind) == ("plan", plan["id"], "view")

    assert caller.get(url(client, "deadlines")).status_code == 200
    [event] = reads("casework.client_deadlines")
    assert (event.subject_type, event.subject_id) == ("client", str(client.pk))


def test_the_operations_are_in_the_openapi_document(caller: HttpClient) -> None:
    paths = caller.get("/api/v1/openapi.json").json()["paths"]
    ids = {op["operationId"] for item in paths.values() for op in item.values()}
    assert {
        "casework.list_assessments",
        "casework.create_assessment",
        "casework.list_plans",
        "casework.get_plan",
        "casework.create_plan",
        "casework.update_plan",
        "casework.client_deadlines",
        "casework.create_contact",
        "casework.list_civic_orientation",
        "casework.create_civic_orientation",
        "casework.list_trainings",
        "casework.create_training",
        "casework.export_casework",
        "casework.import_casework",
    } <= ids


# --- Export and import (lightly: the document belongs to casework.exchange) -------------------


def test_export_then_import_into_a_client_without_casework(
    caller: HttpClient, client: Client, add_client: Callable[..., Client]
) -> None:
    post(caller, url(client, "assessments"), {"kind": "basic", "started": "2025-03-03"})
    post(caller, url(client, "plans"), FIRST_PLAN)
    exported = caller.get(url(client, "casework-export"))
    assert exported.status_code == 200, exported.content
    document = exported.json()
    assert len(document["assessments"]) == 1
    assert len(document["plans"]) == 1
    assert AccessEvent.objects.filter(
        view="casework.export_casework", client_id=client.pk, kind="export"
    ).exists()

    # the client already has casework
    body = error(post(caller, url(client, "casework-import"), document), 409)
    assert body["code"] == "conflict"

    fresh = add_client()
    imported = post(caller, url(fresh, "casework-import"), document)
    assert imported.status_code == 201, imported.content
    assert imported.json()["imported"]["assessments"] == 1
    assert imported.json()["imported"]["plans"] == 1
    assert fresh.plans.count() == 1


def test_a_bad_document_is_refused_with_its_fields(caller: HttpClient, client: Client) -> None:
    before = counts()
    response = post(caller, url(client, "casework-import"), {"version": "nonsense"})
    body = error(response, 422)
    assert body["code"] == "invalid"
    assert body["fields"]
    assert counts() == before


def test_interpreting_is_recorded_and_a_groundless_fee_is_refused_with_the_rule(
    caller: HttpClient, client: Client
) -> None:
    body = {
        "day": "2025-09-15",
        "channel": "appointment",
        "language": "ar",
        "interpreter_needed": True,
        "fee_charged": True,
    }
    before = counts()
    refused = post(caller, url(client, "contacts"), body)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["rule"] == "missed-appointment-fee-681-2023-32a"
    assert "fee_charged" in error["fields"]
    assert counts() == before
    done = post(
        caller, url(client, "contacts"), {**body, "interpreter_booked": True, "missed": True}
    )
    assert done.status_code == 201, done.content
    out = done.json()
    assert (out["interpreter_needed"], out["fee_charged"], out["fee_chargeable"]) == (
        True,
        True,
        True,
    )


def test_the_client_api_says_whether_civic_orientation_is_still_to_be_offered(
    caller: HttpClient, client: Client, world: dict[str, User]
) -> None:
    body = caller.get(f"/api/v1/clients/{client.pk}").json()
    assert body["civic_orientation_pending"] is True
    listed = caller.get("/api/v1/clients", {"civic": "pending"}).json()
    assert str(client.pk) in {row["id"] for row in listed["results"]}
    user = world["counsellor.joensuu"]
    with acting(view="test"):
        casework_actions.do_record_civic_orientation(
            client, {"offered_on": datetime.date(2025, 9, 1), "language": "ar"}, acting_user=user
        )
    assert caller.get(f"/api/v1/clients/{client.pk}").json()["civic_orientation_pending"] is False
    listed = caller.get("/api/v1/clients", {"civic": "pending"}).json()
    assert str(client.pk) not in {row["id"] for row in listed["results"]}


def test_a_plan_carries_the_texts_written_for_the_client(
    caller: HttpClient, client: Client, world: dict[str, User]
) -> None:
    """Additive, read-only fields: each goal's `client_texts` and the plan's
    `client_responsibilities_texts` (written on the plan page), in the OpenAPI schema."""
    from kotopolku.casework.actions import do_set_client_texts
    from kotopolku.casework.models import Plan

    body = post(caller, url(client, "plans"), FIRST_PLAN).json()
    assert body["goals"][0]["client_texts"] == {}
    assert body["client_responsibilities_texts"] == {}
    plan = Plan.objects.get(pk=body["id"])
    user = world["counsellor.joensuu"]
    with acting(view="test:client_texts"):
        do_set_client_texts(
            plan,
            "ar",
            {body["goals"][0]["id"]: "ستتعلم الفنلندية."},
            "ستحضر الدورة.",
            acting_user=user,
        )
    read = caller.get(url(client, f"plans/{body['id']}")).json()
    assert read["goals"][0]["client_texts"] == {"ar": "ستتعلم الفنلندية."}
    assert read["client_responsibilities_texts"] == {"ar": "ستحضر الدورة."}
    # the fields that were there before are unchanged
    assert {k: v for k, v in read.items() if k != "client_responsibilities_texts"} | {
        "goals": body["goals"]
    } == {k: v for k, v in body.items() if k != "client_responsibilities_texts"}
    schemas = caller.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "client_texts" in schemas["GoalOut"]["properties"]
    assert "client_responsibilities_texts" in schemas["PlanOut"]["properties"]
