"""The tray's tests read the English UI texts: logged-in browsers switch the UI to English,
anonymous requests get English by default, and code outside requests runs in English."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation


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
