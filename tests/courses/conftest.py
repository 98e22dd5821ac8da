"""Fixtures for the course tests: the demo organisations and logins (once per module), the
curriculum's themes, a course of the Joensuu centre with sessions, clients made through the
register's validation and actions, and a facilitator and an outsider."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.clients import actions as client_actions
from kotopolku.clients import validation
from kotopolku.clients.models import Client
from kotopolku.courses import demo as courses_demo
from kotopolku.courses.models import Course, Session
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Organisation, Role
from tests.clients.conftest import client_data
from tests.conftest import PASSWORD
from tests.people import org_user, persona_context


@pytest.fixture(scope="module")
def _world_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:world"):
            orgs_demo.load()
            accounts_demo.load()
            courses_demo.load_themes()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_db: None, db: Any) -> dict[str, User]:
    """The demo logins plus a facilitator of the Joensuu centre (a counsellor of its group
    guidance unit) and a Kokkola counsellor."""
    with acting(view="test:world"):
        org_user("facilitator.joensuu", "toivo", Role.COUNSELLOR)
    return {u.username: u for u in User.objects.all()}


# contact and interpreter facts on top of the register's minimal valid input (tests.clients)
CONTACT: dict[str, Any] = {
    "phone": "+358 40 000 0000",
    "street_address": "Salainen katu 1",
    "interpreter_needed": True,
    "interpreter_language": "ar",
}


def _client_values(**data: Any) -> dict[str, Any]:
    values = client_data(**CONTACT)
    values["email"] = f"{values['first_name'].lower()}@example.invalid"
    values.update(data)
    return values


@pytest.fixture
def add_client(world: dict[str, User]) -> Callable[..., Client]:
    def _add(owner: str = "counsellor.joensuu", **data: Any) -> Client:
        municipality = "272" if owner.endswith("kokkola") else "167"
        values = _client_values(municipality=municipality, **data)
        result = validation.validate(values)
        assert result.ok, result.errors
        user = world[owner]
        ctx = persona_context(user)
        with acting(view="test:add_client", **ctx):
            return client_actions.do_create_client(
                result.values,
                responsible_unit=ctx["unit"],
                counsellor=user,
                jobseeker_since=None,
                acting_user=user,
            )

    return _add


@pytest.fixture
def make_course(world: dict[str, User]) -> Callable[..., Course]:
    def _make(capacity: int = 2, language: str = "ar", theme: str = "y1-kela") -> Course:
        from kotopolku.courses.models import Theme

        course = Course.objects.create(
            theme=Theme.objects.get(code=theme),
            language=language,
            year=2026,
            quarter=4,
            organiser=Organisation.objects.get(slug="toivo"),
            capacity=capacity,
        )
        start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
        for week in range(2):
            Session.objects.create(
                course=course,
                starts_at=start + datetime.timedelta(days=7 * week),
                ends_at=start + datetime.timedelta(days=7 * week, hours=2),
                place_text="Toivo, ryhmätila 2",
                facilitator=world["facilitator.joensuu"],
                interpreter_language="ar",
                interpreter="Tulkkipalvelu",
            )
        return course

    return _make


@pytest.fixture
def course(make_course: Callable[..., Course]) -> Course:
    return make_course()


@pytest.fixture
def sign_in(world: dict[str, User]) -> Callable[..., HttpClient]:
    def _sign_in(username: str, language: str = "en") -> HttpClient:
        browser = HttpClient()
        response = browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"login of {username} failed"
        browser.post("/i18n/setlang/", {"language": language, "next": "/"})
        return browser

    return _sign_in


@pytest.fixture
def token_for(world: dict[str, User]) -> Callable[[str], str]:
    def _token(username: str) -> str:
        user = world[username]
        with acting(view="test:token"):
            _t, text = account_actions.do_create_token(
                user, name="test", days=30, read_only=False, acting_user=user
            )
        return text

    return _token


def api(token: str) -> HttpClient:
    return HttpClient(headers={"Authorization": f"Bearer {token}"})
