"""Casework actions against the database: each checks the rules before it writes, writes its
change-log row with the change, writes nothing when refused, and rewrites the deadlines.

The demo organisations and logins are loaded once for the module, as on LOADED, so the demo
memberships have the same dates whatever day the suite runs. Each test runs on TODAY.
"""

from __future__ import annotations

import datetime
import itertools
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import transaction

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions, rules
from kotopolku.casework import scopes as casework_scopes
from kotopolku.casework.actions import InvalidError, RuleException, RuleViolationError
from kotopolku.casework.models import (
    Assessment,
    Contribution,
    Deadline,
    Goal,
    HandOver,
    LanguageLevel,
    Plan,
    PlannedService,
    Review,
    WellbeingRequest,
)
from kotopolku.clients import actions as register
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Municipality, Organisation, Role
from tests.clients.conftest import persona_context

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
LOADED = datetime.datetime(2025, 1, 2, 12, 0, tzinfo=HELSINKI)
TODAY = D(2025, 6, 2)
NOW = datetime.datetime(2025, 6, 2, 12, 0, tzinfo=HELSINKI)
PERMIT = D(2024, 5, 2)
WINDOW_END = D(2027, 5, 2)

WINDOW_ID = "integration-window-681-2023"
INTERVIEW_ID = "initial-interview-public-official-681-2023"
FIRST_PLAN_ID = "first-plan-one-year-681-2023"
TOTAL_ID = "plans-total-two-years-681-2023"

_names = itertools.count(1)


# --- Fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def _casework_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo organisations and logins, loaded once on LOADED through the real loaders, in
    a transaction rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(LOADED, tick=False), acting(view="test:casework_world"):
            orgs_demo.load()
            accounts_demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(_casework_world: None, db: Any) -> dict[str, User]:
    """Fresh user objects (their memberships are cached per object)."""
    return {u.username: u for u in User.objects.all()}


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def make_client(
    owner: User,
    *,
    municipality: str = "167",
    permit: D | None = PERMIT,
    basis: str = "quota_refugee",
    jobseeker_since: D | None = None,
) -> Client:
    """A client through the register's own action, as `owner` (their own counsellor)."""
    n = next(_names)
    values = {
        "first_name": f"Amina{n}",
        "last_name": f"Casework{n}",
        "birth_date": D(1985, 3, 14),
        "mother_tongue": "ar",
        "municipality": Municipality.objects.valid_on().get(code=municipality),
        "first_permit_date": permit,
        "first_permit_kind": "residence_permit",
        "immigration_basis": basis,
    }
    context = persona_context(owner)
    with acting(view="test:make_client", **context):
        client = register.do_create_client(
            values,
            responsible_unit=context["unit"],
            counsellor=owner,
            jobseeker_since=jobseeker_since,
            acting_user=owner,
        )
    client.refresh_from_db()
    return client


def unit_of(user: User) -> Any:
    return persona_context(user)["unit"]


def assessment_values(**kw: Any) -> dict[str, Any]:
    return {"kind": "basic", "started": TODAY, "interview_language": "fi", **kw}


def plan_values(start: D, end: D, **kw: Any) -> dict[str, Any]:
    return {"kind": "basic", "start": start, "end": end, **kw}


def assess(client: Client, user: User, **kw: Any) -> Assessment:
    levels = kw.pop("levels", ())
    return actions.do_create_assessment(
        client, assessment_values(**kw), unit=unit_of(user), acting_user=user, levels=levels
    )


def make_plan(client: Client, user: User, start: D, end: D, **kw: Any) -> Plan:
    goals = kw.pop("goals", ())
    services = kw.pop("services", ())
    exception = kw.pop("exception", None)
    legacy = kw.pop("legacy_exception", False)
    return actions.do_create_plan(
        client,
        plan_values(start, end, **kw),
        unit=unit_of(user),
        acting_user=user,
        goals=goals,
        services=services,
        exception=exception,
        legacy_exception=legacy,
    )


def counts() -> dict[str, int]:
    models = (
        Assessment,
        LanguageLevel,
        Plan,
        Goal,
        PlannedService,
        Review,
        ChangeEvent,
        Deadline,
        HandOver,
    )
    return {m.__name__: m.objects.count() for m in models}


def rows(client: Client) -> list[tuple[str, D, str]]:
    return list(
        Deadline.objects.filter(client=client)
        .order_by("due", "id")
        .values_list("kind", "due", "rule")
    )


def next_due(client: Client) -> tuple[D | None, str]:
    return Client.objects.values_list("next_due", "next_due_kind").get(pk=client.pk)


def visible(user: User, client: Client) -> bool:
    fresh = User.objects.get(pk=user.pk)
    return client_scopes.visible_clients(fresh).filter(pk=client.pk).exists()


def may_write(user: User, client: Client) -> bool:
    fresh = User.objects.get(pk=user.pk)
    return client_scopes.may_write_casework(fresh, Client.objects.get(pk=client.pk))


def events(subject_type: str, subject_id: Any) -> list[ChangeEvent]:
    return list(
        ChangeEvent.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).order_by(
            "id"
        )
    )


# --- The change log ---------------------------------------------------------------------------


