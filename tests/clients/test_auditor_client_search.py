"""The auditor finds a client's access-log report by name or henkilötunnus (issue 15): the
search is POSTed (a code never in a URL) and logged without the code in clear; log rows link
to the client's report; browsing the log does not flood the client's own report; the report
prints in the client's language."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import identifier_hash
from kotopolku.clients.models import Client
from kotopolku.core import henkilotunnus

URL = "/audit/clients/"
HETU = henkilotunnus.make(datetime.date(1985, 3, 14), 931)


@pytest.fixture
def oksana(add_client: Callable[..., Client]) -> Client:
    return add_client(first_name="Oksana", last_name="Koval", henkilotunnus=HETU)


@pytest.fixture
def auditor(sign_in: Callable[[str], HttpClient]) -> HttpClient:
    browser = sign_in("auditor.joensuu")
    browser.cookies["kotopolku_language"] = "en"
    return browser


def _search_rows() -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(actor_username="auditor.joensuu", subject_type="client_search")
    )


def test_the_auditor_finds_a_client_by_name_and_the_hit_links_to_the_report(
    auditor: HttpClient, oksana: Client, add_client: Callable[..., Client]
) -> None:
    add_client(first_name="Pekka", last_name="Other")
    response = auditor.post(URL, {"name": "oksana kov"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/clients/{oksana.pk}/access-log/"' in html
    assert "Oksana Koval" in html
    assert "Other" not in html
    [row] = _search_rows()
    assert row.subject_id == "name"
    assert row.purpose == "audit: client search by name (1 found)"
    assert row.kind == AccessEvent.Kind.SEARCH
    # the client found has the look-up in her own report
    found = AccessEvent.objects.get(client_id=oksana.pk, actor_username="auditor.joensuu")
    assert found.kind == AccessEvent.Kind.SEARCH


def test_a_henkilotunnus_matches_exactly_once_normalised_and_is_logged_only_hashed(
    auditor: HttpClient, oksana: Client
) -> None:
    typed = f" {HETU.lower()[:6]} {HETU.lower()[6:]} "  # spaces and lower case
    response = auditor.post(URL, {"henkilotunnus": typed})
    assert response.status_code == 200
    assert f"/clients/{oksana.pk}/access-log/" in response.content.decode()
    [row] = _search_rows()
    assert row.subject_id == f"hetu:{identifier_hash(HETU)}"
    assert "henkilötunnus (1 found)" in row.purpose
    everything = AccessEvent.objects.filter(actor_username="auditor.joensuu")
    for event in everything:
        assert HETU not in f"{event.subject_id} {event.purpose} {event.view}"
    # a code that differs in the last digits is not a partial match
    other = henkilotunnus.make(datetime.date(1985, 3, 14), 932)
    again = auditor.post(URL, {"henkilotunnus": other})
    assert f"/clients/{oksana.pk}/access-log/" not in again.content.decode()
    assert "0 clients with this personal identity code" in again.content.decode()


def test_an_invalid_henkilotunnus_is_a_field_error_and_searches_nothing(
    auditor: HttpClient, oksana: Client
) -> None:
    wrong = HETU[:-1] + ("A" if HETU[-1] != "A" else "B")
    response = auditor.post(URL, {"henkilotunnus": wrong})
    assert response.status_code == 200
    form = response.context["form"]
    assert (
        form.errors["henkilotunnus"]
        == ["The check character does not match: check the code for typos."]
        or "check" in form.errors["henkilotunnus"][0]
    )
    assert 'aria-invalid="true"' in response.content.decode()
    assert _search_rows() == []
    assert not AccessEvent.objects.filter(client_id=oksana.pk, kind="search").exists()


def test_the_search_needs_a_name_or_a_code_not_both(auditor: HttpClient, oksana: Client) -> None:
    empty = auditor.post(URL, {})
    assert empty.context["form"].non_field_errors()
    both = auditor.post(URL, {"name": "Koval", "henkilotunnus": HETU})
    assert both.context["form"].non_field_errors()
    assert _search_rows() == []


def test_the_search_finds_no_client_of_another_organisation(
    auditor: HttpClient, add_client: Callable[..., Client]
) -> None:
    kokkola = add_client("counsellor.kokkola", first_name="Oksana", last_name="Koval")
    response = auditor.post(URL, {"name": "Koval"})
    assert str(kokkola.pk) not in response.content.decode()
    assert "(0 found)" in _search_rows()[0].purpose


@pytest.mark.parametrize("persona", ["counsellor.joensuu", "coordinator.joensuu", "ngo.spr"])
def test_the_search_is_404_for_everyone_but_auditors(
    sign_in: Callable[[str], HttpClient], oksana: Client, persona: str
) -> None:
    browser = sign_in(persona)
    assert browser.get(URL).status_code == 404
    assert browser.post(URL, {"name": "Koval"}).status_code == 404
    assert not AccessEvent.objects.filter(subject_type="client_search").exists()


def test_log_rows_link_to_the_clients_report_and_browsing_does_not_flood_it(
    auditor: HttpClient, sign_in: Callable[[str], HttpClient], oksana: Client
) -> None:
    assert sign_in("counsellor.joensuu").get(f"/clients/{oksana.pk}/").status_code == 200
    report = f"/clients/{oksana.pk}/access-log/"
    before = AccessEvent.objects.filter(client_id=oksana.pk).count()
    for _ in range(3):
        page = auditor.get("/audit/access/")
        assert f'href="{report}"' in page.content.decode()
        assert f'href="{report}"' in auditor.get("/audit/changes/").content.decode()
    # no row about the client for the auditor's browsing; one row per page instead
    assert AccessEvent.objects.filter(client_id=oksana.pk).count() == before
    pages = AccessEvent.objects.filter(actor_username="auditor.joensuu", subject_type="audit_log")
    assert pages.count() == 6
    assert all(p.client_id is None and p.kind == "list" for p in pages)


def test_old_per_client_browsing_rows_are_left_out_of_the_clients_report(
    auditor: HttpClient, world: dict[str, User], oksana: Client
) -> None:
    user = world["auditor.joensuu"]
    membership = user.active_memberships[0]
    common = {
        "actor": user,
        "actor_username": user.username,
        "role": membership.role,
        "unit": membership.unit,
        "organisation": membership.unit.organisation,
        "subject_type": "client",
        "subject_id": str(oksana.pk),
        "client_id": oksana.pk,
    }
    AccessEvent.objects.create(
        **common, view="audit:access_events", kind=AccessEvent.Kind.LIST, purpose="audit"
    )
    AccessEvent.objects.create(
        **common, view="test:targeted", kind=AccessEvent.Kind.VIEW, purpose="audit"
    )
    response = auditor.get(f"/clients/{oksana.pk}/access-log/")
    shown = [item["event"] for item in response.context["events"] if item["kind"] == "read"]
    assert [e.view for e in shown if e.actor_username == "auditor.joensuu"] == ["test:targeted"]


def test_the_report_uses_words_for_roles_and_pages(auditor: HttpClient, oksana: Client) -> None:
    html = auditor.get(f"/clients/{oksana.pk}/access-log/").content.decode()
    assert "test:add_client" in html  # an unknown view stays as it is
    assert "<td>counsellor</td>" not in html
    assert "ngo_partner" not in html


@pytest.mark.parametrize(
    ("mother_tongue", "expected_lang", "heading"),
    [
        ("sv", "sv", "Rapport ur visningsloggen"),
        ("fi", "fi", "Katselulokiraportti"),
        ("en", "en", "Access-log report"),
    ],
)
def test_the_printout_is_in_the_clients_language(
    auditor: HttpClient,
    add_client: Callable[..., Client],
    mother_tongue: str,
    expected_lang: str,
    heading: str,
) -> None:
    client = add_client(mother_tongue=mother_tongue)
    response = auditor.get(f"/clients/{client.pk}/access-log/?print=1")
    html = response.content.decode()
    assert f'<html lang="{expected_lang}">' in html
    assert heading in html
    assert 'id="language-missing"' not in html
    # the auditor's own pages stay in the auditor's language
    assert 'lang="en"' in auditor.get("/audit/access/").content.decode()[:300]


def test_a_language_without_a_report_falls_back_clearly(
    auditor: HttpClient, add_client: Callable[..., Client]
) -> None:
    arabic = add_client(mother_tongue="ar", service_languages=["sv", "ar"])
    html = auditor.get(f"/clients/{arabic.pk}/access-log/?print=1").content.decode()
    assert '<html lang="sv">' in html  # the first language of service with a report
    assert 'id="language-missing"' in html
    assert "arabiska" in html  # the client's language, named in the printout's language
    chosen = auditor.get(f"/clients/{arabic.pk}/access-log/?print=1&lang=en").content.decode()
    assert '<html lang="en">' in chosen
    assert "Arabic" in chosen
    printed = AccessEvent.objects.filter(client_id=arabic.pk, kind=AccessEvent.Kind.PRINT)
    assert printed.count() == 2
