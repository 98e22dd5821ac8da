"""The log reports show who, when, which record, which fields and why, never the values,
except where the viewer may read that record on the client's own pages (issue 11 item 1):
the client's access-log report (page, print view, API), /audit/changes/ and the per-user
report. A report that does show values logs that read, with its purpose."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent
from kotopolku.casework import actions as casework
from kotopolku.casework.models import WellbeingRequest
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Organisation, Role, Unit
from tests.clients.conftest import api, persona_context
from tests.conftest import PASSWORD

PHONE = "+358 40 555 0199"
NOTE = "Kertoi-velasta-luottamuksellisesti"
HETU = "010190-999W"


def _client_with_history(world: dict[str, User], add_client: Callable[..., Client]) -> Client:
    """A Kokkola client with a phone, a henkilötunnus and a contact note, and an open
    request to the wellbeing county (so that its worker reads the client's page)."""
    counsellor = world["counsellor.kokkola"]
    client = add_client(
        "counsellor.kokkola",
        municipality="272",
        phone=PHONE,
        henkilotunnus=HETU,
        birth_date="1990-01-01",
    )
    unit = counsellor.active_memberships[0].unit
    with acting(view="test:history", **persona_context(counsellor)):
        casework.do_record_contact(
            client,
            {
                "day": datetime.date.today(),
                "channel": "appointment",
                "language": "ar",
                "note": NOTE,
            },
            unit=unit,
            acting_user=counsellor,
        )
        casework.do_request_wellbeing(
            client,
            county=Organisation.objects.get(slug="soite"),
            legal_basis=WellbeingRequest.LegalBasis.ASSESSMENT,
            reason="Terveydentila",
            acting_user=counsellor,
        )
    return client


def _pages(client: Client) -> list[str]:
    return [f"/clients/{client.pk}/access-log/", f"/clients/{client.pk}/access-log/?print=1"]


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def history(world: dict[str, User], add_client: Callable[..., Client]) -> Client:
    return _client_with_history(world, add_client)


def _kokkola_auditor(world: dict[str, User]) -> User:
    unit = Unit.objects.get(organisation__slug="kokkola-kotoutumispalvelut", slug="ohjaus")
    with acting(view="test:auditor"):
        user = account_actions.do_create_user(
            username="auditor.kokkola",
            first_name="Tieto",
            last_name="Suoja",
            email="auditor.kokkola@example.invalid",
            preferred_language="fi",
            password=PASSWORD,
            acting_user=None,
        )
        account_actions.do_add_membership(
            user, unit=unit, role=Role.AUDITOR, is_public_official=True, acting_user=None
        )
    return user


def test_an_auditor_sees_which_fields_changed_but_no_values(
    history: Client,
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
    token_for: Callable[..., str],
) -> None:
    auditor = _kokkola_auditor(world)
    browser = sign_in(auditor.username)
    pages = [
        *_pages(history),
        "/audit/changes/",
        "/audit/users/counsellor.kokkola/",
    ]
    for url in pages:
        text = _text(browser.get(url))
        assert PHONE not in text and NOTE not in text, url
        assert "010190-9" not in text and HETU not in text, url
        assert "phone" in text and "note" in text, url  # which fields: yes
    body = api(token_for(auditor)).get(f"/api/v1/clients/{history.pk}/access-log").json()
    changes = [r for r in body["results"] if r["type"] == "change"]
    assert changes and all(r["changes"] is None for r in changes)
    assert any("note" in r["fields"] for r in changes)
    assert any("phone" in r["fields"] for r in changes)
    assert PHONE not in str(body) and NOTE not in str(body)
    assert not AccessEvent.objects.filter(purpose__contains="change values").exists()


def test_a_wellbeing_worker_sees_the_values_of_what_their_client_page_shows_only(
    history: Client,
    world: dict[str, User],
    sign_in: Callable[[str], HttpClient],
    token_for: Callable[..., str],
) -> None:
    browser = sign_in("wellbeing.kokkola")
    assert PHONE in _text(browser.get(f"/clients/{history.pk}/"))  # the client page shows it
    for url in _pages(history):
        text = _text(browser.get(url))
        assert NOTE not in text, url  # contacts are not on their client page
        assert PHONE in text, url
    body = api(token_for("wellbeing.kokkola")).get(f"/api/v1/clients/{history.pk}/access-log")
    results = body.json()["results"]
    contact = [r for r in results if r["what"].endswith(" contact")]
    assert contact and contact[0]["changes"] is None and "note" in contact[0]["fields"]
    created = [r for r in results if r["what"] == "create client"]
    assert created[0]["changes"]["phone"] == [None, PHONE]
    # identity codes are masked in the log itself
    assert created[0]["changes"]["henkilotunnus"] == [None, "010190-9…"]


def test_the_counsellor_reads_the_values_and_that_read_is_logged(
    history: Client, sign_in: Callable[[str], HttpClient]
) -> None:
    browser = sign_in("counsellor.kokkola")
    response = browser.get(f"/clients/{history.pk}/access-log/")
    assert NOTE in _text(response)
    assert AccessEvent.objects.filter(
        client_id=history.pk,
        purpose="access-log report: change values",
        request_id=response["X-Request-ID"],
        actor_username="counsellor.kokkola",
    ).exists()


def test_an_auditor_who_also_reads_the_client_sees_values_and_the_read_is_logged(
    history: Client, world: dict[str, User], sign_in: Callable[[str], HttpClient]
) -> None:
    auditor = _kokkola_auditor(world)
    unit = Unit.objects.get(organisation__slug="kokkola-kotoutumispalvelut", slug="ohjaus")
    with acting(view="test:auditor"):
        account_actions.do_add_membership(
            auditor, unit=unit, role=Role.COUNSELLOR, is_public_official=True, acting_user=None
        )
    browser = sign_in(auditor.username)
    response = browser.get("/audit/changes/")
    assert NOTE in _text(response)
    assert AccessEvent.objects.filter(
        client_id=history.pk,
        purpose="audit: change values",
        request_id=response["X-Request-ID"],
    ).exists()
