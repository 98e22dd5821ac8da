"""Every page and API answer that names a client has an access event for that client in
the same request (issue 11 item 8): the walk takes every page route and every GET operation
(filled with real ids from `samples`), as every persona the policy admits, and checks that
each client whose name the answer shows was logged under the answer's X-Request-ID. A new
route is walked the day it is added; a route whose URL keywords have no sample fails the
test, so that it cannot be forgotten."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from kotopolku.access.policy import API, PAGES, Audience
from kotopolku.accounts.demo import LOGINS
from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.config.api import api as kotopolku_api
from tests.conftest import PASSWORD
from tests.security import samples as sample_world

# Routes whose answer is not a page that could show a name when fetched with GET.
NOT_PAGES = {"accounts:logout", "set_language", "core:healthz", "api:openapi-json"}


@pytest.fixture
def world_samples(world: dict[str, User]) -> sample_world.Samples:
    return sample_world.build(world)


def _browser(username: str) -> HttpClient:
    browser = HttpClient()
    response = browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, username
    return browser


def _allowed(rule: Any) -> list[str]:
    if rule.audience != Audience.ROLES:
        return [login.username for login in LOGINS]
    return [login.username for login in LOGINS if login.role in rule.roles]


def _unlogged(response: Any, names: dict[str, Any]) -> list[str]:
    """The clients the answer names without an access event in its request."""
    if response.status_code >= 500 or not response.get("Content-Type", "").startswith(
        ("text/html", "application/json")
    ):
        return []
    text = response.content.decode(errors="replace")
    shown = [client for last_name, client in names.items() if last_name in text]
    if not shown:
        return []
    request_id = response["X-Request-ID"]
    logged = set(
        AccessEvent.objects.filter(request_id=request_id).values_list("client_id", flat=True)
    )
    return [c.last_name for c in shown if c.pk not in logged]


def test_every_page_that_names_a_client_logs_the_read(
    world_samples: sample_world.Samples,
) -> None:
    names = world_samples.names()
    browsers = {login.username: _browser(login.username) for login in LOGINS}
    gaps: list[str] = []
    unfilled: list[str] = []
    walked = 0
    for name, route in sample_world.all_routes():
        if name in NOT_PAGES or name.startswith("accounts:password_reset"):
            continue
        path = sample_world.fill(route, name, world_samples)
        if path is None:
            unfilled.append(f"{name} ({route})")
            continue
        paths = [path]
        if "<uuid:client_id>" in route:
            # the same page for a client the counsellor reads but may not write (403 page)
            jobseeker = str(world_samples.clients["jobseeker"].pk)
            paths.append(path.replace(world_samples.ids["client_id"], jobseeker))
        if name == "clients:access_log":
            paths.append(path + "?print=1")
        for username in _allowed(PAGES[name]):
            for url in paths:
                response = browsers[username].get(url)
                walked += 1
                missing = _unlogged(response, names)
                gaps += [f"{username} {name} {response.status_code}: {m}" for m in missing]
    assert unfilled == [], "give these URL keywords a sample in tests/security/samples.py"
    assert gaps == [], "\n".join(gaps)
    assert walked > 150


def test_every_api_answer_that_names_a_client_logs_the_read(
    world_samples: sample_world.Samples, token_for: Any
) -> None:
    names = world_samples.names()
    schema = kotopolku_api.get_openapi_schema(path_prefix="/api/v1")
    gaps: list[str] = []
    walked = 0
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        op_id = operation["operationId"]
        url = sample_world.api_path(path, op_id, world_samples)
        for username in _allowed(API[op_id]):
            caller = HttpClient(headers={"Authorization": f"Bearer {token_for(username)}"})
            response = caller.get(url)
            walked += 1
            gaps += [f"{username} {op_id}: {m}" for m in _unlogged(response, names)]
    assert gaps == [], "\n".join(gaps)
    assert walked > 20


def test_the_walk_sees_names_where_they_are(world_samples: sample_world.Samples) -> None:
    # guard: the walk's name check finds the names on the pages that show them
    own = world_samples.clients["own"]
    browser = _browser("counsellor.joensuu")
    response = browser.get(f"/clients/{own.pk}/")
    assert own.last_name in response.content.decode()
    assert _unlogged(response, world_samples.names()) == []
