"""What the provider sees over a referral's life: not the referring side's notes, and nothing
of the client once the consent the referral rests on is withdrawn; and a consent withdrawn
while a referral is being made is never used."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import get_resolver, reverse
from django.utils import timezone

from kotopolku.access.policy import PAGES
from kotopolku.accounts.actions import do_add_membership, do_end_membership
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent
from kotopolku.casework.actions import InvalidError, do_record_consent, do_withdraw_consent
from kotopolku.catalog.models import Service
from kotopolku.clients.actions import do_assign_counsellor
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs.models import Membership, Organisation, Role, Unit
from kotopolku.referrals import actions, queries, rules
from kotopolku.referrals.models import Referral
from tests.referrals.conftest import NGO, api, persona_context

S = Referral.Status
URL = "/api/v1/referrals"
CANCEL_NOTE = "Moved to psychiatric inpatient care"


def _detail(referral: Referral) -> str:
    return f"/referrals/{referral.pk}/"


def _consent(client: Client, world: dict[str, User]) -> Consent:
    user = world["counsellor.joensuu"]
    with acting(view="test:consent", **persona_context(user)):
        return do_record_consent(
            client,
            scope=Consent.Scope.REFERRAL,
            recipient=Organisation.objects.get(slug=NGO),
            given_on=timezone.localdate() - datetime.timedelta(days=3),
            acting_user=user,
        )


def _withdraw(consent: Consent, world: dict[str, User], day: datetime.date | None = None) -> None:
    with acting(view="test:withdraw"):
        do_withdraw_consent(consent, acting_user=world["counsellor.joensuu"], day=day)


# --- The referring side's notes -------------------------------------------------------------------


def test_the_provider_never_sees_the_counsellors_cancel_note(
    sign_in: Callable[[str], HttpClient],
    token_for: Callable[[str], str],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    declined = refer(client_of, services["ngo"])
    answer(declined, S.DECLINED, note="The group is full")
    cancelled = refer(client_of, services["ngo"])
    counsellor = sign_in("counsellor.joensuu")
    response = counsellor.post(_detail(cancelled) + "cancel/", {"note": CANCEL_NOTE})
    assert response.status_code == 302
    cancelled.refresh_from_db()
    assert cancelled.status == S.CANCELLED
    # the referring side sees its own note and the provider's
    assert CANCEL_NOTE in counsellor.get(_detail(cancelled)).content.decode()
    assert "The group is full" in counsellor.get(_detail(declined)).content.decode()
    # the provider sees that it was cancelled, and its own notes, never the counsellor's note
    provider = sign_in("ngo.spr")
    page = provider.get(_detail(cancelled)).content.decode()
    assert "Cancelled" in page and CANCEL_NOTE not in page
    assert "The group is full" in provider.get(_detail(declined)).content.decode()
    rows = api(token_for("ngo.spr")).get(URL, {"box": "received"}).json()["results"]
    by_id = {row["id"]: row for row in rows}
    assert [e["status"] for e in by_id[str(cancelled.pk)]["events"]] == ["sent", "cancelled"]
    assert all(e["note"] == "" for e in by_id[str(cancelled.pk)]["events"])
    assert by_id[str(declined.pk)]["events"][-1]["note"] == "The group is full"
    sent = api(token_for("counsellor.joensuu")).get(URL, {"box": "sent"}).json()["results"]
    assert {row["id"]: row for row in sent}[str(cancelled.pk)]["events"][-1]["note"] == CANCEL_NOTE


# --- A consent withdrawn after the referral ------------------------------------------------------


def test_after_the_withdrawal_the_provider_sees_nothing_of_the_client(
    sign_in: Callable[[str], HttpClient],
    token_for: Callable[[str], str],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    consent = _consent(client_of, world)
    referral = refer(
        client_of,
        services["ngo"],
        consent=consent,
        consent_given_on=None,
        reason="Needs help with trauma",
    )
    provider = sign_in("ngo.spr")
    assert client_of.full_name in provider.get(_detail(referral)).content.decode()
    _withdraw(consent, world)

    secrets = (client_of.full_name, client_of.phone, client_of.email, "Needs help with trauma")
    page = provider.get(_detail(referral)).content.decode()
    assert "withdrawn the consent" in page
    for secret in secrets:
        assert secret not in page
    assert f'action="/referrals/{referral.pk}/respond/"' not in page
    inbox = provider.get("/referrals/received/").content.decode()
    assert _detail(referral) in inbox and "Consent withdrawn" in inbox
    assert client_of.full_name not in inbox

    caller = api(token_for("ngo.spr"))
    [row] = caller.get(URL, {"box": "received"}).json()["results"]
    assert row["consent_withdrawn"] is True and row["reason"] == ""
    assert row["shared"]["name"] == "" and row["shared"]["phone"] == ""
    assert row["shared"]["email"] == "" and row["shared"]["language"] == ""
    refused = caller.patch(
        f"{URL}/{referral.pk}", {"status": "accepted"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert list(refused.json()["error"]["fields"]) == ["status"]
    posted = provider.post(_detail(referral) + "respond/", {"status": "accepted"})
    assert posted.status_code == 422
    # the withdrawal cancelled the referral, with a note saying why
    referral.refresh_from_db()
    assert referral.status == S.CANCELLED and referral.events.count() == 2
    assert referral.events.order_by("at").last().note == actions.WITHDRAWN_NOTE  # type: ignore[union-attr]

    # the referring side still sees the client
    page = sign_in("counsellor.joensuu").get(_detail(referral)).content.decode()
    assert client_of.full_name in page
    # the provider's reads are still logged with the client's id
    assert (
        AccessEvent.objects.filter(
            actor_username="ngo.spr", subject_type="referral", client_id=client_of.pk
        ).count()
        == 5
    )


def test_a_withdrawal_dated_later_takes_effect_on_its_day(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    consent = _consent(client_of, world)
    referral = refer(client_of, services["ngo"], consent=consent, consent_given_on=None)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _withdraw(consent, world, day=tomorrow)
    referral = Referral.objects.select_related("consent").get(pk=referral.pk)
    assert not rules.consent_withdrawn(referral)
    assert rules.consent_withdrawn(referral, tomorrow)
    assert actions.do_close_for_withdrawn_consent(consent, acting_user=world["ngo.spr"]) == []
    assert client_of.full_name in sign_in("ngo.spr").get(_detail(referral)).content.decode()


def test_closing_the_open_referrals_of_a_withdrawn_consent(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    consent = _consent(client_of, world)
    open_one = refer(client_of, services["ngo"], consent=consent, consent_given_on=None)
    done = refer(client_of, services["ngo"], consent=consent, consent_given_on=None)
    answer(done, S.NO_SHOW)
    other = refer(client_of, services["ngo"])  # its own, new consent
    user = world["counsellor.joensuu"]
    assert actions.do_close_for_withdrawn_consent(consent, acting_user=user) == []
    _withdraw(consent, world)  # the withdrawal itself closes the referrals resting on it
    consent.refresh_from_db()
    with acting(view="test:close"):
        assert actions.do_close_for_withdrawn_consent(consent, acting_user=user) == []
    statuses = dict(Referral.objects.values_list("pk", "status"))
    assert statuses == {open_one.pk: S.CANCELLED, done.pk: S.NO_SHOW, other.pk: S.SENT}
    assert open_one.events.order_by("at").last().note == actions.WITHDRAWN_NOTE  # type: ignore[union-attr]


# --- A consent withdrawn while the referral is being made ----------------------------------------


def test_a_consent_withdrawn_meanwhile_is_not_used(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    """The caller's copy of the consent says valid; the database says withdrawn (another
    request withdrew it after the form was shown): the action reads the row again."""
    consent = _consent(client_of, world)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=timezone.localdate())
    assert consent.withdrawn_on is None  # the stale copy
    with pytest.raises(InvalidError) as caught:
        refer(client_of, services["ngo"], consent=consent, consent_given_on=None)
    assert caught.value.errors["consent_id"] == [
        "The consent is not valid today (withdrawn or not yet given)."
    ]
    assert not Referral.objects.exists()


# --- The register stays closed to the provider ----------------------------------------------------


def _register_urls(client_id: uuid.UUID) -> list[str]:
    """Every page of the client register and casework, with the client's id where the
    pattern takes one and a random id elsewhere."""
    resolver = get_resolver()
    urls = []
    for name in sorted(PAGES):
        if not name.startswith(("clients:", "casework:")):
            continue
        namespace, _sep, url_name = name.partition(":")
        [(candidates, _regex, _defaults, _converters)] = resolver.namespace_dict[namespace][
            1
        ].reverse_dict.getlist(url_name)
        params = candidates[0][1]
        kwargs = {p: (client_id if p == "client_id" else uuid.uuid4()) for p in params}
        urls.append(reverse(name, kwargs=kwargs))
    return urls


def test_every_register_page_and_operation_answers_404_to_the_provider(
    sign_in: Callable[[str], HttpClient],
    token_for: Callable[[str], str],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    refer(client_of, services["ngo"])
    urls = _register_urls(client_of.pk)
    assert len(urls) > 30 and f"/clients/{client_of.pk}/" in urls
    provider = sign_in("ngo.spr")
    for url in urls:
        assert provider.get(url).status_code == 404, url
        assert provider.post(url, {}).status_code == 404, url
    caller = api(token_for("ngo.spr"))
    schema = api(token_for("counsellor.joensuu")).get("/api/v1/openapi.json").json()
    operations = [
        (path, method)
        for path, ops in schema["paths"].items()
        if path.startswith(("/api/v1/clients", "/api/v1/casework"))
        for method in ops
    ]
    assert len(operations) >= 10
    for path, method in operations:
        url = re.sub(r"\{client_id\}", str(client_of.pk), path)
        url = re.sub(r"\{[a-z_]+\}", str(uuid.uuid4()), url)
        # an empty body is invalid for every write: the refusal comes before the field errors
        response = getattr(caller, method)(url, {}, content_type="application/json")
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json()["error"]["code"] == "not_found"
    assert not AccessEvent.objects.filter(actor_username="ngo.spr").exists()


# --- A counsellor who moves to another organisation --------------------------------------------


def _move_to_kokkola(mover: User) -> None:
    """End every membership of `mover` and make them a counsellor in Kokkola."""
    kokkola = Unit.objects.filter(organisation__slug="kokkola-kotoutumispalvelut").first()
    assert kokkola is not None
    with acting(view="test:move"):
        for membership in Membership.objects.filter(user=mover):
            do_end_membership(membership, acting_user=mover)
        do_add_membership(
            mover, unit=kokkola, role=Role.COUNSELLOR, is_public_official=True, acting_user=None
        )


def test_a_counsellor_who_moved_to_another_organisation_no_longer_sees_the_referrals(
    sign_in: Callable[[str], HttpClient],
    token_for: Callable[[str], str],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    referral = refer(client_of, services["ngo"])
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=30)
    )
    mover = world["counsellor.joensuu"]
    assert _detail(referral) in sign_in(mover.username).get("/referrals/sent/").content.decode()
    with acting(view="test:move"):
        # the client stays in Joensuu with another counsellor; the mover goes to Kokkola
        manager = world["manager.joensuu"]
        do_assign_counsellor(client_of, manager, acting_user=manager)
    _move_to_kokkola(mover)
    browser = sign_in(mover.username)
    assert browser.get(_detail(referral)).status_code == 404
    assert _detail(referral) not in browser.get("/referrals/sent/").content.decode()
    assert client_of.full_name not in browser.get("/clients/").content.decode()
    body = api(token_for(mover.username)).get(URL, {"box": "sent"}).json()
    assert body["count"] == 0
    # the colleague who stays sees it
    stays = sign_in("manager.joensuu")
    assert stays.get(_detail(referral)).status_code == 200


def test_a_counsellor_who_moved_without_a_hand_over_loses_the_old_clients_referrals(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    world: dict[str, User],
) -> None:
    """The client keeps the mover as own counsellor (nobody reassigned them yet): the
    mover's caseload box and referral lists no longer show the client's referrals."""
    referral = refer(client_of, services["ngo"])
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=30)
    )
    mover = world["counsellor.joensuu"]
    assert referral in queries.own_referrals(mover)
    _move_to_kokkola(mover)
    moved = User.objects.get(pk=mover.pk)
    assert client_of.current_counsellor_id == mover.pk
    assert referral not in queries.own_referrals(moved)
    page = sign_in(mover.username).get("/clients/").content.decode()
    assert client_of.last_name not in page
