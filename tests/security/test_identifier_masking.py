"""Identity codes in the append-only change log are masked with a keyed hash (issue 11
item 10): creating or correcting a client never writes the raw henkilötunnus (or the other
identifier fields) into a ChangeEvent, and "was it changed" stays answerable."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.test import override_settings

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import identifier_fields, identifier_hash, mask_identifier
from kotopolku.clients.models import Client
from tests.clients.conftest import api

HETU = "010190-999W"
OTHER_HETU = "010190-998V"


def _all_change_text(client: Client) -> str:
    return json.dumps(
        list(ChangeEvent.objects.filter(client_id=client.pk).values_list("changes", flat=True))
    )


def test_the_client_fields_marked_as_identifiers() -> None:
    assert {"henkilotunnus", "foreign_id", "unhcr_number"} <= identifier_fields()


def test_creating_a_client_writes_the_code_masked(add_client: Callable[..., Client]) -> None:
    client = add_client(henkilotunnus=HETU, birth_date="1990-01-01", foreign_id="SE-19900101-1234")
    event = ChangeEvent.objects.get(client_id=client.pk, subject_type="client", action="create")
    old, new = event.changes["henkilotunnus"]
    assert old is None
    assert new == {"masked": "010190-9…", "hash": identifier_hash(HETU)}
    assert event.changes["foreign_id"][1]["masked"] == "SE…"
    text = _all_change_text(client)
    assert HETU not in text and "19900101-1234" not in text


def test_a_correction_shows_that_the_code_changed_without_the_code(
    add_client: Callable[..., Client], token_for: Callable[..., str]
) -> None:
    client = add_client(henkilotunnus=HETU, birth_date="1990-01-01")
    caller = api(token_for("counsellor.joensuu"))
    response = caller.patch(
        f"/api/v1/clients/{client.pk}",
        json.dumps({"henkilotunnus": OTHER_HETU}),
        content_type="application/json",
    )
    assert response.status_code == 200
    event = ChangeEvent.objects.filter(
        client_id=client.pk, subject_type="client", action="update", view="clients.update_client"
    ).get()
    old, new = event.changes["henkilotunnus"]
    assert old["hash"] == identifier_hash(HETU) != new["hash"] == identifier_hash(OTHER_HETU)
    assert old["masked"] == new["masked"] == "010190-9…"
    text = _all_change_text(client)
    assert HETU not in text and OTHER_HETU not in text


def test_the_hash_is_keyed_by_the_installation_secret() -> None:
    first = identifier_hash(HETU)
    with override_settings(SECRET_KEY="another-installation-" + "x" * 50):
        assert identifier_hash(HETU) != first
    assert identifier_hash(HETU) == first
    assert mask_identifier(None) is None and mask_identifier("") == ""
