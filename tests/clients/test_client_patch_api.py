"""GET and PATCH /api/v1/clients/{id}: one client, corrections with old and new values in
the change log, 404 outside the caller's scope, 403 for a read-only token."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import mask_identifier
from kotopolku.clients.models import Client
from tests.clients.conftest import api


def patch(caller: HttpClient, client: Client | str, data: dict[str, Any]) -> Any:
    pk = client.pk if isinstance(client, Client) else client
    return caller.patch(f"/api/v1/clients/{pk}", json.dumps(data), content_type="application/json")


@pytest.fixture
def caller(token_for: Callable[..., str]) -> HttpClient:
    return api(token_for("counsellor.joensuu"))


@pytest.fixture
def client(add_client: Callable[..., Client]) -> Client:
    return add_client(first_name="Oksana", last_name="Koval", mother_tongue="uk")


def _updates(client: Client) -> list[ChangeEvent]:
    """The updates after the client was created (creation assigns the counsellor too)."""
    return list(
        ChangeEvent.objects.filter(
            client_id=client.pk, subject_type="client", action="update"
        ).exclude(view="test:add_client")
    )


def test_get_answers_one_client_and_logs_one_view(caller: HttpClient, client: Client) -> None:
    before = AccessEvent.objects.count()
    response = caller.get(f"/api/v1/clients/{client.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["first_name"], body["mother_tongue"]) == (
        str(client.pk),
        "Oksana",
        "uk",
    )
    assert body["integration_window_end"] == "2027-05-02"
    assert AccessEvent.objects.count() == before + 1
    event = AccessEvent.objects.latest("id")
    assert (event.client_id, event.kind, event.subject_id) == (client.pk, "view", str(client.pk))
    assert event.actor_username == "counsellor.joensuu"
    assert event.view == "clients.get_client"
    assert event.role == "counsellor"
    assert event.organisation_id == client.responsible_unit.organisation_id


def test_patch_of_a_fact_writes_a_change_event_with_old_and_new(
    caller: HttpClient, client: Client
) -> None:
    response = patch(caller, client, {"last_name": "Kovalenko", "phone": "+358 40 7654321"})
    assert response.status_code == 200, response.content
    assert response.json()["last_name"] == "Kovalenko"
    client.refresh_from_db()
    assert client.last_name == "Kovalenko"
    [event] = _updates(client)
    assert event.changes == {
        "last_name": ["Koval", "Kovalenko"],
        "phone": ["", "+358 40 7654321"],
    }
    assert event.actor_username == "counsellor.joensuu"
    assert event.view == "clients.update_client"


def test_patch_of_the_municipality_logs_the_old_and_new_municipality(
    caller: HttpClient, client: Client
) -> None:
    old = client.municipality.code
    response = patch(caller, client, {"municipality": "276"})
    assert response.status_code == 200
    assert response.json()["municipality"] == "276"
    client.refresh_from_db()
    [event] = _updates(client)
    # the change log names municipalities by their official code
    assert event.changes["municipality"] == [old, "276"]


def test_patch_of_the_first_permit_date_moves_the_window_and_logs_both(
    caller: HttpClient, client: Client
) -> None:
    response = patch(caller, client, {"first_permit_date": "2024-02-29"})
    assert response.json()["integration_window_end"] == "2027-02-28"
    [event] = _updates(client)
    assert event.changes["first_permit_date"] == ["2024-05-02", "2024-02-29"]
    assert event.changes["integration_window_end"] == ["2027-05-02", "2027-02-28"]


def test_patch_without_a_change_writes_nothing(caller: HttpClient, client: Client) -> None:
    response = patch(caller, client, {"first_name": "Oksana"})
    assert response.status_code == 200
    assert _updates(client) == []


def test_patch_of_a_henkilotunnus_checks_the_birth_date(caller: HttpClient, client: Client) -> None:
    response = patch(caller, client, {"henkilotunnus": "010190-999W"})
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["birth_date"]
    response = patch(caller, client, {"henkilotunnus": "010190-999W", "birth_date": "1990-01-01"})
    assert response.status_code == 200
    [event] = _updates(client)
    # identity codes are in the change log masked, with a keyed hash (issue 11 item 10)
    assert event.changes["henkilotunnus"] == [None, mask_identifier("010190-999W")]
    assert event.changes["birth_date"] == ["1985-03-14", "1990-01-01"]


def test_patch_with_bad_values_names_them_all_and_changes_nothing(
    caller: HttpClient, client: Client
) -> None:
    response = patch(
        caller,
        client,
        {"municipality": "999", "immigration_basis": "tourist", "last_name": "", "phone": "x"},
    )
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {
        "municipality",
        "immigration_basis",
        "last_name",
        "phone",
    }
    client.refresh_from_db()
    assert (client.last_name, client.municipality.code) == ("Koval", "167")
    assert _updates(client) == []


def test_patch_to_a_known_henkilotunnus_is_a_conflict(
    caller: HttpClient, client: Client, add_client: Callable[..., Client]
) -> None:
    add_client(henkilotunnus="131052-308T", birth_date="1952-10-13")
    response = patch(caller, client, {"henkilotunnus": "131052-308T", "birth_date": "1952-10-13"})
    assert response.status_code == 409
    client.refresh_from_db()
    assert client.henkilotunnus is None
    assert _updates(client) == []


def test_patch_can_remove_the_henkilotunnus(
    caller: HttpClient, add_client: Callable[..., Client]
) -> None:
    client = add_client(henkilotunnus="131052-308T", birth_date="1952-10-13")
    response = patch(caller, client, {"henkilotunnus": None})
    assert response.status_code == 200
    assert response.json()["henkilotunnus"] is None
    assert response.json()["birth_date"] == "1952-10-13"


@pytest.mark.parametrize("method", ["get", "patch"])
def test_kokkolas_counsellor_gets_404_for_a_joensuu_client(
    token_for: Callable[..., str], client: Client, method: str
) -> None:
    caller = api(token_for("counsellor.kokkola"))
    before_reads = AccessEvent.objects.filter(client_id=client.pk).count()
    if method == "get":
        response = caller.get(f"/api/v1/clients/{client.pk}")
    else:
        response = patch(caller, client, {"last_name": "Changed"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    client.refresh_from_db()
    assert client.last_name == "Koval"
    assert _updates(client) == []
    assert AccessEvent.objects.filter(client_id=client.pk).count() == before_reads


def test_an_unknown_id_is_404_like_a_hidden_one(caller: HttpClient) -> None:
    assert caller.get(f"/api/v1/clients/{uuid.uuid4()}").status_code == 404
    assert patch(caller, str(uuid.uuid4()), {"last_name": "X"}).status_code == 404


def test_a_read_only_token_reads_but_cannot_patch(
    token_for: Callable[..., str], client: Client
) -> None:
    caller = api(token_for("counsellor.joensuu", read_only=True))
    assert caller.get(f"/api/v1/clients/{client.pk}").status_code == 200
    response = patch(caller, client, {"last_name": "Changed"})
    assert response.status_code == 403
    client.refresh_from_db()
    assert client.last_name == "Koval"
    assert _updates(client) == []


def test_the_unit_manager_reads_and_corrects_the_units_client(
    token_for: Callable[..., str], client: Client
) -> None:
    caller = api(token_for("manager.joensuu"))
    assert caller.get(f"/api/v1/clients/{client.pk}").status_code == 200
    assert patch(caller, client, {"post_office": "Joensuu"}).status_code == 200
    [event] = _updates(client)
    assert event.actor_username == "manager.joensuu"
    assert event.role == "unit_manager"


@pytest.mark.parametrize("persona", ["auditor.joensuu", "coordinator.joensuu", "ngo.spr"])
def test_roles_without_casework_get_404(
    token_for: Callable[..., str], client: Client, persona: str
) -> None:
    caller = api(token_for(persona))
    assert caller.get(f"/api/v1/clients/{client.pk}").status_code == 404
    assert patch(caller, client, {"last_name": "X"}).status_code == 404


def test_a_merged_record_cannot_be_patched(
    caller: HttpClient, client: Client, add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    from kotopolku.audit.context import acting
    from kotopolku.clients import actions
    from tests.clients.conftest import persona_context

    kept = add_client(first_name="Oksana", last_name="Koval", mother_tongue="uk")
    manager = world["manager.joensuu"]
    with acting(view="test", **persona_context(manager)):
        actions.do_merge_clients(kept, client, reason="same person", acting_user=manager)
    assert patch(caller, client, {"last_name": "X"}).status_code == 404
    response = caller.get(f"/api/v1/clients/{client.pk}")
    assert response.status_code == 200
    assert response.json()["merged_into"] == str(kept.pk)
    assert response.json()["status"] == "merged"


def test_patch_with_a_null_first_permit_kind_is_not_a_server_error(
    token_for: Callable[..., str], client: Client
) -> None:
    caller = HttpClient(
        headers={"Authorization": f"Bearer {token_for('counsellor.joensuu')}"},
        raise_request_exception=False,
    )
    response = patch(caller, client, {"first_permit_kind": None})
    assert response.status_code in (200, 422)
    client.refresh_from_db()
    assert client.first_permit_kind == "residence_permit"
