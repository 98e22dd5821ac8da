"""Fixtures for the accounts tests: re-authentication and an administrator's client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.accounts.helpers import PASSWORD


@pytest.fixture
def reauth() -> Callable[..., Any]:
    """Confirm the password (and code) on /accounts/confirm/ for a logged-in client."""

    def _reauth(client: Client, *, password: str = PASSWORD, code: str | None = None) -> Any:
        data = {"password": password}
        if code is not None:
            data["code"] = code
        response = client.post("/accounts/confirm/", data)
        assert response.status_code == 302, "re-authentication failed"
        return response

    return _reauth


@pytest.fixture
def admin_client(login: Callable[[str], Client], reauth: Callable[..., Any]) -> Client:
    """`admin` (system administrator), logged in and just re-authenticated."""
    c = login("admin")
    reauth(c)
    return c
