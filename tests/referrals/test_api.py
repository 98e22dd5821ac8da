"""The referrals API: the caller's side (minimum data for providers), making a referral
with consent or legal basis, the provider's answer, errors naming the field, the access
log, and 404 for other organisations."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.audit.models import AccessEvent
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client, Consent
from kotopolku.referrals.models import Referral
from tests.referrals.conftest import api

URL = "/api/v1/referrals"
S = Referral.Status


@pytest.fixture
def caller(token_for: Callable[[str], str]) -> Callable[[str], HttpClient]:
    return lambda username: api(token_for(username))


def post(browser: HttpClient, data: dict[str, Any]) -> Any:
    return browser.post(URL, json.dumps(data, default=str), content_type="application/json")


def patch(browser: HttpClient, referral: Referral, data: dict[str, Any]) -> Any:
    return browser.patch(f"{URL}/{referral.pk}", json.dumps(data), content_type="application/json")


def test_the_operation_ids_are_those_of_the_policy(caller: Callable[[str], HttpClient]) -> None:
    schema = caller("counsellor.joensuu").get("/api/v1/openapi.json").json()
    ids = {
        op["operationId"]
        for path, ops in schema["paths"].items()
        if path.startswith("/api/v1/referrals")
        for op in ops.values()
    }
    assert ids == {
        "referrals.list_referrals",
        "referrals.create_referral",
        "referrals.update_referral",
    }


def test_a_referral_to_an_ngo_with_an_inline_consent(
    caller: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    response = post(
        caller("counsellor.joensuu"),
        {
            "client_id": client_of.pk,
            "service_id": services["ngo"].pk,
            "reason": "Practise Finnish",
            "consent_given_on": timezone.localdate(),
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    referral = Referral.objects.get()
    assert body["id"] == str(referral.pk) and body["status"] == "sent"
    assert body["client_id"] == str(client_of.pk)
    assert body["consent_id"] == str(referral.consent_id) and body["legal_basis"] == ""
    assert body["shared"]["name"] == client_of.full_name
    assert body["receiver"] == "spr-joensuu" and body["service_name"]


def test_an_existing_consent_by_its_id(
    caller: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    world: Any,
) -> None:
    from kotopolku.audit.context import acting
    from kotopolku.casework.actions import do_record_consent

    with acting(view="test"):
        consent = do_record_consent(
            client_of,
            scope=Consent.Scope.REFERRAL,
            recipient=services["ngo"].owner,
            given_on=timezone.localdate(),
            acting_user=world["counsellor.joensuu"],
        )
    response = post(
        caller("counsellor.joensuu"),
        {
            "client_id": client_of.pk,
            "service_id": services["ngo"].pk,
            "reason": "x",
            "consent_id": consent.pk,
        },
    )
    assert response.status_code == 201 and response.json()["consent_id"] == str(consent.pk)


@pytest.mark.parametrize(
    ("service", "extra", "fields"),
    [
        ("ngo", {}, {"consent_id"}),
        ("ngo", {"legal_basis": "681-2023-s13", "consent_given_on": "2020-01-01"}, {"legal_basis"}),
        ("ngo", {"consent_given_on": "2999-01-01"}, {"consent_given_on"}),
        ("ngo", {"consent_id": "00000000-0000-0000-0000-000000000001"}, {"consent_id"}),
        ("authority", {}, {"legal_basis"}),
        ("authority", {"legal_basis": "no-such-law"}, {"legal_basis"}),
        ("authority", {"legal_basis": "other"}, {"legal_basis_text"}),
        (
            "authority",
            {"legal_basis": "681-2023-s3", "consent_given_on": "2020-01-01"},
            {"consent_id"},
        ),
        ("draft", {"consent_given_on": "2020-01-01"}, {"service_id"}),
        ("ngo", {"consent_given_on": "2020-01-01", "reason": " "}, {"reason"}),
    ],
)
def test_errors_name_the_field_and_save_nothing(
    caller: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    service: str,
    extra: dict[str, Any],
    fields: set[str],
) -> None:
    data = {"client_id": client_of.pk, "service_id": services[service].pk, "reason": "Help"}
    data.update(extra)
    response = post(caller("counsellor.joensuu"), data)
    assert response.status_code == 422, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid" and set(error["fields"]) == fields
    assert not Referral.objects.exists() and not Consent.objects.exists()


def test_a_missing_field_is_named(caller: Callable[[str], HttpClient], client_of: Client) -> None:
    response = post(caller("counsellor.joensuu"), {"client_id": client_of.pk, "reason": "x"})
    assert response.status_code == 422 and "service_id" in response.json()["error"]["fields"]


def test_between_authorities_with_the_legal_basis(
    caller: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    response = post(
        caller("counsellor.joensuu"),
        {
            "client_id": client_of.pk,
            "service_id": services["authority"].pk,
            "reason": "Jobseeker",
            "legal_basis": "other",
            "legal_basis_text": "Act 380/2023 s. 1",
        },
    )
    assert response.status_code == 201
    assert response.json()["legal_basis"] == "Act 380/2023 s. 1"
    assert response.json()["consent_id"] is None


@pytest.mark.parametrize(("persona", "status"), [("counsellor.kokkola", 404), ("ngo.spr", 404)])
def test_outsiders_cannot_refer(
    caller: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    persona: str,
    status: int,
) -> None:
    response = post(
        caller(persona),
        {
            "client_id": client_of.pk,
            "service_id": services["ngo"].pk,
            "reason": "x",
            "consent_given_on": "2020-01-01",
        },
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == "not_found"


def test_the_provider_lists_its_referrals_with_the_minimum_data_and_the_reads_are_logged(
    caller: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    mine = refer(client_of, services["ngo"])
    refer(client_of, services["other_ngo"])
    response = caller("ngo.spr").get(URL, {"box": "received"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == str(mine.pk)
    assert row["client_id"] is None and row["consent_id"] is None and row["legal_basis"] is None
    assert set(row["shared"]) == {
        "name",
        "phone",
        "email",
        "language",
        "interpreter",
        "interpreter_language",
    }
    assert [e["status"] for e in row["events"]] == ["sent"]
    [event] = AccessEvent.objects.filter(actor_username="ngo.spr", subject_type="referral")
    assert (event.subject_id, event.client_id, event.kind) == (
        str(mine.pk),
        client_of.pk,
        AccessEvent.Kind.LIST,
    )
    assert caller("ngo.spr").get(URL).json()["count"] == 1  # the default box of a provider
    assert caller("ngo.spr").get(URL, {"box": "sent"}).json()["count"] == 0


def test_the_referring_side_lists_by_status(
    caller: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    accepted = refer(client_of, services["ngo"])
    answer(accepted, S.ACCEPTED)
    declined = refer(client_of, services["ngo"])
    answer(declined, S.DECLINED, note="full")
    browser = caller("counsellor.joensuu")
    assert browser.get(URL).json()["count"] == 2
    [row] = browser.get(URL, {"box": "sent", "status": "open"}).json()["results"]
    assert row["id"] == str(accepted.pk) and row["client_id"] == str(client_of.pk)
    [row] = browser.get(URL, {"status": "declined"}).json()["results"]
    assert row["events"][-1] == {**row["events"][-1], "status": "declined", "note": "full"}
    bad = browser.get(URL, {"box": "all", "status": "nope"})
    assert bad.status_code == 422 and set(bad.json()["error"]["fields"]) == {"box", "status"}


def test_the_provider_answers_by_patch(
    caller: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    browser = caller("ngo.spr")
    response = patch(browser, referral, {"status": "accepted", "note": "Welcome on Monday"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted" and response.json()["client_id"] is None
    refused = patch(browser, referral, {"status": "completed"})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {
        "status": ["A referral that is accepted can be marked: started, declined, did not come."]
    }
    no_reason = patch(browser, referral, {"status": "declined"})
    assert set(no_reason.json()["error"]["fields"]) == {"note"}
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED and referral.events.count() == 2


def test_the_referrer_and_other_organisations_cannot_answer(
    caller: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    assert patch(caller("counsellor.joensuu"), referral, {"status": "accepted"}).status_code == 403
    for outsider in ("ngo.setlementti", "counsellor.kokkola"):
        response = patch(caller(outsider), referral, {"status": "accepted"})
        assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == S.SENT
