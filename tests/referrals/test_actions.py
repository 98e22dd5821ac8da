"""Making a referral (consent outside the authorities, legal basis between them), the
minimum data copied, the provider's answers and their transitions, cancelling, the change
log and the e-mail to the provider."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework.actions import InvalidError, do_record_consent, do_withdraw_consent
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs.models import Organisation
from kotopolku.referrals import actions, rules
from kotopolku.referrals.models import Referral, ReferralEvent
from tests.referrals.conftest import NGO, persona_context

S = Referral.Status
TODAY = timezone.localdate


def _consent(client: Client, org: str, world: dict[str, User], **kwargs: Any) -> Consent:
    user = world["counsellor.joensuu"]
    with acting(view="test:consent", **persona_context(user)):
        return do_record_consent(
            client,
            scope=kwargs.pop("scope", Consent.Scope.REFERRAL),
            recipient=Organisation.objects.get(slug=org),
            given_on=kwargs.pop("given_on", TODAY() - datetime.timedelta(days=2)),
            acting_user=user,
        )


def _refusal(call: Callable[[], Any]) -> dict[str, list[str]]:
    with pytest.raises(InvalidError) as caught:
        call()
    return caught.value.errors


# --- Consent and legal basis ----------------------------------------------------------------------


def test_an_ngo_needs_the_clients_consent(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    errors = _refusal(lambda: refer(client_of, services["ngo"], consent_given_on=None))
    assert "consent_id" in errors
    assert not Referral.objects.exists()


def test_an_ngo_referral_records_the_consent_in_the_same_step(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    referral = refer(client_of, services["ngo"], consent_given_on=TODAY())
    consent = referral.consent
    assert consent is not None
    assert (consent.client_id, consent.scope, consent.recipient.slug, consent.given_on) == (
        client_of.pk,
        Consent.Scope.REFERRAL,
        NGO,
        TODAY(),
    )
    assert referral.legal_basis == ""
    assert ChangeEvent.objects.filter(subject_type="consent", subject_id=str(consent.pk)).exists()


def test_an_existing_valid_consent_is_used(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    consent = _consent(client_of, NGO, world)
    referral = refer(client_of, services["ngo"], consent=consent, consent_given_on=None)
    assert referral.consent_id == consent.pk
    assert Consent.objects.filter(client=client_of).count() == 1


def test_a_withdrawn_consent_is_refused(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    consent = _consent(client_of, NGO, world)
    with acting(view="test:withdraw"):
        do_withdraw_consent(consent, acting_user=world["counsellor.joensuu"], day=TODAY())
    consent.refresh_from_db()
    errors = _refusal(
        lambda: refer(client_of, services["ngo"], consent=consent, consent_given_on=None)
    )
    assert errors["consent_id"] == ["The consent is not valid today (withdrawn or not yet given)."]
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("org", "scope"),
    [("joensuun-setlementti", Consent.Scope.REFERRAL), (NGO, Consent.Scope.DISCLOSURE)],
)
def test_a_consent_to_another_recipient_or_of_another_scope_is_refused(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
    org: str,
    scope: str,
) -> None:
    consent = _consent(client_of, org, world, scope=scope)
    errors = _refusal(
        lambda: refer(client_of, services["ngo"], consent=consent, consent_given_on=None)
    )
    assert "consent_id" in errors


def test_a_legal_basis_does_not_replace_an_ngos_consent(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    errors = _refusal(
        lambda: refer(
            client_of,
            services["ngo"],
            legal_basis=rules.legal_basis_text("681-2023-s13"),
            consent_given_on=TODAY(),
        )
    )
    assert list(errors) == ["legal_basis"]


def test_between_authorities_the_legal_basis_is_required(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    errors = _refusal(lambda: refer(client_of, services["authority"], legal_basis=""))
    assert list(errors) == ["legal_basis"]
    referral = refer(
        client_of,
        services["authority"],
        legal_basis=rules.legal_basis_text("681-2023-s3", "jobseeker since May"),
    )
    assert referral.consent_id is None
    assert referral.legal_basis.startswith("Act 681/2023 s. 3")
    assert referral.legal_basis.endswith("— jobseeker since May")


def test_between_authorities_a_consent_is_not_what_is_recorded(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    errors = _refusal(lambda: refer(client_of, services["authority"], consent_given_on=TODAY()))
    assert list(errors) == ["consent_id"]
    assert not Consent.objects.filter(client=client_of).exists()


def test_the_authority_kinds_decide_what_is_needed() -> None:
    # written out, not derived from AUTHORITY_KINDS: outside the authorities (docs/catalog.md)
    # the client's consent is needed
    needs = {
        kind for kind in Organisation.Kind.values if rules.needs_consent(Organisation(kind=kind))
    }
    assert needs == {"ngo", "parish", "company", "education_provider", "reception_centre"}


def test_an_unpublished_service_and_an_empty_reason_are_refused(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    errors = _refusal(lambda: refer(client_of, services["draft"], reason="  "))
    assert set(errors) == {"service_id", "reason"}


def test_only_the_responsible_side_refers(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    for outsider in ("counsellor.kokkola", "ngo.spr", "employment.joensuu"):
        with pytest.raises(actions.NotAllowedError):
            refer(client_of, services["ngo"], by=outsider)
    assert not Referral.objects.exists()


# --- What is shared -------------------------------------------------------------------------------


def test_only_the_minimum_data_is_copied(
    add_client: Callable[..., Client], services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    client = add_client(
        service_languages=["fi", "en"], henkilotunnus="010185-900D", birth_date="1985-01-01"
    )
    referral = refer(client, services["ngo"])
    assert referral.shared == {
        "name": client.full_name,
        "phone": client.phone,
        "email": client.email,
        "language": "fi",
        "service_languages": ["fi", "en"],
        "interpreter": True,
        "interpreter_language": "ar",
    }
    assert "Salainen" not in str(referral.shared) and "010185" not in str(referral.shared)
    assert referral.status == S.SENT and referral.receiver.slug == NGO
    assert list(referral.events.values_list("status", flat=True)) == [S.SENT]


def test_making_a_referral_is_in_the_change_log(
    client_of: Client, services: dict[str, Service], refer: Callable[..., Referral]
) -> None:
    referral = refer(client_of, services["ngo"], reason="Practise Finnish")
    event = ChangeEvent.objects.get(subject_type="referral", subject_id=str(referral.pk))
    assert event.action == ChangeEvent.Action.CREATE
    assert event.client_id == client_of.pk
    assert event.changes["reason"] == [None, "Practise Finnish"]
    assert event.changes["status"] == [None, "sent"]
    assert event.changes["receiver"][1] == str(referral.receiver_id)


# --- The provider's answers -----------------------------------------------------------------------

VALID_PATHS = [
    (S.ACCEPTED,),
    (S.ACCEPTED, S.STARTED),
    (S.ACCEPTED, S.STARTED, S.COMPLETED),
    (S.STARTED, S.COMPLETED),
    (S.ACCEPTED, S.NO_SHOW),
    (S.NO_SHOW,),
    (S.ACCEPTED, S.DECLINED),
    (S.DECLINED,),
]


@pytest.mark.parametrize("path", VALID_PATHS)
def test_each_answer_moves_the_status_and_is_in_the_history(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    path: tuple[str, ...],
) -> None:
    referral = refer(client_of, services["ngo"])
    for step in path:
        before = Referral.objects.get(pk=referral.pk).status_changed_at
        answer(referral, step, note="Full this term." if step == S.DECLINED else "")
        referral.refresh_from_db()
        assert referral.status == step
        assert referral.status_changed_at >= before
    assert list(referral.events.values_list("status", flat=True)) == [S.SENT, *path]
    changes = ChangeEvent.objects.filter(
        subject_type="referral", subject_id=str(referral.pk), action=ChangeEvent.Action.UPDATE
    ).order_by("event_time", "id")
    assert [c.changes["status"][1] for c in changes] == list(path)


INVALID = [
    ((), S.COMPLETED),  # sent -> completed: not started
    ((), S.SENT),
    ((), S.CANCELLED),  # the provider does not cancel
    ((S.ACCEPTED,), S.ACCEPTED),
    ((S.STARTED,), S.ACCEPTED),
    ((S.STARTED,), S.NO_SHOW),
    ((S.STARTED, S.COMPLETED), S.ACCEPTED),
    ((S.STARTED, S.COMPLETED), S.SENT),
    ((S.DECLINED,), S.ACCEPTED),
    ((S.NO_SHOW,), S.STARTED),
]


@pytest.mark.parametrize(("path", "wanted"), INVALID)
def test_invalid_transitions_are_refused_with_a_clear_message(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    path: tuple[str, ...],
    wanted: str,
) -> None:
    referral = refer(client_of, services["ngo"])
    for step in path:
        answer(referral, step, note="reason")
    referral.refresh_from_db()
    status_before = referral.status
    with pytest.raises(InvalidError) as caught:
        answer(referral, wanted, note="reason")
    [message] = caught.value.errors["status"]
    assert message.startswith(("The referral", "A referral that is", "Choose one of"))
    referral.refresh_from_db()
    assert referral.status == status_before
    assert referral.events.count() == 1 + len(path)


def test_the_messages_name_the_current_status_and_the_allowed_answers(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    with pytest.raises(InvalidError) as caught:
        answer(referral, S.COMPLETED)
    assert caught.value.errors["status"] == [
        "A referral that is sent can be marked: accepted, started, declined, did not come."
    ]
    answer(referral, S.STARTED)
    answer(referral, S.COMPLETED)
    with pytest.raises(InvalidError) as caught:
        answer(referral, S.ACCEPTED)
    assert caught.value.errors["status"] == [
        "The referral is closed (completed): its status no longer changes."
    ]


def test_declining_needs_a_reason(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    with pytest.raises(InvalidError) as caught:
        answer(referral, S.DECLINED, note="  ")
    assert list(caught.value.errors) == ["note"]
    answer(referral, S.DECLINED, note="The group is full.")
    assert referral.events.last().note == "The group is full."  # type: ignore[union-attr]


def test_only_the_receiving_organisation_answers(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    for outsider in ("ngo.setlementti", "counsellor.joensuu", "employment.joensuu"):
        with pytest.raises(actions.NotAllowedError):
            answer(referral, S.ACCEPTED, by=outsider)
    referral.refresh_from_db()
    assert referral.status == S.SENT


def test_an_authority_answers_its_own_referrals(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["authority"])
    answer(referral, S.ACCEPTED, by="employment.joensuu")
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED


# --- Cancelling -----------------------------------------------------------------------------------


def test_the_referrer_cancels_an_open_referral_but_not_a_closed_one(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    counsellor = world["counsellor.joensuu"]
    open_one = refer(client_of, services["ngo"])
    answer(open_one, S.ACCEPTED)
    with acting(view="test:cancel"):
        actions.do_cancel_referral(open_one, acting_user=counsellor, note="Moved away")
    open_one.refresh_from_db()
    assert open_one.status == S.CANCELLED
    assert ReferralEvent.objects.filter(referral=open_one, status=S.CANCELLED).get().note == (
        "Moved away"
    )
    with acting(view="test:cancel"), pytest.raises(InvalidError) as caught:
        actions.do_cancel_referral(open_one, acting_user=counsellor)
    assert "status" in caught.value.errors
    with pytest.raises(actions.NotAllowedError), acting(view="test:cancel"):
        actions.do_cancel_referral(refer(client_of, services["ngo"]), acting_user=world["ngo.spr"])


# --- The e-mail to the provider ---------------------------------------------------------------------


def test_the_providers_editors_get_a_link_and_no_personal_data(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(client_of, services["ngo"], reason="Needs help with Finnish")
    [message] = mail.outbox
    assert message.to == ["ngo.spr@demo.kotopolku.invalid"]
    assert f"/referrals/{referral.pk}/" in message.body
    text = f"{message.subject}\n{message.body}"
    for private in (
        client_of.first_name,
        client_of.last_name,
        client_of.phone,
        client_of.email,
        "Needs help",
        "Kielikahvila",
    ):
        assert private not in text


def test_no_e_mail_leaves_before_the_commit(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        refer(client_of, services["authority"])
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["employment.joensuu@example.invalid"]]
