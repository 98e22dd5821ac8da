"""Casework actions' refusals and no-ops that the other tests reach only through pages (or not
at all): each refusal names its field and writes nothing; a repeated withdrawal changes nothing."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions
from kotopolku.casework.actions import InvalidError, RuleException
from kotopolku.casework.models import (
    CivicOrientationOffer,
    Contact,
    Contribution,
    HandOver,
    IntegrationTraining,
    Plan,
    PlanExtension,
    PlannedService,
    Review,
    WellbeingRequest,
)
from kotopolku.catalog.models import Service
from kotopolku.clients import actions as register
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs.models import Organisation
from tests.clients.conftest import persona_context

DAY = datetime.timedelta(days=1)


def _as(user: User) -> Any:
    return acting(view="test", **persona_context(user))


def _events(subject_type: str) -> int:
    return ChangeEvent.objects.filter(subject_type=subject_type).count()


def _refused(call: Any, subject_type: str, model: Any) -> set[str]:
    """The fields a refused action names; it wrote neither a row nor a change event."""
    rows, events = model.objects.count(), _events(subject_type)
    with pytest.raises(InvalidError) as refused:
        call()
    assert (model.objects.count(), _events(subject_type)) == (rows, events)
    return set(refused.value.errors)


@pytest.mark.parametrize(
    ("with_client", "values", "field"),
    [
        (True, {"visitors": 3}, "visitors"),
        (False, {"note": "Asked about the bus to the course"}, "note"),
        (True, {"cancelled": True}, "cancelled"),
        (True, {"missed": True, "channel": "walk_in"}, "missed"),
        (True, {"interpreter_booked": True, "channel": "walk_in"}, "interpreter_booked"),
    ],
)
def test_a_contact_that_cannot_be_is_refused_naming_the_field(
    world: dict[str, User],
    joensuu_client: Client,
    with_client: bool,
    values: dict[str, Any],
    field: str,
) -> None:
    user = world["counsellor.joensuu"]
    data = {"day": timezone.localdate(), "channel": "appointment", "language": "ar", **values}
    client = joensuu_client if with_client else None
    with _as(user):
        fields = _refused(
            lambda: actions.do_record_contact(
                client, data, unit=joensuu_client.responsible_unit, acting_user=user
            ),
            "contact",
            Contact,
        )
    assert fields == {field}


def test_a_consent_needs_a_known_scope(world: dict[str, User], joensuu_client: Client) -> None:
    user = world["counsellor.joensuu"]
    recipient = Organisation.objects.get(slug="spr-joensuu")
    with _as(user):
        fields = _refused(
            lambda: actions.do_record_consent(
                joensuu_client,
                scope="everything",
                recipient=recipient,
                given_on=timezone.localdate(),
                acting_user=user,
            ),
            "consent",
            Consent,
        )
    assert fields == {"scope"}


def test_a_withdrawal_before_the_consent_is_refused_and_a_second_one_changes_nothing(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    with _as(user):
        consent = actions.do_record_consent(
            joensuu_client,
            scope="referral",
            recipient=Organisation.objects.get(slug="spr-joensuu"),
            given_on=today - 10 * DAY,
            acting_user=user,
        )
        events = _events("consent")
        with pytest.raises(InvalidError) as refused:
            actions.do_withdraw_consent(consent, acting_user=user, day=today - 11 * DAY)
        assert set(refused.value.errors) == {"withdrawn_on"}
        consent.refresh_from_db()
        assert consent.withdrawn_on is None and _events("consent") == events

        actions.do_withdraw_consent(consent, acting_user=user, day=today - 2 * DAY)
        actions.do_withdraw_consent(consent, acting_user=user, day=today)
    consent.refresh_from_db()
    assert consent.withdrawn_on == today - 2 * DAY  # the first withdrawal stands
    withdrawals = ChangeEvent.objects.filter(subject_type="consent", subject_id=str(consent.pk))
    assert [e.changes for e in withdrawals.filter(action=ChangeEvent.Action.UPDATE)] == [
        {"withdrawn_on": [None, (today - 2 * DAY).isoformat()]}
    ]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"offered_on": None}, "offered_on"),
        ({"note": "x" * 301}, "note"),
    ],
)
def test_a_civic_orientation_offer_is_refused_naming_the_field(
    world: dict[str, User], joensuu_client: Client, values: dict[str, Any], field: str
) -> None:
    user = world["counsellor.joensuu"]
    data = {"offered_on": timezone.localdate(), "language": "ar", **values}
    with _as(user):
        fields = _refused(
            lambda: actions.do_record_civic_orientation(joensuu_client, data, acting_user=user),
            "civic_orientation",
            CivicOrientationOffer,
        )
    assert fields == {field}


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"referred_on": None}, {"referred_on"}),
        # an end (or interruption) needs the start first
        ({"end": "start-10"}, {"end"}),
        ({"interrupted_on": "start-10"}, {"interrupted_on"}),
        # the final test cannot be before the start
        ({"start": "start", "test_on": "start-1", "level_reading": "b1"}, {"test_on"}),
        # an end or an interruption cannot be before the start
        ({"start": "start", "end": "start-1"}, {"end"}),
        ({"start": "start", "interrupted_on": "start-10"}, {"interrupted_on"}),
    ],
)
def test_an_integration_training_is_refused_naming_the_field(
    world: dict[str, User], joensuu_client: Client, values: dict[str, Any], fields: set[str]
) -> None:
    user = world["counsellor.joensuu"]
    start = timezone.localdate() - 30 * DAY
    days = {"start": start, "start-1": start - DAY, "start-10": start - 10 * DAY}
    data: dict[str, Any] = {"referred_on": start - 20 * DAY, "language": "fi"}
    data |= {k: days.get(v, v) if isinstance(v, str) else v for k, v in values.items()}
    with _as(user):
        refused = _refused(
            lambda: actions.do_record_training(joensuu_client, data, acting_user=user),
            "integration_training",
            IntegrationTraining,
        )
    assert refused == fields


def _assessment(user: User, client: Client, **values: Any) -> Any:
    data = {"kind": "basic", "started": timezone.localdate(), "interview_language": "ar"}
    return actions.do_create_assessment(
        client, data | values, unit=client.responsible_unit, acting_user=user
    )


@pytest.mark.parametrize(
    ("needs", "message"),
    [
        ("language", "Give the needs as a list of codes."),
        (["language", 7], "Give the needs as a list of codes."),
        (["language", "flying"], "Unknown need 'flying': choose from "),
    ],
)
def test_needs_that_are_no_list_of_known_codes_are_refused(
    world: dict[str, User], joensuu_client: Client, needs: Any, message: str
) -> None:
    user = world["counsellor.joensuu"]
    with _as(user), pytest.raises(InvalidError) as refused:
        _assessment(user, joensuu_client, needs=needs)
    assert list(refused.value.errors) == ["needs"]
    assert refused.value.errors["needs"][0].startswith(message)
    assert not ChangeEvent.objects.filter(subject_type="assessment").exists()


def test_no_needs_given_as_none_is_an_empty_list(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with _as(user):
        assessment = _assessment(user, joensuu_client, needs=None)
    assessment.refresh_from_db()
    assert assessment.needs == []


def test_a_language_level_is_refused_naming_each_bad_field(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with _as(user):
        assessment = _assessment(user, joensuu_client)
        with pytest.raises(InvalidError) as refused:
            actions.do_set_language_level(
                assessment,
                {"language": "xx-bad", "skill": "singing", "level": "D1", "source": "rumour"},
                acting_user=user,
            )
    assert set(refused.value.errors) == {"language", "skill", "level", "source"}
    assert not assessment.language_levels.exists()


def test_a_language_level_corrected_logs_old_and_new_and_the_same_level_logs_nothing(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    level = {"language": "fi", "skill": "reading", "level": "A2"}
    with _as(user):
        assessment = _assessment(user, joensuu_client)
        first = actions.do_set_language_level(assessment, level, acting_user=user)
        again = actions.do_set_language_level(assessment, level, acting_user=user)
        corrected = actions.do_set_language_level(
            assessment, level | {"level": "B1", "source": "yki"}, acting_user=user
        )
    assert first.pk == again.pk == corrected.pk
    corrected.refresh_from_db()
    assert (corrected.level, corrected.source) == ("B1", "yki")
    logged = ChangeEvent.objects.filter(
        subject_type="language_level", subject_id=str(first.pk)
    ).order_by("event_time", "id")
    assert [e.action for e in logged] == [ChangeEvent.Action.CREATE, ChangeEvent.Action.UPDATE]
    assert logged[1].changes == {"level": ["A2", "B1"], "source": ["assessment", "yki"]}


def test_a_goal_needs_a_text_and_a_known_status_and_a_status_change_is_logged_once(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    with _as(user):
        _assessment(user, joensuu_client)
        plan = actions.do_create_plan(
            joensuu_client,
            {"kind": "basic", "start": today, "end": today + 180 * DAY},
            unit=joensuu_client.responsible_unit,
            acting_user=user,
        )
        with pytest.raises(InvalidError) as refused:
            actions.do_add_goal(plan, "   ", acting_user=user, status="someday")
        assert set(refused.value.errors) == {"text", "status"}
        assert not plan.goals.exists()
        goal = actions.do_add_goal(plan, " Learn Finnish ", acting_user=user)
        with pytest.raises(InvalidError) as refused:
            actions.do_set_goal_status(goal, "someday", acting_user=user)
        assert set(refused.value.errors) == {"status"}
        actions.do_set_goal_status(goal, "achieved", acting_user=user)
        actions.do_set_goal_status(goal, "achieved", acting_user=user)
    goal.refresh_from_db()
    assert (goal.text, goal.status) == ("Learn Finnish", "achieved")
    updates = ChangeEvent.objects.filter(
        subject_type="goal", subject_id=str(goal.pk), action=ChangeEvent.Action.UPDATE
    )
    assert [e.changes for e in updates] == [{"status": ["open", "achieved"]}]


# --- The hand-over, the wellbeing county's participation and the assessment's interviewer -------


def _rows(subject_type: str, subject_id: Any) -> list[ChangeEvent]:
    return list(
        ChangeEvent.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).order_by(
            "event_time", "id"
        )
    )


def _own_counsellor(client: Client) -> str:
    current = client.counsellor_assignments.get(end__isnull=True)
    return str(current.counsellor.username)


def test_an_accepted_hand_over_makes_the_acceptor_the_own_counsellor_and_a_second_click_changes_nothing(
    world: dict[str, User], kokkola_client: Client
) -> None:
    counsellor, worker = world["counsellor.kokkola"], world["employment.kokkola"]
    today = timezone.localdate()
    with _as(counsellor):
        register.do_start_jobseeker_period(
            kokkola_client, start=today - 10 * DAY, acting_user=counsellor
        )
    hand_over = HandOver.objects.get(client=kokkola_client, status="open")
    assert _own_counsellor(kokkola_client) == "counsellor.kokkola"
    with _as(worker):
        actions.do_accept_hand_over(hand_over, acting_user=worker)
    hand_over.refresh_from_db()
    assert (hand_over.status, hand_over.accepted_by, hand_over.accepted_on) == (
        "accepted",
        worker,
        today,
    )
    assert _rows("hand_over", hand_over.pk)[-1].changes == {"status": ["open", "accepted"]}
    assert _own_counsellor(kokkola_client) == "employment.kokkola"
    assert [e.changes for e in _rows("client", kokkola_client.pk) if "counsellor" in e.changes][
        -1
    ] == {"counsellor": ["counsellor.kokkola", "employment.kokkola"]}

    events = ChangeEvent.objects.count()
    with _as(worker):
        actions.do_accept_hand_over(hand_over, acting_user=worker)
    hand_over.refresh_from_db()
    assert (hand_over.status, hand_over.accepted_on) == ("accepted", today)
    assert ChangeEvent.objects.count() == events
    assert kokkola_client.counsellor_assignments.count() == 2


def test_a_client_without_a_municipality_may_be_referred_only_to_a_county_of_the_own_region(
    world: dict[str, User], add_client: Any
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client(municipality=None, no_municipality_reason="198-tp")
    assert client.municipality_id is None
    assert actions.county_for(client) is None
    siun_sote = Organisation.objects.get(slug="siun-sote")
    assert actions.counties_for(client) == [siun_sote]
    with _as(user):
        fields = _refused(
            lambda: actions.do_request_wellbeing(
                client,
                county=Organisation.objects.get(slug="soite"),
                legal_basis="681-2023-s14",
                reason="Health needs affect the plan",
                acting_user=user,
            ),
            "wellbeing_request",
            WellbeingRequest,
        )
        assert fields == {"county"}
        request = actions.do_request_wellbeing(
            client,
            county=siun_sote,
            legal_basis="681-2023-s14",
            reason="Health needs affect the plan",
            acting_user=user,
        )
    assert (request.county, request.client) == (siun_sote, client)
    [created] = _rows("wellbeing_request", request.pk)
    assert created.changes["county"] == [None, str(siun_sote.pk)]


def test_a_closed_request_stays_closed_on_its_first_day_and_an_empty_contribution_is_refused(
    world: dict[str, User], kokkola_client: Client
) -> None:
    counsellor, social = world["counsellor.kokkola"], world["wellbeing.kokkola"]
    today = timezone.localdate()
    with _as(counsellor):
        request = actions.do_request_wellbeing(
            kokkola_client,
            county=Organisation.objects.get(slug="soite"),
            legal_basis="681-2023-s14",
            reason="Health needs affect the plan",
            acting_user=counsellor,
            invited=social,
        )
    with _as(social):
        fields = _refused(
            lambda: actions.do_add_contribution(request, text="  \n ", acting_user=social),
            "contribution",
            Contribution,
        )
    assert fields == {"text"}
    with _as(counsellor):
        actions.do_close_wellbeing_request(request, acting_user=counsellor, day=today)
        actions.do_close_wellbeing_request(request, acting_user=counsellor, day=today + DAY)
    request.refresh_from_db()
    assert request.closed_on == today
    assert [e.changes for e in _rows("wellbeing_request", request.pk)[1:]] == [
        {"closed_on": [None, today.isoformat()]}
    ]


def test_a_new_interviewer_must_be_a_colleague_and_the_change_is_logged(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user, colleague = world["counsellor.joensuu"], world["manager.joensuu"]
    with _as(user):
        assessment = _assessment(user, joensuu_client)
        events = _events("assessment")
        with pytest.raises(InvalidError) as refused:
            actions.do_update_assessment(
                assessment, {"interviewer": world["counsellor.kokkola"]}, acting_user=user
            )
        assert set(refused.value.errors) == {"interviewer"}
        assessment.refresh_from_db()
        assert assessment.interviewer == user and _events("assessment") == events
        changed = actions.do_update_assessment(
            assessment, {"interviewer": colleague}, acting_user=user
        )
    assessment.refresh_from_db()
    assert assessment.interviewer == colleague
    ids = [str(user.pk), str(colleague.pk)]
    assert changed == {"interviewer": ids}
    assert _rows("assessment", assessment.pk)[-1].changes == {"interviewer": ids}


# --- The plan: what the other tests leave out ------------------------------------------------


def _plan(user: User, client: Client, **values: Any) -> Plan:
    today = timezone.localdate()
    data = {"kind": "basic", "start": today, "end": today + 180 * DAY}
    return actions.do_create_plan(
        client, data | values, unit=client.responsible_unit, acting_user=user
    )


def _entry(owner: str, status: str = Service.Status.PUBLISHED) -> Service:
    return Service.objects.create(
        owner=Organisation.objects.get(slug=owner),
        name={"fi": "Kielikahvila", "en": "Language café"},
        municipality_codes=["167"],
        status=status,
    )


def test_a_jobseekers_plan_without_a_municipality_is_recorded_in_full(
    world: dict[str, User], add_client: Any
) -> None:
    # no municipality: no employment area whose choice would send the plan to its own system
    user = world["counsellor.joensuu"]
    client = add_client(
        municipality=None,
        no_municipality_reason="198-tp",
        jobseeker_since=timezone.localdate() - 10 * DAY,
    )
    assert client.responsible_authority == "employment_area"
    assert actions.employment_area_for(client) is None
    assert actions.plan_record_mode(client) == "full"
    with _as(user):
        _assessment(user, client)
        plan = _plan(user, client)
    plan.refresh_from_db()
    assert (plan.recorded_in, plan.official_reference) == ("kotopolku", "")


def test_an_edit_of_a_plan_cannot_carry_an_exception(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with _as(user):
        _assessment(user, joensuu_client)
        plan = _plan(user, joensuu_client)
        events = _events("plan")
        with pytest.raises(InvalidError) as refused:
            actions.do_update_plan(
                plan,
                {"follow_up": "Monthly"},
                acting_user=user,
                exception=RuleException("plans-total-two-years-681-2023", " "),
            )
    assert set(refused.value.errors) == {"exception.rule", "exception.reason"}
    plan.refresh_from_db()
    assert (plan.follow_up, plan.exception_rule, plan.exception_reason) == ("", "", "")
    assert _events("plan") == events


def test_client_texts_too_long_are_refused_naming_the_goal_and_the_responsibilities(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with _as(user):
        _assessment(user, joensuu_client)
        plan = _plan(user, joensuu_client)
        goal = actions.do_add_goal(plan, "Learn Finnish", acting_user=user)
        events = ChangeEvent.objects.count()
        with pytest.raises(InvalidError) as refused:
            actions.do_set_client_texts(
                plan, "ar", {goal.pk: "x" * 2001}, "y" * 4001, acting_user=user
            )
    assert refused.value.errors == {
        f"goal-{goal.pk}": ["At most 2000 characters."],
        "responsibilities": ["At most 4000 characters."],
    }
    goal.refresh_from_db()
    plan.refresh_from_db()
    assert (goal.client_texts, plan.client_responsibilities_texts) == ({}, {})
    assert ChangeEvent.objects.count() == events


def test_a_service_refused_for_an_unpublished_entry_and_an_unknown_status(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    draft = _entry("toivo", Service.Status.DRAFT)
    with _as(user):
        _assessment(user, joensuu_client)
        plan = _plan(user, joensuu_client)
        fields = _refused(
            lambda: actions.do_add_service(
                plan, {"catalog_service": draft, "status": "someday"}, acting_user=user
            ),
            "planned_service",
            PlannedService,
        )
    assert fields == {"catalog_service", "status"}


def test_a_service_from_the_tray_keeps_the_provider_the_caller_named(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    entry = _entry("toivo")
    # the entry's name is taken in the active language: set it, whatever earlier tests left
    with _as(user), translation.override("en"):
        _assessment(user, joensuu_client)
        plan = _plan(user, joensuu_client)
        service = actions.do_add_service(
            plan, {"catalog_service": entry, "provider_name": "Oma ryhmä"}, acting_user=user
        )
    service.refresh_from_db()
    # the name comes from the entry, the provider stays the one the caller named
    assert (service.name, service.provider_id, service.provider_name) == (
        "Language café",
        None,
        "Oma ryhmä",
    )
    [created] = _rows("planned_service", service.pk)
    assert created.changes["provider_name"] == [None, "Oma ryhmä"]
    assert "provider" not in created.changes


def test_a_service_edit_that_changes_nothing_writes_nothing(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    with _as(user):
        _assessment(user, joensuu_client)
        plan = _plan(user, joensuu_client)
        service = actions.do_add_service(
            plan, {"name": "Kielikahvila", "start": today}, acting_user=user
        )
        events = ChangeEvent.objects.count()
        changed = actions.do_update_service(
            service, {"name": "Kielikahvila", "start": today}, acting_user=user
        )
    assert changed == {}
    assert ChangeEvent.objects.count() == events


def test_a_review_with_unknown_levels_is_refused_naming_each_field(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with _as(user):
        _assessment(user, joensuu_client)
        plan = _plan(user, joensuu_client)
        fields = _refused(
            lambda: actions.do_add_review(
                plan,
                held_on=timezone.localdate(),
                acting_user=user,
                levels={"levels_language": "de", "level_reading": "b1", "level_writing": "D2"},
            ),
            "review",
            Review,
        )
    assert fields == {"levels_language", "level_writing"}


def test_an_extension_without_a_day_of_decision_is_refused(
    world: dict[str, User], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with _as(user):
        _assessment(user, joensuu_client)
        _plan(user, joensuu_client)
        fields = _refused(
            lambda: actions.do_record_plan_extension(
                joensuu_client,
                {"months": 6, "reason": "illness", "decided_on": "yesterday"},
                acting_user=user,
            ),
            "plan_extension",
            PlanExtension,
        )
    assert fields == {"decided_on"}


def test_the_daily_command_recomputes_the_casework_deadlines_through_the_clients_hook(
    world: dict[str, User], joensuu_client: Client
) -> None:
    expected = list(joensuu_client.deadlines.order_by("due", "id").values_list("kind", "due"))
    assert expected, "a new client has the assessment's deadline"
    joensuu_client.deadlines.all().delete()
    out = io.StringIO()
    call_command("refresh_clients", stdout=out)
    assert list(joensuu_client.deadlines.order_by("due", "id").values_list("kind", "due")) == (
        expected
    )
    assert (
        out.getvalue()
        .strip()
        .endswith(f"; deadlines recomputed for {Client.objects.count()} clients")
    )
