"""Every page answers with a strict CSP and the other security headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/password-reset/",
    "/accessibility/",
    "/privacy/",
    "/healthz",
    "/no-such-page/",
    "/api/v1/openapi.json",
    "/api/v1/no-such-endpoint",
    "/organisations/",  # redirects to the login page
]

PERSONA_PAGES = [
    ("admin", "/overview/"),
    ("admin", "/accounts/users/"),
    ("admin", "/accounts/profile/"),
    ("admin", "/accounts/confirm/"),
    ("admin", "/organisations/"),
    ("admin", "/organisations/toivo/"),
    ("admin", "/organisations/municipalities/"),
    ("admin", "/organisations/new/"),  # redirects to re-authentication
    ("auditor.joensuu", "/audit/access/"),
    ("auditor.joensuu", "/audit/changes/"),
    ("auditor.joensuu", "/audit/access/?since=2025-02-01&until=2025-01-01"),
    ("coordinator.joensuu", "/organisations/region/"),
    ("coordinator.kokkola", "/organisations/toivo/"),  # 404
    ("counsellor.joensuu", "/api/v1/me"),
]


def _csp(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_secure_headers(response: Any) -> None:
    csp = _csp(response)
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert "'unsafe-hashes'" not in header
    assert "*" not in header.split()
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_anonymous_responses_carry_the_security_headers(url: str, client: Client, db: Any) -> None:
    response = client.get(url)
    assert response.status_code in (200, 302, 404), response.status_code
    assert_secure_headers(response)


@pytest.mark.parametrize(("persona", "url"), PERSONA_PAGES)
def test_logged_in_responses_carry_the_security_headers(
    persona: str, url: str, login: Callable[[str], Client]
) -> None:
    response = login(persona).get(url)
    assert response.status_code in (200, 302, 404), response.status_code
    assert_secure_headers(response)


def test_a_failed_login_post_carries_the_headers(client: Client, db: Any) -> None:
    response = client.post("/accounts/login/", {"username": "nobody", "password": "x" * 12})
    assert response.status_code == 200
    assert_secure_headers(response)


def test_the_csrf_failure_page_carries_the_headers(db: Any) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    assert_secure_headers(response)


def test_pages_with_personal_data_are_not_cached(login: Callable[[str], Client]) -> None:
    response = login("admin").get("/accounts/users/")
    assert "no-store" in response["Cache-Control"]
