"""Fixtures for the client-register tests.

`world` is the demo organisations and logins without the 200 demo clients, loaded once per
module; `add_client` builds clients through the real validation and actions, as the persona
who owns them.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client as HttpClient

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.clients import actions, validation
from kotopolku.clients.models import Client
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Role, Unit
from tests.conftest import PASSWORD
from tests.people import persona_context

_names = itertools.count(1)


def unit_of(org: str, unit: str) -> Unit:
    return Unit.objects.get(organisation__slug=org, slug=unit)


def joensuu_unit() -> Unit:
    return unit_of("toivo", "ohjaus")


def kokkola_unit() -> Unit:
    return unit_of("kokkola-kotoutumispalvelut", "ohjaus")


def client_data(**overrides: Any) -> dict[str, Any]:
    """Valid input as the API takes it (strings for dates and codes); unique names."""
    n = next(_names)
    data: dict[str, Any] = {
        "first_name": f"Amina{n}",
        "last_name": f"Testinen{n}",
        "birth_date": "1985-03-14",
        "henkilotunnus": None,
        "mother_tongue": "ar",
        "municipality": "167",
        "first_permit_date": "2024-05-02",
        "first_permit_kind": "residence_permit",
        "immigration_basis": "quota_refugee",
    }
    data.update(overrides)
    return data


@pytest.fixture(scope="module")
def _world_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the organisations and logins once per module, in a transaction rolled back at
    the module's end; each test runs in its own savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:world"):
            orgs_demo.load()
            accounts_demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_db: None, db: Any) -> dict[str, User]:
    """The demo organisations and logins (no demo clients), fresh user objects per test."""
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def sign_in(world: dict[str, User]) -> Callable[[str], HttpClient]:
    """Log a persona in through the login form; return its own browser."""

    def _sign_in(username: str) -> HttpClient:
        browser = HttpClient()
        response = browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"login of {username} failed"
        return browser

    return _sign_in


@pytest.fixture
def token_for(world: dict[str, User]) -> Callable[..., str]:
    """An API token of a persona (or any user), as its text."""

    def _token(who: str | User, *, read_only: bool = False) -> str:
        user = world[who] if isinstance(who, str) else who
        with acting(view="test:token"):
            _t, text = account_actions.do_create_token(
                user, name="test", days=30, read_only=read_only, acting_user=user
            )
        return text

    return _token


@pytest.fixture
def add_client(world: dict[str, User]) -> Callable[..., Client]:
    """Create a client through validation and `do_create_client`, as `owner`.

    The owner is the client's own counsellor when they hold a counsellor role; the client
    belongs to the owner's unit unless `unit` is given.
    """

    def _add(
        owner: str | User = "counsellor.joensuu",
        *,
        unit: Unit | None = None,
        jobseeker_since: datetime.date | None = None,
        **data: Any,
    ) -> Client:
        user = world[owner] if isinstance(owner, str) else owner
        result = validation.validate(client_data(**data))
        assert result.ok, result.errors
        ctx = persona_context(user)
        with acting(view="test:add_client", **ctx):
            return actions.do_create_client(
                result.values,
                responsible_unit=unit or ctx["unit"],
                counsellor=user if user.has_role(Role.COUNSELLOR, Role.EMPLOYMENT_WORKER) else None,
                jobseeker_since=jobseeker_since,
                acting_user=user,
            )

    return _add


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def api(token: str) -> HttpClient:
    """A client that sends the bearer token with every request."""
    return HttpClient(headers={"Authorization": f"Bearer {token}"})
