"""Bad input answers 400/422 with the error shape, never 500 (issue 11 item 5, issue 14 item 9):
dates before the year 1900 on the reports, offsets and page numbers past 64 bits, a lone
surrogate in a JSON string."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from kotopolku.audit.context import acting
from kotopolku.catalog import demo as catalog_demo
from kotopolku.clients.models import Client
from tests.clients.conftest import api

HUGE = ["99999999999999999999", str(2**63), str(2**63 - 1)]


def _is_error_shape(response: Any, status: tuple[int, ...] = (400, 422)) -> dict[str, Any]:
    assert response.status_code in status, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


@pytest.fixture
def counsellor(token_for: Callable[..., str]) -> HttpClient:
    return api(token_for("counsellor.joensuu"))


@pytest.fixture
def auditor(token_for: Callable[..., str]) -> HttpClient:
    return api(token_for("auditor.joensuu"))


@pytest.mark.parametrize("name", ["since", "until"])
def test_year_one_on_the_api_reports_is_422_naming_the_field(
    name: str,
    counsellor: HttpClient,
    auditor: HttpClient,
    add_client: Callable[..., Client],
) -> None:
    client = add_client()
    for caller, url in (
        (counsellor, f"/api/v1/clients/{client.pk}/access-log"),
        (auditor, f"/api/v1/clients/{client.pk}/access-log"),
        (auditor, "/api/v1/audit/access-events"),
    ):
        error = _is_error_shape(caller.get(url, {name: "0001-01-01"}), (422,))
        assert name in error["fields"], (url, error)


@pytest.mark.parametrize("name", ["since", "until"])
def test_year_one_on_the_report_pages_is_a_field_error(
    name: str, sign_in: Callable[[str], HttpClient], add_client: Callable[..., Client]
) -> None:
    client = add_client()
    counsellor = sign_in("counsellor.joensuu")
    auditor = sign_in("auditor.joensuu")
    for browser, url in (
        (counsellor, f"/clients/{client.pk}/access-log/"),
        (counsellor, f"/clients/{client.pk}/access-log/?print=1"),
        (auditor, "/audit/access/"),
        (auditor, "/audit/changes/"),
        (auditor, "/audit/users/counsellor.joensuu/"),
    ):
        separator = "&" if "?" in url else "?"
        response = browser.get(f"{url}{separator}{name}=0001-01-01")
        assert response.status_code == 200, (url, response.status_code)
        form = response.context["form"]
        assert name in form.errors, (url, form.errors)


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_offset_is_422_on_every_list(
    value: str, counsellor: HttpClient, auditor: HttpClient
) -> None:
    for caller, url in (
        (counsellor, "/api/v1/clients"),
        (counsellor, "/api/v1/referrals"),
        (auditor, "/api/v1/audit/access-events"),
        (HttpClient(), "/api/v1/services"),
    ):
        error = _is_error_shape(caller.get(url, {"offset": value}), (422,))
        assert "offset" in error["fields"], (url, error)


def test_the_largest_allowed_offset_answers_an_empty_page(counsellor: HttpClient) -> None:
    from kotopolku.core.params import MAX_OFFSET

    response = counsellor.get("/api/v1/clients", {"offset": MAX_OFFSET})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_page_number_on_the_tray_is_400(value: str, world: Any) -> None:
    response = HttpClient().get("/tray/", {"q": "kieli", "page": value})
    assert response.status_code == 400


def test_a_page_number_that_is_not_a_number_shows_the_first_page(world: Any) -> None:
    with acting(view="test:tray"):
        catalog_demo.load()
    response = HttpClient().get("/tray/", {"q": "kieli", "page": "x"})
    assert response.status_code == 200
    first = HttpClient().get("/tray/", {"q": "kieli"})
    assert response.context["page_obj"].number == 1
    assert first.context["results"]  # the query finds entries in the demo tray
    assert response.context["count"] == first.context["count"]
    assert [r.service.pk for r in response.context["results"]] == [
        r.service.pk for r in first.context["results"]
    ]


@pytest.mark.parametrize(
    "body",
    [
        '{"first_name": "\\ud800"}',
        '{"first_name": "A\\udfffB"}',
        '{"\\ud800": "x"}',
        '{"service_languages": ["\\udc00"]}',
    ],
)
def test_a_lone_surrogate_in_a_json_string_is_400(
    body: str, counsellor: HttpClient, add_client: Callable[..., Client]
) -> None:
    client = add_client()
    before = Client.objects.get(pk=client.pk).first_name
    for method, url in (
        ("patch", f"/api/v1/clients/{client.pk}"),
        ("post", "/api/v1/clients"),
    ):
        response = getattr(counsellor, method)(url, body, content_type="application/json")
        error = _is_error_shape(response, (400,))
        assert "surrogate" in error["message"]
    assert Client.objects.get(pk=client.pk).first_name == before


@pytest.mark.parametrize("body", ["null", "[]", '"x"', "1e999", "1", "true", '[{"a": 1}]'])
def test_a_body_that_is_not_an_object_is_400(
    body: str, counsellor: HttpClient, add_client: Callable[..., Client]
) -> None:
    client = add_client()
    response = counsellor.patch(
        f"/api/v1/clients/{client.pk}", body, content_type="application/json"
    )
    error = _is_error_shape(response, (400,))
    assert error["fields"] == {"body": [error["message"]]}


def test_an_infinite_number_inside_the_body_is_400(counsellor: HttpClient, world: Any) -> None:
    response = counsellor.post(
        "/api/v1/clients", '{"first_name": "A", "x": 1e999}', content_type="application/json"
    )
    _is_error_shape(response, (400,))


def test_invalid_json_is_400(counsellor: HttpClient, world: Any) -> None:
    response = counsellor.post("/api/v1/clients", b"{\xff", content_type="application/json")
    _is_error_shape(response, (400,))
    assert json.loads(response.content)["error"]["message"] == "The body is not valid JSON."