def test_creating_an_assessment_logs_every_value_as_new(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    assessment = assess(
        client,
        user,
        completed=D(2025, 6, 10),
        education="Nine years of school",
        levels=[{"language": "fi", "skill": "reading", "level": "A1.1"}],
    )
    (event,) = events("assessment", assessment.pk)
    assert event.action == ChangeEvent.Action.CREATE
    assert event.client_id == client.pk
    assert event.actor_id == user.pk
    assert event.actor_username == "counsellor.joensuu"
    assert event.changes["started"] == [None, "2025-06-02"]
    assert event.changes["completed"] == [None, "2025-06-10"]
    assert event.changes["interviewer"] == [None, str(user.pk)]
    assert event.changes["education"] == [None, "Nine years of school"]
    assert event.changes["plan_needed"] == [None, True]
    assert all(old is None for old, _new in event.changes.values())
    (level,) = assessment.language_levels.all()
    (level_event,) = events("language_level", level.pk)
    assert level_event.changes["level"] == [None, "A1.1"]


def test_updating_an_assessment_logs_the_old_and_the_new_value(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    assessment = assess(client, user)
    changed = actions.do_update_assessment(
        assessment, {"completed": D(2025, 6, 10), "plan_needed": False}, acting_user=user
    )
    assert changed == {"completed": [None, "2025-06-10"], "plan_needed": [True, False]}
    created, updated = events("assessment", assessment.pk)
    assert created.action == ChangeEvent.Action.CREATE
    assert updated.action == ChangeEvent.Action.UPDATE
    assert updated.changes == changed
    assessment.refresh_from_db()
    assert assessment.completed == D(2025, 6, 10)
    # the same values again change nothing and log nothing
    assert (
        actions.do_update_assessment(assessment, {"completed": D(2025, 6, 10)}, acting_user=user)
        == {}
    )
    assert len(events("assessment", assessment.pk)) == 2


def test_creating_a_plan_logs_the_plan_its_goals_and_its_services(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    plan = make_plan(
        client,
        user,
        TODAY,
        D(2026, 6, 1),
        goals=["Finnish A2", " Work trial "],
        services=[{"name": "Integration training", "status": "directed", "start": D(2025, 6, 9)}],
    )
    (event,) = events("plan", plan.pk)
    assert event.action == ChangeEvent.Action.CREATE
    assert event.client_id == client.pk
    assert event.changes["start"] == [None, "2025-06-02"]
    assert event.changes["end"] == [None, "2026-06-01"]
    assert event.changes["authority"] == [None, "municipality"]
    assert event.changes["explained_in"] == [None, "ar"], "defaults to the mother tongue"
    assert event.changes["recorded_in"] == [None, "kotopolku"]
    assert event.reason == ""
    goals = list(plan.goals.order_by("position"))
    assert [g.text for g in goals] == ["Finnish A2", "Work trial"]
    assert [events("goal", g.pk)[0].changes["text"] for g in goals] == [
        [None, "Finnish A2"],
        [None, "Work trial"],
    ]
    (service,) = plan.services.all()
    assert service.directed_on == D(2025, 6, 9), "a directed service is dated by its start"
    (service_event,) = events("planned_service", service.pk)
    assert service_event.changes["status"] == [None, "directed"]
    assert service_event.changes["directed_on"] == [None, "2025-06-09"]


def test_updating_a_plan_logs_the_old_and_the_new_value(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    plan = make_plan(client, user, TODAY, D(2026, 6, 1))
    changed = actions.do_update_plan(plan, {"end": D(2026, 1, 31)}, acting_user=user)
    assert changed == {"end": ["2026-06-01", "2026-01-31"]}
    assert events("plan", plan.pk)[-1].changes == changed
    assert actions.do_update_plan(plan, {"end": D(2026, 1, 31)}, acting_user=user) == {}
    assert len(events("plan", plan.pk)) == 2


# --- Refusals write nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permit", "interviewer", "rule_id", "field"),
    [
        (D(2021, 1, 1), "counsellor.joensuu", WINDOW_ID, "started"),  # the window ended 2024
        (None, "counsellor.joensuu", WINDOW_ID, "started"),  # no first permit date
        (PERMIT, "admin", INTERVIEW_ID, "interviewer"),  # not a public official
    ],
)
def test_an_assessment_refused_by_a_rule_writes_nothing(
    world: dict[str, User], permit: D | None, interviewer: str, rule_id: str, field: str
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user, permit=permit)
    before, deadlines = counts(), rows(client)
    with pytest.raises(RuleViolationError) as refused:
        assess(
            client,
            user,
            interviewer=world[interviewer],
            levels=[{"language": "fi", "skill": "reading", "level": "A1"}],
        )
    assert refused.value.first.rule.id == rule_id
    assert set(refused.value.fields()) == {field}
    assert counts() == before
    assert rows(client) == deadlines


def test_every_violation_of_an_assessment_is_named_by_its_field(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user, permit=D(2021, 1, 1))
    with pytest.raises(RuleViolationError) as refused:
        assess(client, user, interviewer=world["admin"])
    assert [v.rule.id for v in refused.value.violations] == [WINDOW_ID, INTERVIEW_ID]
    fields = refused.value.fields()
    assert set(fields) == {"started", "interviewer"}
    assert "public official" in fields["interviewer"][0]


def test_the_interviewer_must_hold_a_public_office_on_the_day_of_the_interview(
    world: dict[str, User], make_user: Any
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    unit = unit_of(user)
    employee = make_user(Role.COUNSELLOR, unit, public_official=False)
    with pytest.raises(RuleViolationError) as refused:
        assess(client, user, interviewer=employee)
    assert refused.value.first.rule.id == INTERVIEW_ID
    assert Assessment.objects.filter(client=client).count() == 0
    # an office held from 1 March to 31 May 2025 only
    account_actions.do_add_membership(
        employee,
        unit=unit,
        role=Role.COUNSELLOR,
        is_public_official=True,
        valid_from=D(2025, 3, 1),
        valid_to=D(2025, 5, 31),
        acting_user=None,
    )
    for day in (D(2025, 2, 28), D(2025, 6, 1)):
        with pytest.raises(RuleViolationError) as refused:
            assess(client, user, interviewer=employee, started=day)
        assert refused.value.first.rule.id == INTERVIEW_ID
        assert set(refused.value.fields()) == {"interviewer"}
    for day in (D(2025, 3, 1), D(2025, 5, 31)):
        assert assess(client, user, interviewer=employee, started=day).interviewer == employee
    assert Assessment.objects.filter(client=client).count() == 2
    assert not actions.is_public_official(employee)  # today, 2 June
    assert actions.is_public_official(employee, D(2025, 5, 31))


def test_an_exempt_client_may_be_assessed_after_the_window(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user, permit=D(2021, 1, 1), basis="trafficking_victim")
    assessment = assess(client, user)
    assert assessment.started == TODAY


@pytest.mark.parametrize(
    ("permit", "start", "end", "rule_id", "field"),
    [
        (PERMIT, TODAY, D(2026, 6, 2), FIRST_PLAN_ID, "end"),  # one year and a day
        (D(2022, 6, 1), TODAY, D(2025, 12, 31), WINDOW_ID, "start"),  # the window ended
        (None, TODAY, D(2025, 12, 31), WINDOW_ID, "start"),
    ],
)
def test_a_plan_refused_by_a_rule_writes_nothing(
    world: dict[str, User], permit: D | None, start: D, end: D, rule_id: str, field: str
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user, permit=permit)
    before, deadlines = counts(), rows(client)
    with pytest.raises(RuleViolationError) as refused:
        make_plan(
            client,
            user,
            start,
            end,
            goals=["Finnish A2"],
            services=[{"name": "Integration training", "status": "directed", "start": TODAY}],
        )
    assert refused.value.first.rule.id == rule_id
    assert set(refused.value.fields()) == {field}
    assert counts() == before
    assert rows(client) == deadlines


def test_the_first_plan_may_last_exactly_one_year(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    plan = make_plan(client, user, TODAY, D(2026, 6, 1))
    assert (plan.start, plan.end) == (TODAY, rules.first_plan_last_day(TODAY))


def test_dates_in_the_wrong_order_are_named_by_their_field(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    before = counts()
    with pytest.raises(InvalidError) as bad:
        assess(client, user, completed=TODAY - ONE_DAY)
    assert set(bad.value.errors) == {"completed"}
    with pytest.raises(InvalidError) as bad:
        make_plan(client, user, TODAY, TODAY - ONE_DAY)
    assert set(bad.value.errors) == {"end"}
    with pytest.raises(InvalidError) as bad:
        make_plan(
            client,
            user,
            TODAY,
            D(2025, 12, 31),
            goals=["Finnish A2"],
            services=[
                {"name": "Language course", "start": D(2025, 7, 1), "end": D(2025, 8, 1)},
                {"name": "Work trial", "start": D(2025, 9, 1), "end": D(2025, 8, 31)},
            ],
        )
    assert set(bad.value.errors) == {"services[1].end"}
    assert counts() == before
    plan = make_plan(client, user, TODAY, D(2025, 12, 31))
    before = counts()
    with pytest.raises(InvalidError) as bad:
        actions.do_add_service(
            plan,
            {"name": "Work trial", "start": D(2025, 9, 1), "end": D(2025, 8, 31)},
            acting_user=user,
        )
    assert set(bad.value.errors) == {"end"}
    with pytest.raises(InvalidError) as bad:
        actions.do_add_review(plan, held_on=TODAY - ONE_DAY, acting_user=user)
    assert set(bad.value.errors) == {"held_on"}
    with pytest.raises(InvalidError) as bad:
        actions.do_update_plan(plan, {"start": D(2026, 1, 1)}, acting_user=user)
    assert set(bad.value.errors) == {"end"}
    assert counts() == before
    plan.refresh_from_db()
    assert plan.start == TODAY


def test_a_bad_goal_or_service_undoes_the_whole_plan(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    before, deadlines = counts(), rows(client)
    with pytest.raises(InvalidError) as bad:
        make_plan(client, user, TODAY, D(2025, 12, 31), goals=["Finnish A2", "   "])
    assert set(bad.value.errors) == {"goals"}
    with pytest.raises(InvalidError) as bad:
        make_plan(client, user, TODAY, D(2025, 12, 31), services=[{"name": " "}])
    assert set(bad.value.errors) == {"services[0].name"}
    assert counts() == before
    assert rows(client) == deadlines


# --- Plans may not overlap ------------------------------------------------------------------


def test_plans_may_not_overlap(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    first = make_plan(client, user, TODAY, D(2026, 6, 1))
    before = counts()
    for start, end in [(D(2026, 6, 1), D(2026, 12, 31)), (D(2025, 1, 1), TODAY)]:
        with pytest.raises(InvalidError) as bad:
            make_plan(client, user, start, end)
        assert set(bad.value.errors) == {"start"}
        assert "overlaps" in bad.value.errors["start"][0]
    assert counts() == before
    second = make_plan(client, user, D(2026, 6, 2), D(2026, 12, 31))
    # a plan does not overlap itself when it is changed
    actions.do_update_plan(first, {"end": D(2026, 5, 31)}, acting_user=user)
    with pytest.raises(InvalidError):
        actions.do_update_plan(first, {"end": D(2026, 6, 2)}, acting_user=user)
    # a cancelled plan does not count
    actions.do_update_plan(second, {"status": "cancelled"}, acting_user=user)
    third = make_plan(client, user, D(2026, 6, 1), D(2026, 12, 31))
    assert third.pk != second.pk


# --- The two-year maximum and its extension decisions (C5) -------------------------------------


def extend(client: Client, user: User, **values: Any) -> Any:
    values = {"decided_on": TODAY, "months": 1, "reason": "illness", **values}
    with acting(view="test:extension", **persona_context(user)):
        return actions.do_record_plan_extension(client, values, acting_user=user)


def test_plans_over_two_years_need_a_recorded_extension_decision(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    make_plan(client, user, TODAY, D(2026, 6, 1))
    # two years of calendar time from 2.6.2025 end on 1.6.2027
    fits = make_plan(client, user, D(2026, 6, 2), D(2027, 6, 1))
    actions.do_update_plan(fits, {"status": "cancelled"}, acting_user=user)
    before = counts()
    with pytest.raises(RuleViolationError) as refused:
        make_plan(client, user, D(2026, 6, 2), D(2027, 6, 2))
    assert refused.value.first.rule.id == TOTAL_ID
    assert not refused.value.first.exception_allowed
    assert "extension decision" in refused.value.first.message
    assert counts() == before
    decision = extend(client, user, months=2, reason="family_leave")
    (event,) = events("plan_extension", decision.pk)
    assert event.changes["months"] == [None, 2]
    assert event.changes["reason"] == [None, "family_leave"]
    assert event.changes["decided_by"][0] is None and event.changes["decided_by"][1]
    plan = make_plan(client, user, D(2026, 6, 2), D(2027, 8, 1))
    with pytest.raises(RuleViolationError):
        actions.do_update_plan(plan, {"end": D(2027, 8, 2)}, acting_user=user)
    assert ("plan_maximum", D(2027, 8, 1), TOTAL_ID) in rows(client)


def test_an_extension_is_checked_before_it_is_written(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    before = counts()
    with pytest.raises(InvalidError) as bad:
        extend(client, user)
    assert set(bad.value.errors) == {"months"}  # no plan to extend yet
    make_plan(client, user, TODAY, D(2026, 6, 1))
    before = counts()
    with pytest.raises(InvalidError) as bad:
        extend(client, user, months=0, reason="boredom", decided_on=D(2030, 1, 1))
    assert set(bad.value.errors) == {"months", "reason", "decided_on"}
    with pytest.raises(InvalidError) as bad:
        extend(client, user, reason="other")
    assert set(bad.value.errors) == {"note"}
    with pytest.raises(InvalidError) as bad:
        extend(client, user, decided_by=world["counsellor.kokkola"])
    assert set(bad.value.errors) == {"decided_by"}
    assert counts() == before
    # the extensions together at most the setting (12 months by default)
    extend(client, user, months=12)
    with pytest.raises(InvalidError) as bad:
        extend(client, user, months=1)
    assert "at most 12 months" in bad.value.errors["months"][0]


def test_a_request_cannot_carry_a_free_text_exception(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    make_plan(client, user, TODAY, D(2026, 6, 1))
    before = counts()
    for rule_id in (TOTAL_ID, FIRST_PLAN_ID):
        with pytest.raises(InvalidError) as bad:
            make_plan(
                client,
                user,
                D(2026, 6, 2),
                D(2027, 6, 2),
                exception=RuleException(rule_id, "A longer plan suits the client."),
            )
        assert set(bad.value.errors) == {"exception.rule"}
    assert counts() == before
    # a plan recorded before the extension decisions keeps its exception (the import)
    reason = "The client's language training was interrupted by illness."
    plan = make_plan(
        client,
        user,
        D(2026, 6, 2),
        D(2027, 6, 2),
        exception=RuleException(TOTAL_ID, reason),
        legacy_exception=True,
    )
    plan.refresh_from_db()
    assert (plan.exception_rule, plan.exception_reason) == (TOTAL_ID, reason)


# --- Deadlines follow every action -------------------------------------------------------------


def test_the_deadlines_are_rewritten_after_each_action(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    assert client.client_since == TODAY
    assert client.integration_window_end == WINDOW_END
    assert rows(client) == [
        ("assessment_start", D(2025, 8, 2), "assessment-start-months"),
        ("window_ending", WINDOW_END, WINDOW_ID),
    ]
    assert next_due(client) == (D(2025, 8, 2), "assessment_start")

    assessment = assess(client, user)
    assert rows(client) == [("window_ending", WINDOW_END, WINDOW_ID)]
    assert next_due(client) == (WINDOW_END, "window_ending")

    actions.do_update_assessment(assessment, {"completed": D(2025, 6, 10)}, acting_user=user)
    assert rows(client) == [
        ("plan_after_assessment", D(2025, 6, 24), "plan-without-delay-681-2023"),
        ("window_ending", WINDOW_END, WINDOW_ID),
    ]
    assert next_due(client) == (D(2025, 6, 24), "plan_after_assessment")

    plan = make_plan(client, user, D(2025, 6, 20), D(2026, 6, 19), assessment=assessment)
    assert rows(client) == [
        ("services_directed", D(2025, 12, 20), "services-within-six-months-681-2023"),
        ("review", D(2025, 12, 20), "plan-review-interval"),
        ("plan_ending", D(2026, 6, 19), TOTAL_ID),
        ("plan_maximum", D(2027, 6, 19), TOTAL_ID),
    ]
    assert next_due(client) == (D(2025, 12, 20), "services_directed")

    service = actions.do_add_service(
        plan, {"name": "Integration training", "status": "planned"}, acting_user=user
    )
    assert rows(client)[0][0] == "services_directed", "a planned service is not yet directed"
    actions.do_update_service(
        service, {"status": "directed", "directed_on": D(2025, 7, 1)}, acting_user=user
    )
    assert rows(client) == [
        ("review", D(2025, 12, 20), "plan-review-interval"),
        ("plan_ending", D(2026, 6, 19), TOTAL_ID),
        ("plan_maximum", D(2027, 6, 19), TOTAL_ID),
    ]
    assert next_due(client) == (D(2025, 12, 20), "review")

    actions.do_add_review(plan, held_on=D(2025, 6, 30), acting_user=user)
    assert rows(client) == [
        ("review", D(2025, 12, 30), "plan-review-interval"),
        ("plan_ending", D(2026, 6, 19), TOTAL_ID),
        ("plan_maximum", D(2027, 6, 19), TOTAL_ID),
    ]

    actions.do_update_plan(plan, {"end": D(2025, 12, 29)}, acting_user=user)
    assert rows(client) == [
        ("plan_ending", D(2025, 12, 29), TOTAL_ID),
        ("plan_maximum", D(2027, 6, 19), TOTAL_ID),
    ]

    actions.do_update_plan(plan, {"status": "ended"}, acting_user=user)
    assert rows(client) == []
    assert next_due(client) == (None, "")

    actions.do_update_plan(plan, {"status": "cancelled"}, acting_user=user)
    assert [r[0] for r in rows(client)] == ["plan_after_assessment", "window_ending"], (
        "a cancelled plan reopens the steps before the plan"
    )


def test_a_closed_client_has_no_deadlines(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    assert rows(client) != []
    register.do_set_status(client, "closed", acting_user=user, reason="moved away")
    assert rows(client) == []
    assert next_due(client) == (None, "")
    assert not may_write(user, client)


def test_a_change_of_settings_moves_the_deadlines_at_the_next_refresh(
    world: dict[str, User], settings: Any
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    settings.ASSESSMENT_START_MONTHS = 3
    actions.refresh_deadlines(client)
    assert rows(client)[0] == ("assessment_start", D(2025, 9, 2), "assessment-start-months")
    assessment = assess(client, user, completed=D(2025, 6, 10))
    settings.PLAN_AFTER_ASSESSMENT_DAYS = 30
    actions.refresh_deadlines(client)
    assert rows(client)[0] == (
        "plan_after_assessment",
        D(2025, 7, 10),
        "plan-without-delay-681-2023",
    )
    settings.PLAN_REVIEW_MONTHS = 4
    make_plan(
        client,
        user,
        D(2025, 6, 20),
        D(2026, 6, 19),
        assessment=assessment,
        services=[{"name": "Integration training", "status": "started", "start": D(2025, 7, 1)}],
    )
    assert rows(client)[0] == ("review", D(2025, 10, 20), "plan-review-interval")


def test_the_daily_refresh_writes_what_each_clients_refresh_writes(
    world: dict[str, User],
) -> None:
    user = world["counsellor.joensuu"]
    fresh = make_client(user)
    exempt = make_client(user, permit=None, basis="trafficking_victim")
    assessed = make_client(user)
    assess(assessed, user, completed=D(2025, 6, 10))
    planned = make_client(user)
    plan = make_plan(
        planned,
        user,
        TODAY,
        D(2026, 6, 1),
        services=[{"name": "Integration training", "status": "directed", "start": TODAY}],
    )
    actions.do_add_review(plan, held_on=D(2025, 9, 1), acting_user=user)
    undirected = make_client(user)
    make_plan(undirected, user, TODAY, D(2025, 11, 30))
    closed = make_client(user)
    register.do_set_status(closed, "closed", acting_user=user)
    everyone = [fresh, exempt, assessed, planned, undirected, closed]

    expected = {}
    for client in everyone:
        actions.refresh_deadlines(client)
        expected[client.pk] = (rows(client), next_due(client))
    assert len({str(v) for v in expected.values()}) == len(everyone), "the cases differ"

    Deadline.objects.all().delete()
    Client.objects.update(next_due=D(2000, 1, 1), next_due_kind="stale")
    assert actions.refresh_all_deadlines(batch=2) == len(everyone)
    assert {c.pk: (rows(c), next_due(c)) for c in everyone} == expected

    # a refresh of chosen clients touches only them
    Deadline.objects.filter(client=fresh).delete()
    Deadline.objects.filter(client=planned).delete()
    assert actions.refresh_all_deadlines(client_ids=[fresh.pk]) == 1
    assert (rows(fresh), next_due(fresh)) == expected[fresh.pk]
    assert rows(planned) == []


def test_a_merged_record_keeps_no_open_deadlines(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    kept, merged = make_client(user), make_client(user)
    assert rows(merged) != []
    register.do_merge_clients(kept, merged, reason="the same person", acting_user=user)
    assert rows(merged) == []  # cleared by the merge itself
    Deadline.objects.create(client=merged, kind="review", due=datetime.date(2025, 1, 1), rule="x")
    actions.refresh_all_deadlines()
    # what the per-client refresh says of the merged record ...
    assert actions.compute_deadlines(Client.objects.get(pk=merged.pk)) == []
    # ... is what the stored rows and the caseload's `next_due` say after the daily refresh
    assert rows(merged) == []
    assert next_due(merged) == (None, "")


def test_a_merge_moves_the_casework_to_the_kept_record(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    kept, merged = make_client(user), make_client(user)
    plan = make_plan(merged, user, D(2025, 6, 1), D(2026, 5, 31), goals=["Finnish A2"])
    register.do_merge_clients(kept, merged, reason="the same person", acting_user=user)
    plan.refresh_from_db()
    assert plan.client_id == kept.pk
    # the kept record's steps now follow the moved plan
    assert "plan_ending" in [kind for kind, _due, _rule in rows(kept)]
    assert rows(merged) == []


# --- The responsible authority: hand-over and write access -------------------------------------


def test_a_jobseeker_period_hands_the_client_over_and_back(world: dict[str, User]) -> None:
    counsellor = world["counsellor.kokkola"]
    client = make_client(counsellor, municipality="272")
    assert client.responsible_authority == "municipality"
    assert not HandOver.objects.filter(client=client).exists()

    with acting(view="test", **persona_context(counsellor)):
        period = register.do_start_jobseeker_period(
            client, start=TODAY - datetime.timedelta(days=10), acting_user=counsellor
        )
    client.refresh_from_db()
    assert client.responsible_authority == "employment_area"
    (to_area,) = HandOver.objects.filter(client=client)
    assert (to_area.from_authority, to_area.to_authority) == ("municipality", "employment_area")
    assert (to_area.on, to_area.status) == (TODAY, "open")
    (logged,) = events("hand_over", to_area.pk)
    assert logged.changes == {
        "from_authority": [None, "municipality"],
        "to_authority": [None, "employment_area"],
    }
    assert logged.client_id == client.pk

    with acting(view="test", **persona_context(counsellor)):
        register.do_end_jobseeker_period(period, end=TODAY - ONE_DAY, acting_user=counsellor)
    client.refresh_from_db()
    assert client.responsible_authority == "municipality"
    back = HandOver.objects.get(client=client, from_authority="employment_area")
    assert (back.to_authority, back.status, back.on) == ("municipality", "open", TODAY)
    to_area.refresh_from_db()
    assert (to_area.status, to_area.accepted_on) == ("superseded", None), "superseded"
    assert HandOver.objects.filter(client=client).count() == 2


def test_an_unchanged_authority_opens_no_hand_over(world: dict[str, User]) -> None:
    counsellor = world["counsellor.kokkola"]
    client = make_client(counsellor, municipality="272")
    period = register.do_start_jobseeker_period(
        client, start=TODAY - datetime.timedelta(days=10), acting_user=counsellor
    )
    # the end day is still a registered day: the authority stays
    register.do_end_jobseeker_period(period, end=TODAY, acting_user=counsellor)
    assert HandOver.objects.filter(client=client).count() == 1
    assert actions.do_open_hand_over(client, "municipality", "municipality") is None
    assert actions.do_open_hand_over(client, None, "municipality") is None
    assert HandOver.objects.filter(client=client).count() == 1


def test_write_access_follows_the_authority_and_both_sides_keep_reading(
    world: dict[str, User],
) -> None:
    counsellor, employment = world["counsellor.kokkola"], world["employment.kokkola"]
    client = make_client(counsellor, municipality="272")
    assert may_write(counsellor, client)
    assert not may_write(employment, client)
    assert visible(counsellor, client)
    assert not visible(employment, client)

    period = register.do_start_jobseeker_period(
        client, start=TODAY - datetime.timedelta(days=10), acting_user=counsellor
    )
    assert not may_write(counsellor, client), "the municipal counsellor only reads"
    assert may_write(employment, client)
    assert visible(counsellor, client)
    assert visible(employment, client)
    # the employment area of another region neither writes nor sees
    joensuu = make_client(world["counsellor.joensuu"], jobseeker_since=TODAY)
    assert not may_write(employment, joensuu)
    assert not visible(employment, joensuu)

    register.do_end_jobseeker_period(period, end=TODAY - ONE_DAY, acting_user=counsellor)
    assert may_write(counsellor, client)
    assert not may_write(employment, client)
    assert visible(employment, client), "the history stays readable after the hand-over back"


# --- The multi-professional route -------------------------------------------------------------


def test_the_wellbeing_county_sees_the_client_only_while_its_request_is_open(
    world: dict[str, User],
) -> None:
    counsellor, social = world["counsellor.kokkola"], world["wellbeing.kokkola"]
    client = make_client(counsellor, municipality="272")
    soite = org("soite")
    assert actions.county_for(client) == soite
    assert not visible(social, client)
    assert not casework_scopes.open_wellbeing_requests(social, client).exists()

    # a request to another county shows the client to that county only
    other = actions.do_request_wellbeing(
        client,
        county=org("siun-sote"),
        legal_basis="681-2023-s14",
        reason="Wrong county by mistake",
        acting_user=counsellor,
    )
    assert not visible(social, client)
    actions.do_close_wellbeing_request(other, acting_user=counsellor)

    request = actions.do_request_wellbeing(
        client,
        county=soite,
        legal_basis="681-2023-s14",
        reason=" Health needs affect the plan ",
        acting_user=counsellor,
        invited=social,
    )
    assert request.reason == "Health needs affect the plan"
    assert visible(social, client)
    assert list(casework_scopes.open_wellbeing_requests(social, client)) == [request]
    assert not may_write(social, client), "the plan stays the requester's"
    contribution = actions.do_add_contribution(request, text="Needs a doctor.", acting_user=social)
    assert events("contribution", contribution.pk)[0].changes == {"text": [None, "Needs a doctor."]}

    actions.do_close_wellbeing_request(request, acting_user=counsellor, day=D(2025, 6, 5))
    request.refresh_from_db()
    assert request.closed_on == D(2025, 6, 5)
    assert not visible(social, client)
    assert not casework_scopes.open_wellbeing_requests(social, client).exists()
    before = Contribution.objects.count(), ChangeEvent.objects.count()
    with pytest.raises(InvalidError) as bad:
        actions.do_add_contribution(request, text="Too late.", acting_user=social)
    assert set(bad.value.errors) == {"text"}
    assert (Contribution.objects.count(), ChangeEvent.objects.count()) == before


def test_a_wellbeing_request_is_checked_before_it_is_written(world: dict[str, User]) -> None:
    counsellor = world["counsellor.kokkola"]
    client = make_client(counsellor, municipality="272")
    before = WellbeingRequest.objects.count(), ChangeEvent.objects.count()
    with pytest.raises(InvalidError) as bad:
        actions.do_request_wellbeing(
            client,
            county=org("keski-pohjanmaan-tyollisyysalue"),
            legal_basis="none",
            reason=" ",
            acting_user=counsellor,
            invited=world["counsellor.joensuu"],
        )
    assert set(bad.value.errors) == {"county", "legal_basis", "reason", "invited"}
    with pytest.raises(InvalidError) as bad:
        actions.do_request_wellbeing(
            client,
            county=org("siun-sote"),
            legal_basis="681-2023-s16",
            reason="Health needs",
            acting_user=counsellor,
            invited=world["wellbeing.kokkola"],
        )
    assert set(bad.value.errors) == {"invited"}, "the worker must work for the county asked"
    assert (WellbeingRequest.objects.count(), ChangeEvent.objects.count()) == before


# --- A referral to an NGO needs the client's consent --------------------------------------------


def test_a_service_by_an_ngo_needs_the_clients_valid_consent(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    someone_else = make_client(user)
    spr, setlementti = org("spr-joensuu"), org("joensuun-setlementti")
    plan = make_plan(client, user, TODAY, D(2026, 6, 1))

    def consent(of: Client, to: Organisation) -> Consent:
        return actions.do_record_consent(
            of, scope="referral", recipient=to, given_on=D(2025, 5, 1), acting_user=user
        )

    def refused(values: dict[str, Any]) -> str:
        before = counts()
        with pytest.raises(InvalidError) as bad:
            actions.do_add_service(plan, values, acting_user=user)
        assert set(bad.value.errors) == {"consent"}
        assert counts() == before
        return bad.value.errors["consent"][0]

    service = {"name": "Language café", "provider": spr, "status": "directed"}
    assert "needs the client's consent" in refused({**service, "directed_on": TODAY})
    others = consent(someone_else, spr)
    assert "not the client's consent" in refused(
        {**service, "directed_on": TODAY, "consent": others}
    )
    to_other_ngo = consent(client, setlementti)
    assert "not the client's consent" in refused(
        {**service, "directed_on": TODAY, "consent": to_other_ngo}
    )
    given = consent(client, spr)
    assert "not valid" in refused({**service, "directed_on": D(2025, 4, 30), "consent": given})
    actions.do_withdraw_consent(given, acting_user=user, day=TODAY)
    given.refresh_from_db()
    assert "not valid" in refused({**service, "directed_on": TODAY, "consent": given})
    assert "not valid" in refused({**service, "start": TODAY, "consent": given})
    # the day before the withdrawal the consent held
    ok = actions.do_add_service(
        plan, {**service, "directed_on": TODAY - ONE_DAY, "consent": given}, acting_user=user
    )
    assert ok.consent == given
    fresh = consent(client, spr)
    ok = actions.do_add_service(plan, {**service, "consent": fresh}, acting_user=user)
    assert ok.directed_on == TODAY
    # a provider that is not an NGO needs no consent
    actions.do_add_service(
        plan,
        {"name": "Counselling", "provider": org("toivo"), "status": "planned"},
        acting_user=user,
    )


def test_a_plan_with_an_ngo_service_without_consent_is_not_written(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    before = counts()
    with pytest.raises(InvalidError) as bad:
        make_plan(
            client,
            user,
            TODAY,
            D(2026, 6, 1),
            goals=["Finnish A2"],
            services=[{"name": "Language café", "provider": org("spr-joensuu"), "start": TODAY}],
        )
    assert set(bad.value.errors) == {"services[0].consent"}
    assert counts() == before


def test_a_consent_cannot_be_given_in_the_future(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    with pytest.raises(InvalidError) as bad:
        actions.do_record_consent(
            client,
            scope="referral",
            recipient=org("spr-joensuu"),
            given_on=TODAY + ONE_DAY,
            acting_user=user,
        )
    assert set(bad.value.errors) == {"given_on"}
    given = actions.do_record_consent(
        client, scope="referral", recipient=org("spr-joensuu"), given_on=TODAY, acting_user=user
    )
    assert [c.pk for c in actions.active_consents(client)] == [given.pk]
    assert actions.active_consents(client, TODAY - ONE_DAY) == []


# --- Where a jobseeker's plan is recorded ------------------------------------------------------


def test_a_jobseekers_plan_refers_to_the_official_record_when_the_area_says_so(
    world: dict[str, User],
) -> None:
    counsellor, employment = world["counsellor.kokkola"], world["employment.kokkola"]
    jobseeker = make_client(counsellor, municipality="272", jobseeker_since=TODAY)
    resident = make_client(counsellor, municipality="272")
    assert actions.plan_record_mode(jobseeker) == "full"
    area = org("keski-pohjanmaan-tyollisyysalue")
    area.plan_record = "reference"
    area.save(update_fields=["plan_record"])
    assert actions.plan_record_mode(jobseeker) == "reference"
    assert actions.plan_record_mode(resident) == "full", "not a jobseeker"

    before = counts()
    with pytest.raises(InvalidError) as bad:
        make_plan(jobseeker, employment, TODAY, D(2026, 6, 1))
    assert set(bad.value.errors) == {"official_reference"}
    assert counts() == before
    plan = make_plan(jobseeker, employment, TODAY, D(2026, 6, 1), official_reference="TE-2025-1")
    assert (plan.recorded_in, plan.official_reference) == ("official", "TE-2025-1")
    assert plan.authority == "employment_area"
    assert plan.unit == unit_of(employment)
    # another region's area keeps its own choice
    joensuu_jobseeker = make_client(world["counsellor.joensuu"], jobseeker_since=TODAY)
    assert actions.plan_record_mode(joensuu_jobseeker) == "full"
    assert make_plan(joensuu_jobseeker, employment, TODAY, D(2026, 6, 1)).recorded_in == "kotopolku"


# --- Guidance contacts and the missed-appointment fee ------------------------------------------


@pytest.mark.parametrize(
    ("day", "cancelled", "booked", "chargeable"),
    [
        (D(2024, 12, 31), False, True, False),
        (D(2025, 1, 1), False, True, True),
        (D(2025, 1, 1), True, True, False),
        (D(2025, 1, 1), False, False, False),
    ],
)
def test_a_missed_contact_is_chargeable_by_the_rule(
    world: dict[str, User], day: D, cancelled: bool, booked: bool, chargeable: bool
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    contact = actions.do_record_contact(
        client,
        {
            "day": day,
            "channel": "appointment",
            "language": "ar",
            "interpreter_booked": booked,
            "missed": True,
            "cancelled": cancelled,
        },
        unit=unit_of(user),
        acting_user=user,
    )
    assert actions.fee_chargeable(contact) is chargeable
    assert events("contact", contact.pk)[0].changes["missed"] == [None, True]


# --- Found in review: edits among several plans, hand-overs, merges ----------------------------


def test_an_edit_that_keeps_the_total_is_not_refused_for_another_plans_exception(
    world: dict[str, User],
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    first = make_plan(client, user, TODAY, D(2026, 6, 1))
    make_plan(
        client,
        user,
        D(2026, 6, 2),
        D(2027, 12, 1),
        exception=RuleException(TOTAL_ID, "Training continues after an illness."),
        legacy_exception=True,
    )
    actions.do_update_plan(first, {"status": "ended"}, acting_user=user)
    actions.do_update_plan(first, {"client_responsibilities": "Attends"}, acting_user=user)
    actions.do_update_plan(first, {"end": D(2026, 5, 1)}, acting_user=user)  # shorter
    with pytest.raises(RuleViolationError):  # longer again: over the total without a reason
        actions.do_update_plan(first, {"end": D(2026, 6, 1)}, acting_user=user)


def test_cancelling_the_first_plan_may_not_leave_an_unchecked_first_plan(
    world: dict[str, User],
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    first = make_plan(client, user, TODAY, D(2025, 8, 31))
    make_plan(client, user, D(2025, 9, 1), D(2027, 1, 31))  # 17 months: fine as a second plan
    with pytest.raises(RuleViolationError) as refused:
        actions.do_update_plan(first, {"status": "cancelled"}, acting_user=user)
    assert refused.value.first.rule.id == "first-plan-one-year-681-2023"
    assert set(refused.value.fields()) == {"status"}
    first.refresh_from_db()
    assert first.status == "active"


def test_a_short_second_plan_can_become_the_first_when_the_first_is_cancelled(
    world: dict[str, User],
) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    first = make_plan(client, user, TODAY, D(2025, 8, 31))
    make_plan(client, user, D(2025, 9, 1), D(2026, 8, 31))  # a year: fine as a first plan too
    actions.do_update_plan(first, {"status": "cancelled"}, acting_user=user)
    first.refresh_from_db()
    assert first.status == "cancelled"


def test_a_client_registered_as_a_jobseeker_from_the_start_gets_no_hand_over(
    world: dict[str, User],
) -> None:
    user = world["counsellor.kokkola"]
    client = make_client(user, municipality="272", jobseeker_since=TODAY)
    client.refresh_from_db()
    assert client.responsible_authority == "employment_area"
    assert not HandOver.objects.filter(client=client).exists()


def test_a_closed_client_gets_no_hand_over(world: dict[str, User]) -> None:
    user = world["counsellor.kokkola"]
    client = make_client(user, municipality="272")
    register.do_set_status(client, "closed", acting_user=user)
    assert actions.do_open_hand_over(client, "municipality", "employment_area") is None
    assert not HandOver.objects.filter(client=client).exists()


def test_a_superseded_hand_over_is_logged(world: dict[str, User]) -> None:
    user = world["counsellor.kokkola"]
    client = make_client(user, municipality="272")
    earlier = actions.do_open_hand_over(client, "municipality", "employment_area")
    actions.do_open_hand_over(client, "employment_area", "municipality")
    assert earlier is not None
    earlier.refresh_from_db()
    assert earlier.status == "superseded" and earlier.accepted_by is None
    assert events("hand_over", earlier.pk)[-1].changes == {"status": ["open", "superseded"]}


def test_no_window_step_when_the_assessment_found_no_plan_needed(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    assess(client, user, completed=TODAY, plan_needed=False)
    assert "window_ending" not in [kind for kind, _due, _rule in rows(client)]


def test_records_whose_plans_overlap_are_not_merged(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    kept, merged = make_client(user), make_client(user)
    make_plan(kept, user, TODAY, D(2026, 6, 1))
    make_plan(merged, user, D(2025, 7, 1), D(2026, 6, 30))
    with pytest.raises(ValueError, match="plans overlap"):
        register.do_merge_clients(kept, merged, reason="the same person", acting_user=user)
    merged.refresh_from_db()
    assert merged.status == "active"


def test_the_interviewer_is_a_colleague_of_the_recorder(world: dict[str, User]) -> None:
    user = world["counsellor.joensuu"]
    client = make_client(user)
    before = counts()
    with pytest.raises(InvalidError) as refused:
        assess(client, user, interviewer=world["counsellor.kokkola"])
    assert set(refused.value.errors) == {"interviewer"}
    assert counts() == before
