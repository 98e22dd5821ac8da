"""The permission matrix, generated from the policy, checked against the running views.

For every page route that takes no URL arguments, every demo persona (one per role) and
anonymous users: the policy's verdict ('allow', 'login', 'not found') must be what the
view does. Routes with URL arguments are checked object by object in each app's tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from kotopolku.access.policy import PAGES
from kotopolku.accounts.demo import LOGINS
from kotopolku.ops import coverage
from kotopolku.ops.matrix import expected, render_markdown

PERSONAS = {login.role: login.username for login in LOGINS}


def _argless_routes() -> list[str]:
    names = []
    for name in coverage.page_routes():
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        names.append(name)
    return names


# Routes that only answer POST; their own tests cover them.
POST_ONLY = {"accounts:logout", "set_language", "accounts:two_factor_remove"}
ROUTES = [r for r in _argless_routes() if r not in POST_ONLY]


def _verdict(response: Any) -> str:
    if response.status_code == 404:
        return "not found"
    if response.status_code in (301, 302) and "/accounts/login/" in response["Location"]:
        return "login"
    return "allow"


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous(route: str, client: Any, db: Any) -> None:
    response = client.get(reverse(route))
    want = expected(PAGES[route], None)
    got = _verdict(response)
    if want == "allow" and got == "login":
        # login-flow pages may send an anonymous user back to the first step
        assert route.startswith("accounts:"), route
        return
    assert got == want, f"{route}: {response.status_code}"


@pytest.mark.parametrize("role", sorted(PERSONAS))
def test_each_role_on_every_argless_route(role: str, login: Any) -> None:
    client = login(PERSONAS[role])
    checked = 0
    for route in ROUTES:
        rule = PAGES[route]
        if not rule.needs_login:
            continue
        response = client.get(reverse(route))
        if rule.reauth and expected(rule, role) == "allow":
            assert response.status_code == 302 and "/accounts/confirm/" in response["Location"], (
                route
            )
            continue
        assert _verdict(response) == expected(rule, role), (
            f"{role} on {route}: {response.status_code}"
        )
        checked += 1
    assert checked >= 10


def test_permission_doc_is_current() -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
    assert doc.read_text(encoding="utf-8") == render_markdown(), (
        "docs/permissions.md is out of date: run `kotopolku access_matrix --write`"
    )
