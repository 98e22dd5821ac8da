"""Shared fixtures: personas from the demo world, API clients, a network block, the API contract."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.test.client import Client as _TestClient

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.orgs.models import Unit
from tests import openapi_check

PASSWORD = "kotopolku-demo"

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    """Allow loopback and unix sockets only: the suite must not reach the network."""
    if isinstance(address, tuple):
        host = str(address[0])
        if host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("127."):
            raise RuntimeError(f"tests may not connect to {host}: the suite is hermetic")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


_real_request = _TestClient.request


def _checked_request(self: _TestClient, **request: Any) -> Any:
    """Every /api/v1/ answer must be the one the OpenAPI document describes (tests/openapi_check)."""
    response = _real_request(self, **request)
    openapi_check.check_response(request, response)
    return response


@pytest.fixture(autouse=True, scope="session")
def _api_contract() -> Iterator[None]:
    _TestClient.request = _checked_request  # type: ignore[method-assign]
    yield
    _TestClient.request = _real_request  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _hosts(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture
def demo_world(db: Any) -> dict[str, User]:
    """The demo organisations and logins (DESIGN.md), built through the real loaders.

    Without the ~200 demo clients, which would make every test seconds slower; tests that
    need them use `demo_world_with_clients`.
    """
    from kotopolku.accounts import demo as accounts_demo
    from kotopolku.orgs import demo as orgs_demo

    with acting(view="test:demo_world"):
        orgs_demo.load()
        accounts_demo.load()
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def demo_world_with_clients(demo_world: dict[str, User]) -> dict[str, User]:
    """The whole demo: organisations, logins and the synthetic demo clients."""
    from kotopolku.clients import demo as clients_demo

    with acting(view="test:demo_world"):
        clients_demo.load()
    return demo_world


@pytest.fixture
def login(client: Client, demo_world: dict[str, User]) -> Callable[[str], Client]:
    """Log a persona in through the login form and return a fresh client."""

    def _login(username: str) -> Client:
        c = Client()
        response = c.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"login of {username} failed: {response.status_code}"
        return c

    return _login


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """Create a user with one membership (through the actions)."""
    counter = {"n": 0}

    def _make(
        role: str, unit: Unit, *, username: str | None = None, public_official: bool = False
    ) -> User:
        counter["n"] += 1
        with acting(view="test:make_user"):
            user = account_actions.do_create_user(
                username=username or f"user{counter['n']}",
                first_name="Testi",
                last_name=f"Käyttäjä {counter['n']}",
                email=f"user{counter['n']}@example.invalid",
                preferred_language="fi",
                password=PASSWORD,
                acting_user=None,
            )
            account_actions.do_add_membership(
                user, unit=unit, role=role, is_public_official=public_official, acting_user=None
            )
        return user

    return _make


@pytest.fixture
def api_token(demo_world: dict[str, User]) -> Callable[..., str]:
    """Create an API token for a persona and return its text."""

    def _token(username: str, *, days: int = 30, read_only: bool = False) -> str:
        user = demo_world[username]
        with acting(view="test:api_token"):
            _t, text = account_actions.do_create_token(
                user, name="test", days=days, read_only=read_only, acting_user=user
            )
        return text

    return _token


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
