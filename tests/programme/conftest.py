"""Fixtures of the programme tests: the demo world, a Kokkola programme and tray entries.

The tests read the English UI texts (as the tray's tests do)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.catalog.models import Service
from kotopolku.orgs.models import Organisation
from kotopolku.programme import actions
from kotopolku.programme.models import Programme


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def login(login: Callable[[str], Client]) -> Callable[[str], Client]:
    """The root `login`, then the UI language set to English as a user would."""

    def _login(username: str) -> Client:
        browser = login(username)
        browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
        return browser

    return _login


@pytest.fixture
def kokkola_org(demo_world: dict[str, User]) -> Organisation:
    return Organisation.objects.get(slug="kokkola-kotoutumispalvelut")


@pytest.fixture
def coordinator(demo_world: dict[str, User]) -> User:
    return demo_world["coordinator.kokkola"]


@pytest.fixture
def programme(kokkola_org: Organisation, coordinator: User) -> Programme:
    with acting(view="test:programme"):
        return actions.do_create_programme(
            organisation=kokkola_org,
            municipalities=["272"],
            language="fi",
            title="Kokkolan kotoutumisohjelma",
            acting_user=coordinator,
        )


def make_service(owner_slug: str, name: str, codes: list[str]) -> Service:
    return Service.objects.create(
        owner=Organisation.objects.get(slug=owner_slug),
        name={"fi": name, "en": name},
        municipality_codes=codes,
        status=Service.Status.PUBLISHED,
    )


@pytest.fixture
def kokkola_service(demo_world: dict[str, User]) -> Service:
    return make_service("kokkola-kotoutumispalvelut", "Alkukartoitus Kokkola", ["272"])


@pytest.fixture
def joensuu_service(demo_world: dict[str, User]) -> Service:
    return make_service("toivo", "Alkukartoitus Joensuu", ["167"])
