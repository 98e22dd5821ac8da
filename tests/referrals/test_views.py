"""The referral pages: making a referral with consent or legal basis, the provider's inbox
and answer with the minimum data only, cancelling, the access log of every read, what other
organisations see (404), and the closed loop on the caseload and the client page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client, Consent
from kotopolku.core import languages
from kotopolku.referrals import queries, rules
from kotopolku.referrals.models import Referral
from tests.referrals.conftest import age, api

S = Referral.Status


def new_url(client: Client, service: Service) -> str:
    return f"/referrals/new/{client.pk}/{service.pk}/"


def detail_url(referral: Referral) -> str:
    return f"/referrals/{referral.pk}/"


def reads(actor: str, **filters: Any) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(actor_username=actor, subject_type="referral", **filters)
    )


# --- Making a referral ------------------------------------------------------------------------------


def test_the_form_for_an_ngo_states_what_is_shared_and_asks_for_consent(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    response = sign_in("counsellor.joensuu").get(new_url(client_of, services["ngo"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert client_of.full_name in html and client_of.phone in html and client_of.email in html
    assert "What the provider will see" in html
    assert 'name="consent"' in html and 'name="consent_given_on"' in html
    assert 'name="legal_basis"' not in html
    assert "Salainen" not in html  # the address is not shared


def test_the_form_between_authorities_asks_for_the_legal_basis(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    html = sign_in("counsellor.joensuu").get(new_url(client_of, services["authority"])).content
    text = html.decode()
    assert 'name="legal_basis"' in text and 'name="consent"' not in text
    assert "Act 681/2023 s. 13" in text and "(section numbers unverified)" in text


def test_a_referral_to_an_ngo_with_the_consent_recorded_in_the_form(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    browser = sign_in("counsellor.joensuu")
    today = timezone.localdate().isoformat()
    response = browser.post(
        new_url(client_of, services["ngo"]),
        {"reason": "Wants to practise Finnish", "consent": "new", "consent_given_on": today},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(referral)
    assert referral.consent is not None and referral.consent.scope == Consent.Scope.REFERRAL
    assert referral.reason == "Wants to practise Finnish" and referral.status == S.SENT


def test_the_form_refuses_a_missing_consent_day_and_a_missing_reason(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    response = sign_in("counsellor.joensuu").post(
        new_url(client_of, services["ngo"]), {"reason": "", "consent": "new"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_reason"' in html and 'href="#id_consent_given_on"' in html
    assert not Referral.objects.exists() and not Consent.objects.exists()


def test_a_withdrawn_consent_is_not_offered_and_is_refused(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    world: dict[str, User],
) -> None:
    from kotopolku.audit.context import acting
    from kotopolku.casework.actions import do_record_consent, do_withdraw_consent

    counsellor = world["counsellor.joensuu"]
    with acting(view="test"):
        consent = do_record_consent(
            client_of,
            scope=Consent.Scope.REFERRAL,
            recipient=services["ngo"].owner,
            given_on=timezone.localdate(),
            acting_user=counsellor,
        )
        do_withdraw_consent(consent, acting_user=counsellor)
    browser = sign_in("counsellor.joensuu")
    assert str(consent.pk) not in browser.get(new_url(client_of, services["ngo"])).content.decode()
    response = browser.post(
        new_url(client_of, services["ngo"]), {"reason": "x", "consent": str(consent.pk)}
    )
    assert response.status_code == 200 and not Referral.objects.exists()


def test_a_referral_between_authorities_with_the_legal_basis(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    browser = sign_in("counsellor.joensuu")
    url = new_url(client_of, services["authority"])
    refused = browser.post(url, {"reason": "Jobseeker", "legal_basis": "other"})
    assert refused.status_code == 200 and 'href="#id_legal_basis_text"' in refused.content.decode()
    response = browser.post(
        url, {"reason": "Jobseeker", "legal_basis": "681-2023-s3", "legal_basis_text": "plan"}
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent_id is None
    assert referral.legal_basis.startswith("Act 681/2023 s. 3") and referral.legal_basis.endswith(
        "— plan"
    )
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("counsellor.kokkola", 404), ("ngo.spr", 404), ("employment.joensuu", 404)],
)
def test_outsiders_cannot_refer_the_client(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    persona: str,
    status: int,
) -> None:
    assert sign_in(persona).get(new_url(client_of, services["ngo"])).status_code == status


def test_an_unpublished_service_cannot_be_referred_to(
    sign_in: Callable[[str], HttpClient], client_of: Client, services: dict[str, Service]
) -> None:
    response = sign_in("counsellor.joensuu").get(new_url(client_of, services["draft"]))
    assert response.status_code == 404


# --- The provider's side ----------------------------------------------------------------------------


def test_the_ngo_inbox_lists_the_referral_and_logs_each_row(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    refer(client_of, services["other_ngo"])
    response = sign_in("ngo.spr").get("/referrals/received/")
    assert response.status_code == 200
    html = response.content.decode()
    assert client_of.full_name in html and detail_url(referral) in html
    assert "Olohuone" not in html  # another NGO's referral
    [event] = reads("ngo.spr")
    assert (event.subject_id, event.client_id, event.kind) == (
        str(referral.pk),
        client_of.pk,
        AccessEvent.Kind.LIST,
    )


def test_the_provider_sees_the_minimum_data_only_and_the_read_is_logged(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Client],
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    client = add_client(henkilotunnus="010185-900D", birth_date="1985-01-01")
    referral = refer(client, services["ngo"], reason="Needs a friend")
    response = sign_in("ngo.spr").get(detail_url(referral))
    assert response.status_code == 200
    html = response.content.decode()
    arabic = languages.name("ar", "en")
    for shown in (client.full_name, client.phone, client.email, "Needs a friend", arabic):
        assert shown in html
    for hidden in ("010185-900D", "Salainen", "/clients/", "Quota refugee"):
        assert hidden not in html
    assert f'action="/referrals/{referral.pk}/respond/"' in html
    [event] = reads("ngo.spr")
    assert (event.client_id, event.kind) == (client.pk, AccessEvent.Kind.VIEW)


def test_the_ngo_partner_never_sees_the_client_register(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    token_for: Callable[[str], str],
) -> None:
    refer(client_of, services["ngo"])
    pk = client_of.pk
    urls = [
        reverse("clients:caseload"),
        reverse("clients:create"),
        reverse("clients:detail", args=[pk]),
        reverse("clients:edit", args=[pk]),
        reverse("clients:access_log", args=[pk]),
        reverse("casework:consent_create", args=[pk]),
    ]
    counsellor = sign_in("counsellor.joensuu")
    for url in urls:  # the pages exist
        assert counsellor.get(url).status_code == 200, url
    browser = sign_in("ngo.spr")
    for url in [*urls, reverse("clients:unit_caseload")]:
        assert browser.get(url).status_code == 404, url
    caller = api(token_for("ngo.spr"))
    counsellor_api = api(token_for("counsellor.joensuu"))
    for url in ("/api/v1/clients", f"/api/v1/clients/{pk}", f"/api/v1/clients/{pk}/plans"):
        assert counsellor_api.get(url).status_code == 200, url
        response = caller.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("persona", ["ngo.setlementti", "counsellor.kokkola", "employment.joensuu"])
def test_other_organisations_get_404_on_the_referral(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    persona: str,
) -> None:
    referral = refer(client_of, services["ngo"])
    browser = sign_in(persona)
    assert browser.get(detail_url(referral)).status_code == 404
    assert browser.post(detail_url(referral) + "respond/", {"status": "accepted"}).status_code in (
        404,
    )
    assert client_of.full_name not in browser.get("/referrals/received/").content.decode()
    referral.refresh_from_db()
    assert referral.status == S.SENT and not reads(persona)


def test_the_provider_answers_on_the_page(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    browser = sign_in("ngo.spr")
    url = detail_url(referral) + "respond/"
    refused = browser.post(url, {"status": "completed"})
    assert refused.status_code == 422
    assert "A referral that is sent can be marked" in refused.content.decode()
    declined = browser.post(url, {"status": "declined", "note": ""})
    assert declined.status_code == 422 and "Give the reason for declining." in (
        declined.content.decode()
    )
    assert browser.post(url, {"status": "accepted"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    page = browser.get(detail_url(referral)).content.decode()
    assert 'value="started"' in page and 'value="accepted"' not in page


def test_the_referrer_does_not_answer_but_cancels(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    browser = sign_in("counsellor.joensuu")
    page = browser.get(detail_url(referral)).content.decode()
    assert f'href="/clients/{client_of.pk}/"' in page and "respond/" not in page
    assert browser.post(detail_url(referral) + "respond/", {"status": "accepted"}).status_code == (
        404
    )
    assert sign_in("ngo.spr").post(detail_url(referral) + "cancel/").status_code == 404
    assert browser.post(detail_url(referral) + "cancel/", {"note": "Moved"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.CANCELLED
    again = browser.post(detail_url(referral) + "cancel/", follow=True)
    assert "only an open referral can be cancelled" in again.content.decode()


def test_the_sent_list_shows_the_status_and_logs_the_rows(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    answer(referral, S.ACCEPTED)
    response = sign_in("counsellor.joensuu").get("/referrals/sent/", {"status": "open"})
    html = response.content.decode()
    assert detail_url(referral) in html and "Accepted" in html
    assert [e.client_id for e in reads("counsellor.joensuu", kind="list")] == [client_of.pk]
    closed = sign_in("counsellor.joensuu").get("/referrals/sent/", {"status": "completed"})
    assert detail_url(referral) not in closed.content.decode()


# --- The closed loop: the client page and the caseload ---------------------------------------------


def test_the_client_page_shows_the_referrals_and_the_link_to_refer(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    answer(referral, S.DECLINED, note="Full")
    html = sign_in("counsellor.joensuu").get(f"/clients/{client_of.pk}/").content.decode()
    assert f'href="/tray/?for_client={client_of.pk}"' in html
    assert "Refer to a service" in html
    section = html[html.index('id="referrals"') :]
    assert detail_url(referral) in section and "Declined" in section
    assert [e.subject_id for e in reads("counsellor.joensuu")] == [str(referral.pk)]


@pytest.mark.parametrize(("days", "stale"), [(13, False), (13.99, False), (14, True), (15, True)])
def test_a_referral_is_stale_after_the_configured_days(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    days: float,
    stale: bool,
    settings: Any,
) -> None:
    settings.REFERRAL_STALE_DAYS = 14
    referral = refer(client_of, services["ngo"])
    age(referral, days)
    referral.refresh_from_db()
    assert rules.is_stale(referral) is stale
    assert queries.stale(Referral.objects.all()).exists() is stale


def test_a_closed_referral_is_never_stale(
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    referral = refer(client_of, services["ngo"])
    answer(referral, S.NO_SHOW)
    age(referral, 100)
    referral.refresh_from_db()
    assert not rules.is_stale(referral)


def _box(response: Any) -> str:
    html: str = response.content.decode()
    if 'id="stale-referrals-title"' not in html:
        return ""
    start = html.index('id="stale-referrals-title"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(("days", "shown"), [(13, False), (14, True), (15, True)])
def test_the_caseload_shows_stale_referrals_from_the_boundary(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
    days: int,
    shown: bool,
) -> None:
    referral = refer(client_of, services["ngo"])
    age(referral, days)
    box = _box(sign_in("counsellor.joensuu").get("/clients/"))
    assert bool(box) is shown
    if shown:
        assert "1 referral without news" in box
        assert detail_url(referral) in box and client_of.full_name in box
        [event] = reads("counsellor.joensuu")
        assert event.purpose == "stale referrals" and event.client_id == client_of.pk
    else:
        assert not reads("counsellor.joensuu")


def test_the_caseload_box_counts_all_and_its_query_count_is_constant(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Client],
    services: dict[str, Service],
    refer: Callable[..., Referral],
    answer: Callable[..., Referral],
) -> None:
    browser = sign_in("counsellor.joensuu")
    first = refer(add_client(), services["ngo"])
    age(first, 20)
    fresh = refer(add_client(), services["ngo"])
    closed = refer(add_client(), services["ngo"])
    answer(closed, S.DECLINED, note="no")
    age(closed, 30)
    browser.get("/clients/")
    with CaptureQueriesContext(connection) as small:
        box = _box(browser.get("/clients/"))
    assert "1 referral without news" in box and detail_url(fresh) not in box
    for _n in range(queries.STALE_SHOWN + 2):
        age(refer(add_client(), services["authority"]), 15)
    with CaptureQueriesContext(connection) as large:
        box = _box(browser.get("/clients/"))
    assert f"{queries.STALE_SHOWN + 3} referrals without news" in box
    assert len(re.findall(r'href="/referrals/[0-9a-f-]{36}/"', box)) == queries.STALE_SHOWN
    assert detail_url(first) in box  # the oldest first
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_the_unit_view_shows_the_units_stale_referrals(
    sign_in: Callable[[str], HttpClient],
    client_of: Client,
    services: dict[str, Service],
    refer: Callable[..., Referral],
) -> None:
    age(refer(client_of, services["ngo"]), 15)
    assert "1 referral without news" in _box(sign_in("manager.joensuu").get("/clients/unit/"))
    assert _box(sign_in("counsellor.kokkola").get("/clients/")) == ""
