"""Property: no value of any query parameter of any GET operation of the API gives a 500
(issue 11 item 5). The operations and their parameters come from the OpenAPI document, so a
new list endpoint is covered the day it is added; each is called as a persona the policy
allows (anonymous for public ones), with text, huge and negative integers, odd dates and
booleans, and must answer 200, or 400/404/422 in the one error shape."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotopolku.access.policy import API, Audience
from kotopolku.accounts.demo import LOGINS
from kotopolku.clients.models import Client
from kotopolku.config.api import api as kotopolku_api
from tests.clients.conftest import api

PERSONA = {login.role: login.username for login in LOGINS}


def _operations() -> list[tuple[str, str, list[str]]]:
    schema = kotopolku_api.get_openapi_schema(path_prefix="/api/v1")
    found = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        if query:
            found.append((operation["operationId"], path, query))
    return found


OPERATIONS = _operations()


def test_the_inventory_finds_the_lists() -> None:
    ids = {op for op, _p, _q in OPERATIONS}
    assert {
        "clients.list_clients",
        "catalog.list_services",
        "referrals.list_referrals",
        "audit.list_access_events",
        "clients.client_access_log",
    } <= ids


_dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
    datetime.date.isoformat
)
_integers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**20, -(2**63) - 1]),
).map(str)
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)
VALUE = st.one_of(
    _integers,
    _dates,
    _text,
    st.sampled_from(["", "0", "-1", "true", "false", "1e999", "NaN", "%00", "0001-01-01"]),
)


def _caller(op_id: str, token_for: Callable[..., str]) -> HttpClient:
    rule = API[op_id]
    if rule.audience == Audience.PUBLIC:
        return HttpClient()
    role = sorted(rule.roles)[0] if rule.roles else "counsellor"
    return api(token_for(PERSONA[role]))


@pytest.mark.parametrize(("op_id", "path", "names"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_no_query_value_gives_a_server_error(
    op_id: str,
    path: str,
    names: list[str],
    token_for: Callable[..., str],
    add_client: Callable[..., Client],
) -> None:
    caller = _caller(op_id, token_for)
    client = add_client()
    url = path.replace("{client_id}", str(client.pk)).replace("{service_id}", str(uuid.uuid4()))

    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=2))
    def check(params: dict[str, Any]) -> None:
        response = caller.get(url, params)
        allowed = {200, 400, 404, 422}
        if "for_client" in params and API[op_id].audience == Audience.PUBLIC:
            allowed.add(401)  # the public tray for one client asks the anonymous caller to log in
        assert response.status_code in allowed, (params, response.status_code)
        if response.status_code != 200:
            body = response.json()
            assert set(body) == {"error"} and body["error"]["code"], (params, body)

    check()
