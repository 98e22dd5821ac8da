"""The casework pages' fixtures, shared by the test files of this folder: the client register's
demo organisations and logins once per module, sign-in with the UI in English (the texts these
tests read), and clients created through the real actions."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.clients.models import Client
from tests.clients import conftest as client_fixtures

_world_db = client_fixtures._world_db
world = client_fixtures.world
register_sign_in = client_fixtures.sign_in
add_client = client_fixtures.add_client

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def sign_in(register_sign_in: Callable[[str], HttpClient]) -> Callable[[str], HttpClient]:
    """The register's sign-in, with the UI in English (the texts these tests read)."""

    def _sign_in(username: str) -> HttpClient:
        browser = register_sign_in(username)
        browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
        return browser

    return _sign_in


@pytest.fixture
def counsellor(sign_in: Callable[[str], HttpClient]) -> HttpClient:
    return sign_in("counsellor.joensuu")


@pytest.fixture
def joensuu_client(add_client: Callable[..., Client]) -> Client:
    return add_client(first_permit_date=(TODAY() - 200 * DAY).isoformat())


@pytest.fixture
def kokkola_client(add_client: Callable[..., Client]) -> Client:
    return add_client(
        "counsellor.kokkola",
        municipality="272",
        first_permit_date=(TODAY() - 200 * DAY).isoformat(),
    )
