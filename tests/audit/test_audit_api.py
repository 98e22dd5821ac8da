"""GET /api/v1/audit/access-events: auditors with a bearer token; 404 for everyone else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from tests.audit.helpers import write_read
from tests.conftest import bearer

URL = "/api/v1/audit/access-events"


@pytest.fixture
def reads(demo_world: dict[str, User]) -> None:
    write_read(demo_world["counsellor.joensuu"], "joensuu-probe", "j1")
    write_read(demo_world["manager.joensuu"], "joensuu-probe", "j2")
    write_read(demo_world["counsellor.kokkola"], "kokkola-probe", "k1")


def test_auditor_lists_the_access_events_of_their_organisation(
    client: Client, api_token: Callable[..., str], reads: None
) -> None:
    response = client.get(URL, **bearer(api_token("auditor.joensuu")))
    assert response.status_code == 200
    body = response.json()
    subjects = {(r["subject_type"], r["subject_id"]) for r in body["results"]}
    assert {("joensuu-probe", "j1"), ("joensuu-probe", "j2")} <= subjects
    assert not {s for s in subjects if s[0] == "kokkola-probe"}
    assert body["count"] == len(body["results"])
    first = body["results"][0]
    assert set(first) == {
        "event_time",
        "actor",
        "role",
        "organisation_id",
        "unit_id",
        "view",
        "kind",
        "subject_type",
        "subject_id",
        "client_id",
        "purpose",
    }


def test_a_read_only_token_is_enough(
    client: Client, api_token: Callable[..., str], reads: None
) -> None:
    response = client.get(URL, **bearer(api_token("auditor.joensuu", read_only=True)))
    assert response.status_code == 200
    # the same events as with a full token: its organisation's reads, not another's
    subjects = {(r["subject_type"], r["subject_id"]) for r in response.json()["results"]}
    assert {("joensuu-probe", "j1"), ("joensuu-probe", "j2")} <= subjects
    assert ("kokkola-probe", "k1") not in subjects


def test_filters_by_actor_and_paginates(
    client: Client, api_token: Callable[..., str], reads: None
) -> None:
    token = api_token("auditor.joensuu")
    body = client.get(URL, {"actor": "manager.joensuu"}, **bearer(token)).json()
    assert [r["subject_id"] for r in body["results"]] == ["j2"]
    page = client.get(URL, {"limit": 1, "offset": 0}, **bearer(token)).json()
    assert len(page["results"]) == 1
    assert page["count"] >= 2


@pytest.mark.parametrize("persona", ["counsellor.joensuu", "admin", "coordinator.joensuu"])
def test_other_roles_get_404(
    persona: str, client: Client, api_token: Callable[..., str], reads: None
) -> None:
    response = client.get(URL, **bearer(api_token(persona)))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_no_token_gets_401(client: Client, reads: None) -> None:
    response = client.get(URL)
    assert response.status_code == 401


def test_a_wrong_token_gets_401(client: Client, reads: None) -> None:
    response = client.get(URL, **bearer("kp_00000000_not-a-real-secret"))
    assert response.status_code == 401


def test_the_api_call_logs_one_row_for_the_page(
    client: Client, api_token: Callable[..., str], demo_world: dict[str, User]
) -> None:
    client_id = "5b3c6f2e-9d7a-4b1e-8c2f-0a1b2c3d4e5f"
    write_read(demo_world["counsellor.joensuu"], "client", client_id)
    response = client.get(URL, **bearer(api_token("auditor.joensuu")))
    assert response.status_code == 200
    mine = AccessEvent.objects.filter(actor_username="auditor.joensuu")
    assert not mine.filter(client_id=client_id).exists()  # not one row per client
    page = mine.get(subject_type="audit_log")
    assert page.view == "audit.list_access_events"
    assert page.purpose.endswith(", 1 clients)")


def test_an_end_date_before_the_start_date_is_rejected(
    client: Client, api_token: Callable[..., str], reads: Any
) -> None:
    response = client.get(
        URL, {"since": "2025-03-31", "until": "2025-03-01"}, **bearer(api_token("auditor.joensuu"))
    )
    assert response.status_code == 422
    assert "until" in response.json()["error"].get("fields", {})
