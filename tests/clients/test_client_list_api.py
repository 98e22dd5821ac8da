"""GET /api/v1/clients: {"count", "results"}, limit and offset, filters, only the clients the
caller may see, one access event per client shown."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotopolku.audit.models import AccessEvent
from kotopolku.clients.models import Client
from tests.clients.conftest import api

URL = "/api/v1/clients"


@pytest.fixture
def caller(token_for: Callable[..., str]) -> HttpClient:
    return api(token_for("counsellor.joensuu"))


@pytest.fixture
def caseloads(add_client: Callable[..., Client]) -> dict[str, list[Client]]:
    """Five Joensuu clients (windows ending 2026-2028, one exempt) and two in Kokkola."""
    joensuu = [
        add_client(first_permit_date="2025-01-10", last_name="Ahmadi", mother_tongue="fa"),
        add_client(first_permit_date="2023-06-01", last_name="Bakr", mother_tongue="ar"),
        add_client(
            first_permit_date="2020-01-01",
            last_name="Chaiyaporn",
            mother_tongue="th",
            immigration_basis="trafficking_victim",
        ),
        add_client(first_permit_date="2024-03-03", last_name="Duda", municipality="276"),
        add_client(
            first_permit_date="2023-06-01",
            last_name="Abdi",
            mother_tongue="so",
            jobseeker_since=timezone.localdate() - datetime.timedelta(days=5),
        ),
    ]
    kokkola = [
        add_client("counsellor.kokkola", municipality="272", last_name="Ivanova"),
        add_client("counsellor.kokkola", municipality="272", last_name="Petrenko"),
    ]
    return {"joensuu": joensuu, "kokkola": kokkola}


def names(body: dict[str, Any]) -> list[str]:
    return [row["last_name"] for row in body["results"]]


def test_the_list_has_a_count_and_results_of_visible_clients_only(
    caller: HttpClient, caseloads: dict[str, list[Client]]
) -> None:
    response = caller.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "results"}
    assert body["count"] == 5
    assert {row["id"] for row in body["results"]} == {str(c.pk) for c in caseloads["joensuu"]}


def test_kokkolas_counsellor_sees_only_kokkolas_clients(
    token_for: Callable[..., str], caseloads: dict[str, list[Client]]
) -> None:
    body = api(token_for("counsellor.kokkola")).get(URL).json()
    assert body["count"] == 2
    assert sorted(names(body)) == ["Ivanova", "Petrenko"]


def test_the_list_is_sorted_by_the_window_end_with_unknown_ends_last(
    caller: HttpClient, caseloads: dict[str, list[Client]]
) -> None:
    body = caller.get(URL, {"sort": "window"}).json()
    assert names(body) == ["Abdi", "Bakr", "Duda", "Ahmadi", "Chaiyaporn"]
    ends = [row["integration_window_end"] for row in body["results"]]
    assert ends == ["2026-06-01", "2026-06-01", "2027-03-03", "2028-01-10", None]


def test_limit_and_offset_page_through_the_same_order(
    caller: HttpClient, caseloads: dict[str, list[Client]]
) -> None:
    by_window = {"sort": "window"}
    first = caller.get(URL, {**by_window, "limit": 2}).json()
    second = caller.get(URL, {**by_window, "limit": 2, "offset": 2}).json()
    third = caller.get(URL, {**by_window, "limit": 2, "offset": 4}).json()
    beyond = caller.get(URL, {**by_window, "limit": 2, "offset": 10}).json()
    assert [first["count"], second["count"], third["count"], beyond["count"]] == [5, 5, 5, 5]
    assert names(first) + names(second) + names(third) == [
        "Abdi",
        "Bakr",
        "Duda",
        "Ahmadi",
        "Chaiyaporn",
    ]
    assert beyond["results"] == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}])
def test_limits_outside_the_range_are_refused(
    caller: HttpClient, caseloads: dict[str, list[Client]], params: dict[str, int]
) -> None:
    response = caller.get(URL, params)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == list(params)


def test_every_client_shown_is_logged_once_and_only_those(
    caller: HttpClient, caseloads: dict[str, list[Client]]
) -> None:
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    body = caller.get(URL, {"limit": 3, "offset": 1}).json()
    rows = list(AccessEvent.objects.exclude(pk__in=before))
    assert sorted(str(r.client_id) for r in rows) == sorted(row["id"] for row in body["results"])
    assert len(rows) == 3
    assert {(r.kind, r.subject_type, r.view, r.actor_username) for r in rows} == {
        ("list", "client", "clients.list_clients", "counsellor.joensuu")
    }
    assert len({r.request_id for r in rows}) == 1


def test_an_empty_result_logs_nothing(
    caller: HttpClient, caseloads: dict[str, list[Client]]
) -> None:
    before = AccessEvent.objects.count()
    body = caller.get(URL, {"q": "Nobody"}).json()
    assert body == {"count": 0, "results": []}
    assert AccessEvent.objects.count() == before


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bakr"}, ["Bakr"]),
        ({"q": "amina bakr"}, ["Bakr"]),
        ({"municipality": "276"}, ["Duda"]),
        ({"language": "fa"}, ["Ahmadi"]),
        ({"authority": "employment_area"}, ["Abdi"]),
        ({"sort": "name"}, ["Abdi", "Ahmadi", "Bakr", "Chaiyaporn", "Duda"]),
        ({"sort": "-window"}, ["Ahmadi", "Duda", "Abdi", "Bakr", "Chaiyaporn"]),
        ({"status": "closed"}, []),
    ],
)
def test_the_filters_of_the_caseload_apply_to_the_list(
    caller: HttpClient,
    caseloads: dict[str, list[Client]],
    params: dict[str, str],
    expected: list[str],
) -> None:
    assert names(caller.get(URL, params).json()) == expected


def test_mine_limits_the_list_to_the_callers_own_clients(
    token_for: Callable[..., str], caseloads: dict[str, list[Client]]
) -> None:
    manager = api(token_for("manager.joensuu"))
    assert manager.get(URL).json()["count"] == 5
    assert manager.get(URL, {"mine": "true"}).json()["count"] == 0


def test_a_read_only_token_may_list(
    token_for: Callable[..., str], caseloads: dict[str, list[Client]]
) -> None:
    assert api(token_for("counsellor.joensuu", read_only=True)).get(URL).json()["count"] == 5


@pytest.mark.parametrize("persona", ["auditor.joensuu", "coordinator.joensuu", "ngo.spr"])
def test_roles_without_casework_cannot_list(
    token_for: Callable[..., str], caseloads: dict[str, list[Client]], persona: str
) -> None:
    assert api(token_for(persona)).get(URL).status_code == 404


def test_the_list_needs_the_same_number_of_queries_for_any_page_size(
    caller: HttpClient, caseloads: dict[str, list[Client]]
) -> None:
    caller.get(URL, {"limit": 1})  # the first use of a token stamps its last use
    with CaptureQueriesContext(connection) as one:
        assert len(caller.get(URL, {"limit": 1}).json()["results"]) == 1
    with CaptureQueriesContext(connection) as five:
        assert len(caller.get(URL, {"limit": 5}).json()["results"]) == 5
    assert len(five) == len(one)
