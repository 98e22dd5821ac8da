"""Fixtures for the referral tests: the demo organisations and logins (loaded once per
module), services of the tray made directly (the catalogue's models are fixed; its actions
are another module's), clients made through the register's validation and actions, and a
second provider-side user of an authority and of another NGO."""

from __future__ import annotations

import datetime
import itertools
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
from kotopolku.catalog.models import Service
from kotopolku.clients import actions as client_actions
from kotopolku.clients import validation
from kotopolku.clients.models import Client
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Organisation, Role
from kotopolku.referrals import actions, rules
from kotopolku.referrals.models import Referral
from tests.clients.conftest import client_data
from tests.conftest import PASSWORD
from tests.people import org_user, persona_context

_names = itertools.count(1)
NGO = "spr-joensuu"
OTHER_NGO = "joensuun-setlementti"
AUTHORITY = "joensuun-seudun-tyollisyysalue"


@pytest.fixture(scope="module")
def _world_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:world"):
            orgs_demo.load()
            accounts_demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_db: None, db: Any) -> dict[str, User]:
    """The demo logins plus an employment-area worker of Joensuu (an authority provider)
    and an NGO partner of another Joensuu NGO."""
    with acting(view="test:world"):
        org_user("employment.joensuu", AUTHORITY, Role.EMPLOYMENT_WORKER)
        org_user("ngo.setlementti", OTHER_NGO, Role.NGO_PARTNER)
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def sign_in(world: dict[str, User]) -> Callable[[str], HttpClient]:
    def _sign_in(username: str) -> HttpClient:
        browser = HttpClient()
        response = browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"login of {username} failed"
        # English UI: the tests read the source texts, whatever the catalogues translate
        browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
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


def make_service(org: str, *, status: str = Service.Status.PUBLISHED, name: str = "") -> Service:
    owner = Organisation.objects.get(slug=org)
    return Service.objects.create(
        owner=owner,
        name={"fi": name or f"Palvelu {next(_names)}", "en": name or "A service"},
        status=status,
        published_at=timezone.now() if status == Service.Status.PUBLISHED else None,
    )


@pytest.fixture
def services(world: dict[str, User]) -> dict[str, Service]:
    return {
        "ngo": make_service(NGO, name="Kielikahvila"),
        "other_ngo": make_service(OTHER_NGO, name="Olohuone"),
        "authority": make_service(AUTHORITY, name="Työnhaun tuki"),
        "draft": make_service(NGO, status=Service.Status.DRAFT, name="Luonnos"),
    }


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
        values = _client_values(**data)
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
def client_of(add_client: Callable[..., Client]) -> Client:
    return add_client()


@pytest.fixture
def refer(world: dict[str, User]) -> Callable[..., Referral]:
    """Make a referral through the action, as the counsellor (consent or basis by need)."""

    def _refer(client: Client, service: Service, **kwargs: Any) -> Referral:
        user = world[kwargs.pop("by", "counsellor.joensuu")]
        if rules.needs_consent(service.owner):
            kwargs.setdefault("consent_given_on", timezone.localdate())
        else:
            kwargs.setdefault("legal_basis", rules.legal_basis_text("681-2023-s13"))
        kwargs.setdefault("reason", "Would like to practise Finnish.")
        with acting(view="test:refer", **persona_context(user)):
            return actions.do_create_referral(client, service, acting_user=user, **kwargs)

    return _refer


@pytest.fixture
def answer(world: dict[str, User]) -> Callable[..., Referral]:
    def _answer(referral: Referral, status: str, note: str = "", by: str = "ngo.spr") -> Referral:
        user = world[by]
        with acting(view="test:answer", **persona_context(user)):
            return actions.do_answer_referral(referral, status=status, note=note, acting_user=user)

    return _answer


def age(referral: Referral, days: float) -> None:
    """Make the referral's last status change `days` ago."""
    at = timezone.now() - datetime.timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(status_changed_at=at)
