"""The client form's pickers (issue 15): mother tongue and interpreter language with the
languages of Finland and sign languages first and a filter box; a stored code the picker no
longer offers is kept; the municipalities of the user's region first."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from kotopolku.clients.models import Client
from kotopolku.orgs.models import Municipality

NEW = "/clients/new/"


@pytest.fixture
def counsellor(sign_in: Callable[[str], HttpClient]) -> HttpClient:
    browser = sign_in("counsellor.joensuu")
    browser.cookies["kotopolku_language"] = "en"
    return browser


def _select(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    start = html.rindex("<select", 0, start)
    return html[start : html.index("</select>", start)]


def test_the_mother_tongue_picker_starts_with_finland_and_sign_languages(
    counsellor: HttpClient,
) -> None:
    html = counsellor.get(NEW).content.decode()
    select = _select(html, "mother_tongue")
    assert 'data-filter="options"' in select
    assert 'data-filter-label="Filter the languages"' in select
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    assert groups == [
        "Languages of Finland and sign languages",
        "Most spoken in Finland",
        "All languages",
    ]
    values = re.findall(r'<option value="([^"]*)"', select)
    assert values[:8] == ["", "fi", "sv", "se", "smn", "sms", "fse", "fss"]
    assert values[8:12] == ["ru", "et", "ar", "en"]
    assert "Finnish Sign Language" in select
    for gone in ("tlh", "tok", "zxx", "fi-x-plain"):
        assert f'value="{gone}"' not in select
    assert values.count("en") == 1
    assert 'data-filter="options"' in _select(html, "interpreter_language")


def test_a_client_can_be_created_with_finnish_sign_language(counsellor: HttpClient) -> None:
    response = counsellor.post(
        NEW,
        {
            "first_name": "Aino",
            "last_name": "Viittoja",
            "birth_date": "1990-01-01",
            "mother_tongue": "fse",
            "municipality": "167",
            "first_permit_date": "2024-05-02",
            "first_permit_kind": "residence_permit",
            "immigration_basis": "quota_refugee",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Client.objects.get(last_name="Viittoja").mother_tongue == "fse"


def test_a_stored_code_the_picker_left_out_is_kept_on_edit(
    counsellor: HttpClient, add_client: Callable[..., Client]
) -> None:
    client = add_client(first_name="Old", last_name="Record", mother_tongue="la")
    html = counsellor.get(f"/clients/{client.pk}/edit/").content.decode()
    select = _select(html, "mother_tongue")
    assert '<optgroup label="Current value">' in select
    assert re.search(r'<option value="la" selected>Latin</option>', select)
    response = counsellor.post(
        f"/clients/{client.pk}/edit/",
        {
            "first_name": "Old",
            "last_name": "Record",
            "birth_date": client.birth_date.isoformat(),
            "mother_tongue": "la",
            "municipality": "167",
            "first_permit_date": "2024-05-02",
            "first_permit_kind": "residence_permit",
            "immigration_basis": "quota_refugee",
        },
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.mother_tongue == "la"
    # a new record cannot pick it
    new_form = _select(counsellor.get(NEW).content.decode(), "mother_tongue")
    assert 'value="la"' not in new_form


def test_the_municipality_picker_puts_the_users_region_first(
    sign_in: Callable[[str], HttpClient],
) -> None:
    joensuu = Municipality.objects.valid_on().get(code="167")
    kokkola = Municipality.objects.valid_on().get(code="272")
    assert joensuu.region_id != kokkola.region_id
    for persona, own, other in (
        ("counsellor.joensuu", "167", "272"),
        ("counsellor.kokkola", "272", "167"),
    ):
        browser = sign_in(persona)
        browser.cookies["kotopolku_language"] = "en"
        select = _select(browser.get(NEW).content.decode(), "municipality")
        first = select[select.index('<optgroup label="Your region">') :]
        first, rest = first.split('<optgroup label="Other municipalities">')
        assert f'value="{own}"' in first and f'value="{other}"' not in first
        assert f'value="{other}"' in rest
