"""The full review: every persona (one per role, and anonymous) against every page route and
every API operation, with real ids (`tests/security/samples.py`), compared with the policy
(issue 11, "Done when"). `test_permission_matrix.py` checks the argument-less pages and the
generated document; this walks everything else.

For each route and persona the policy decides what must happen:
- a role the rule does not admit: 404 (pages and API), whatever the method or body, and the
  view never runs;
- anonymous: sent to log in (pages) or 401 (API), unless the route is public;
- an admitted role on a route asking for re-authentication: sent to confirm the password;
- an admitted role on a client's route, for the counsellor and the manager whose unit the
  sample client is in (the "own unit" column of the matrix): never 404;
- nobody, ever, a server error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from kotopolku.access.policy import API, PAGES, Audience
from kotopolku.accounts.demo import LOGINS
from kotopolku.accounts.models import User
from kotopolku.config.api import api as kotopolku_api
from kotopolku.ops.matrix import expected
from tests.conftest import PASSWORD
from tests.security import samples as sample_world

PERSONAS = [(login.username, login.role) for login in LOGINS]
# the sample client is in their own unit (toivo/ohjaus)
OWN_UNIT = {"counsellor.joensuu", "manager.joensuu"}
SKIP = {"accounts:logout", "set_language"}  # their own tests; a GET would end the session
METHODS = ("get", "post")


@pytest.fixture
def world_samples(world: dict[str, User]) -> sample_world.Samples:
    return sample_world.build(world)


def _browser(username: str | None) -> HttpClient:
    browser = HttpClient()
    if username is not None:
        response = browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
    return browser


def _verdict(response: Any) -> str:
    if response.status_code == 404:
        return "not found"
    location = response.get("Location", "")
    if response.status_code in (301, 302) and "/accounts/login/" in location:
        return "login"
    if response.status_code == 302 and "/accounts/confirm/" in location:
        return "confirm"
    return "allow"


def test_every_role_against_every_page_route(world_samples: sample_world.Samples) -> None:
    browsers = {username: _browser(username) for username, _role in PERSONAS}
    browsers[None] = _browser(None)  # type: ignore[index]
    roles = dict(PERSONAS)
    problems: list[str] = []
    checked = 0
    for name, route in sample_world.all_routes():
        if name in SKIP or name.startswith("accounts:password_reset"):
            continue
        path = sample_world.fill(route, name, world_samples)
        assert path is not None, f"no sample for {name} ({route})"
        rule = PAGES[name]
        client_route = "<uuid:client_id>" in route
        for username in [None, *roles]:
            role = roles.get(username) if username else None  # type: ignore[arg-type]
            want = expected(rule, role)
            for method in METHODS:
                # an admitted role's POST would run the action: the actions' own tests do that
                if method == "post" and want == "allow" and rule.needs_login and not rule.reauth:
                    continue
                if method == "post" and not rule.needs_login:
                    continue
                response = getattr(browsers[username], method)(path)  # type: ignore[index]
                checked += 1
                got = _verdict(response)
                label = f"{username or 'anonymous'} {method.upper()} {name}"
                if response.status_code >= 500:
                    problems.append(f"{label}: {response.status_code}")
                elif want == "not found" and got != "not found":
                    problems.append(f"{label}: {response.status_code}, the policy refuses the role")
                elif want == "login" and got != "login":
                    problems.append(f"{label}: {response.status_code}, should ask to log in")
                elif want == "allow" and rule.needs_login and rule.reauth and got != "confirm":
                    problems.append(f"{label}: {response.status_code}, should ask to confirm")
                elif (
                    want == "allow"
                    and client_route
                    and username in OWN_UNIT
                    and not rule.reauth
                    and got == "not found"
                ):
                    problems.append(f"{label}: 404 on a client of the user's own unit")
    assert problems == [], "\n".join(problems)
    assert checked > 500


def _call(caller: HttpClient, method: str, url: str, body: str) -> Any:
    if method == "get":
        return caller.get(url)
    return getattr(caller, method)(url, body, content_type="application/json")


def _api_calls(samples: sample_world.Samples) -> list[tuple[str, str, str]]:
    schema = kotopolku_api.get_openapi_schema(path_prefix="/api/v1")
    calls = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            op_id = operation["operationId"]
            calls.append((op_id, method, sample_world.api_path(path, op_id, samples)))
    return calls


def test_every_role_against_every_api_operation(
    world_samples: sample_world.Samples, token_for: Callable[..., str]
) -> None:
    callers = {
        username: HttpClient(headers={"Authorization": f"Bearer {token_for(username)}"})
        for username, _role in PERSONAS
    }
    readers = {
        username: HttpClient(
            headers={"Authorization": f"Bearer {token_for(username, read_only=True)}"}
        )
        for username, _role in PERSONAS
    }
    roles = dict(PERSONAS)
    problems: list[str] = []
    checked = 0
    for op_id, method, url in _api_calls(world_samples):
        rule = API[op_id]
        client_op = "/clients/" in url and str(world_samples.clients["own"].pk) in url
        # an invalid body: a refused caller must still get 404, never the field errors
        body = json.dumps({"unexpected": 1})
        anonymous = _call(HttpClient(), method, url, body)
        checked += 1
        if rule.audience != Audience.PUBLIC and anonymous.status_code != 401:
            problems.append(f"anonymous {method.upper()} {op_id}: {anonymous.status_code}")
        for username, role in roles.items():
            want = expected(rule, role)
            if method != "get" and want == "allow":
                # the write itself is the operation's tests' business; a read-only token
                # must be refused it
                response = _call(readers[username], method, url, body)
                checked += 1
                if rule.read_only_post:
                    if response.status_code >= 500 or response.status_code in (401, 403, 404):
                        problems.append(
                            f"{username} read-only search {op_id}: {response.status_code}"
                        )
                elif rule.needs_login and response.status_code != 403:
                    problems.append(
                        f"{username} read-only {method.upper()} {op_id}: {response.status_code}"
                    )
                continue
            response = _call(callers[username], method, url, body)
            checked += 1
            label = f"{username} {method.upper()} {op_id}"
            if response.status_code >= 500:
                problems.append(f"{label}: {response.status_code}")
            elif want == "not found" and response.status_code != 404:
                problems.append(f"{label}: {response.status_code}, the policy refuses the role")
            elif (
                want == "allow"
                and client_op
                and username in OWN_UNIT
                and response.status_code == 404
            ):
                problems.append(f"{label}: 404 on a client of the user's own unit")
    assert problems == [], "\n".join(problems)
    assert checked > 150
