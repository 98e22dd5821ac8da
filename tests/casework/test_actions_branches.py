"""Casework actions' refusals and no-ops that the other tests reach only through pages (or not
at all): each refusal names its field and writes nothing; a repeated withdrawal changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions
from kotopolku.casework.actions import InvalidError
from kotopolku.casework.models import CivicOrientationOffer, Contact, IntegrationTraining
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
