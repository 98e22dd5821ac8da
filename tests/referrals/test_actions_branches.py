"""Referral actions' refusals the other tests leave out: each names its field and writes
nothing (no referral, no answer, no cancellation)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions as casework_actions
from kotopolku.casework.actions import InvalidError
from kotopolku.casework.models import Plan, PlannedService
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client
from kotopolku.referrals import actions
from kotopolku.referrals.models import Referral, ReferralEvent
from tests.referrals.conftest import persona_context

S = Referral.Status


def _refused(call: Callable[[], Any]) -> dict[str, list[str]]:
    referrals = list(Referral.objects.values_list("pk", "status"))
    events = ReferralEvent.objects.count()
    with pytest.raises(InvalidError) as caught:
        call()
    assert list(Referral.objects.values_list("pk", "status")) == referrals
    assert ReferralEvent.objects.count() == events
    return caught.value.errors


def test_a_referral_to_an_inactive_provider_or_with_a_too_long_reason_is_refused(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    errors = _refused(lambda: refer(client_of, services["ngo"], reason="x" * 2001))
    assert errors == {"reason": ["The reason may be at most 2,000 characters."]}
    owner = services["ngo"].owner
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    errors = _refused(lambda: refer(client_of, services["ngo"]))
    assert errors == {"service_id": ["The provider of this service is no longer active."]}


def test_an_existing_consent_and_a_new_one_are_not_both_given(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    first = refer(client_of, services["ngo"])
    assert first.consent is not None
    errors = _refused(
        lambda: refer(
            client_of,
            services["ngo"],
            consent=first.consent,
            consent_given_on=first.consent.given_on,
        )
    )
    assert list(errors) == ["consent_id"]
    assert "not both" in errors["consent_id"][0]


def test_a_too_long_legal_basis_is_refused(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    errors = _refused(lambda: refer(client_of, services["authority"], legal_basis="x" * 301))
    assert errors == {"legal_basis": ["The legal basis may be at most 300 characters."]}


def test_an_answer_needs_a_reason_to_decline_and_a_short_note(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    assert _refused(lambda: answer(referral, S.DECLINED)) == {
        "note": ["Give the reason for declining."]
    }
    assert _refused(lambda: answer(referral, S.ACCEPTED, note="x" * 1001)) == {
        "note": ["The note may be at most 1,000 characters."]
    }
    assert answer(referral, S.DECLINED, note="  Full this spring. ").status == S.DECLINED
    assert referral.events.get(status=S.DECLINED).note == "Full this spring."


def test_a_cancellation_note_is_at_most_1000_characters(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    referral = refer(client_of, services["ngo"])
    user = world["counsellor.joensuu"]
    with acting(view="test:cancel", **persona_context(user)):
        errors = _refused(
            lambda: actions.do_cancel_referral(referral, acting_user=user, note="x" * 1001)
        )
    assert errors == {"note": ["The note may be at most 1,000 characters."]}


# --- the plan's services and the consent ------------------------------------------------------


def _plan(client: Client, world: dict[str, User]) -> Plan:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    values = {
        "kind": "basic",
        "start": today - datetime.timedelta(days=10),
        "end": today + datetime.timedelta(days=200),
    }
    with acting(view="test:plan", **persona_context(user)):
        return casework_actions.do_create_plan(
            client, values, unit=persona_context(user)["unit"], acting_user=user
        )


def _add(plan: Plan, world: dict[str, User], values: dict[str, Any]) -> PlannedService:
    user = world["counsellor.joensuu"]
    with acting(view="test:service", **persona_context(user)):
        return casework_actions.do_add_service(plan, values, acting_user=user)


def test_a_plans_service_from_another_entry_is_not_carried_by_the_referral(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    row = _add(_plan(client_of, world), world, {"catalog_service": services["authority"]})
    errors = _refused(lambda: refer(client_of, services["ngo"], planned_service=row))
    assert errors == {
        "planned_service": ["The plan's service is not this client's service from this tray entry."]
    }


def test_from_the_day_of_a_withdrawal_recorded_ahead_the_provider_answers_no_more(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    referral = refer(client_of, services["ngo"])
    assert referral.consent is not None
    user = world["counsellor.joensuu"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with acting(view="test:withdraw", **persona_context(user)):
        casework_actions.do_withdraw_consent(referral.consent, acting_user=user, day=tomorrow)
    referral.refresh_from_db()
    assert referral.status == S.SENT  # a withdrawal dated later closes nothing yet
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        errors = _refused(lambda: answer(referral, S.ACCEPTED))
    assert errors == {"status": [actions.WITHDRAWN_MESSAGE]}


def test_a_plans_service_not_from_the_tray_carries_no_referral(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    referral = refer(client_of, services["authority"])
    assert referral.planned_service_id is None  # no plan yet
    plan = _plan(client_of, world)
    _add(plan, world, {"name": "Kielikurssi", "provider_name": "Kansalaisopisto"})
    referral.refresh_from_db()
    assert referral.planned_service_id is None
    assert not ChangeEvent.objects.filter(
        subject_type="referral", subject_id=str(referral.pk), changes__has_key="planned_service"
    ).exists()


def test_an_accepted_referral_carries_the_plans_service_another_referral_left(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    plan = _plan(client_of, world)
    first = refer(client_of, services["ngo"])
    row = _add(plan, world, {"catalog_service": services["ngo"], "consent": first.consent})
    first.refresh_from_db()
    assert first.planned_service_id == row.pk  # the new row carries the open referral
    second = refer(client_of, services["ngo"])
    assert second.planned_service_id is None  # the row is the first referral's
    user = world["counsellor.joensuu"]
    with acting(view="test:cancel", **persona_context(user)):
        actions.do_cancel_referral(first, acting_user=user)
    rows = plan.services.count()
    answer(second, S.ACCEPTED)
    second.refresh_from_db()
    assert second.planned_service_id == row.pk and plan.services.count() == rows
    link = ChangeEvent.objects.filter(
        subject_type="referral", subject_id=str(second.pk), changes__has_key="planned_service"
    ).get()
    assert link.changes["planned_service"] == [None, str(row.pk)]


def _add_and_refer(
    plan: Plan, world: dict[str, User], values: dict[str, Any], referral: dict[str, Any] | None
) -> tuple[PlannedService, Referral | None]:
    user = world["counsellor.joensuu"]
    with acting(view="test:refer_now", **persona_context(user)):
        return actions.do_add_service_and_refer(plan, values, acting_user=user, referral=referral)


def test_add_and_refer_names_the_part_it_refuses_and_writes_nothing(
    client_of: Client, services: dict[str, Service], world: dict[str, User]
) -> None:
    plan = _plan(client_of, world)
    today = timezone.localdate()
    cases: list[tuple[dict[str, Any], dict[str, Any] | None, str, list[str]]] = [
        # a draft of an NGO: not published, and the NGO's service needs the client's consent
        ({"catalog_service": services["draft"]}, None, "service", ["catalog_service", "consent"]),
        (
            {"name": "Kielikurssi"},
            {"reason": "Practise", "consent_given_on": today},
            "service",
            ["catalog_service"],
        ),
        (
            {"catalog_service": services["ngo"]},
            {"reason": " ", "consent_given_on": today},
            "referral",
            ["reason"],
        ),
    ]
    for values, referral, part, fields in cases:
        with pytest.raises(actions.PlanReferralError) as refused:
            _add_and_refer(plan, world, values, referral)
        assert (refused.value.part, sorted(refused.value.errors)) == (part, fields)
    assert not plan.services.exists() and not Referral.objects.exists()


def test_a_consent_chosen_for_the_plans_service_is_kept_beside_the_referrals(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    earlier = refer(client_of, services["ngo"])
    plan = _plan(client_of, world)
    consent = earlier.consent
    assert consent is not None
    row, made = _add_and_refer(
        plan,
        world,
        {"catalog_service": services["ngo"], "consent": consent},
        {"reason": "Practise", "consent": consent},
    )
    assert made is not None and row.consent_id == consent.pk and made.consent_id == consent.pk
    assert made.planned_service_id == row.pk


def test_no_e_mail_for_a_referral_that_is_not_there(world: dict[str, User]) -> None:
    assert actions.notify_receiver(uuid.uuid4()) == 0


def test_an_accepted_referral_to_an_entry_archived_since_is_answered_but_not_put_in_the_plan(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    from kotopolku.catalog import actions as catalog_actions

    plan = _plan(client_of, world)
    referral = refer(client_of, services["ngo"])
    with acting(view="test:archive"):
        catalog_actions.do_archive_service(services["ngo"], acting_user=None)
    answer(referral, S.ACCEPTED)
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED and referral.planned_service_id is None
    assert not plan.services.exists()
