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
