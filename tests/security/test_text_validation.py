"""One validation of client text for the API and the forms (issue 11 item 6): NUL, other
control characters, zero-width-only and invisible formatting characters are refused by
PATCH /api/v1/clients/{id} as they are by the form, naming the field, nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from kotopolku.clients import validation
from kotopolku.clients.models import Client
from kotopolku.core.text import text_error
from tests.clients.conftest import api, client_data

REFUSED = [
    "\uff21\u0000B",  # a NUL inside a name
    "\u200b",  # zero-width space only
    "\u2060\ufeff",  # word joiner and byte-order mark only
    "Ana\u202eyelsa",  # a right-to-left override hides the real order
    "Ana\u001bx",  # escape
    " \u00a0 ",  # spaces only
]


@pytest.mark.parametrize("text", REFUSED)
def test_the_api_refuses_invisible_text_naming_the_field(
    text: str, token_for: Callable[..., str], add_client: Callable[..., Client]
) -> None:
    client = add_client()
    caller = api(token_for("counsellor.joensuu"))
    for field in ("first_name", "post_office"):
        response = caller.patch(
            f"/api/v1/clients/{client.pk}",
            json.dumps({field: text}),
            content_type="application/json",
        )
        assert response.status_code in (400, 422), (field, response.status_code)
        error = response.json()["error"]
        assert list(error["fields"]) == [field] or error["fields"] == {"body": [error["message"]]}
    fresh = Client.objects.get(pk=client.pk)
    assert (fresh.first_name, fresh.post_office) == (client.first_name, client.post_office)


@pytest.mark.parametrize("text", REFUSED)
def test_the_form_and_the_api_share_the_rule(text: str, world: object) -> None:
    result = validation.validate(client_data(first_name=text))
    assert "first_name" in result.errors
    from kotopolku.clients.forms import ClientForm

    form_data = {**client_data(first_name=text), "first_permit_kind": "residence_permit"}
    form = ClientForm(form_data, creating=True)
    assert not form.is_valid()
    assert "first_name" in form.errors


@pytest.mark.parametrize(
    "text",
    ["Zahra", "مریم\u200cزاده", "Jean-Luc", "Ōtake", "Ngozi O'Neil", "Анна", "Đặng"],
)
def test_real_names_pass(text: str) -> None:
    assert text_error(text) is None


def test_a_nul_in_a_multiline_text_is_refused_but_newlines_are_not() -> None:
    assert text_error("line\nline", multiline=True) is None
    assert text_error("line\x00", multiline=True)
