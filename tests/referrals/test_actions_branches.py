"""Referral actions' refusals the other tests leave out: each names its field and writes
nothing (no referral, no answer, no cancellation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.casework.actions import InvalidError
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
