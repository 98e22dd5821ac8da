"""The language switch: POST /i18n/setlang/ changes the page language (`<html lang>`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client


def test_the_product_default_language_is_finnish() -> None:
    from kotopolku.config import settings as product_settings

    assert product_settings.LANGUAGE_CODE == "fi"


def test_without_a_choice_the_page_is_in_the_default_language(client: Client, db: Any) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert f'<html lang="{settings.LANGUAGE_CODE}" dir="ltr"' in html


@pytest.mark.parametrize("lang", ["sv", "en", "fi"])
def test_switching_language_changes_the_html_lang(lang: str, client: Client, db: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": lang, "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == lang
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    page = client.get("/accounts/login/")
    assert f'<html lang="{lang}"' in page.content.decode()
    assert page["Content-Language"] == lang


def test_the_current_language_is_marked_in_the_switch(client: Client, db: Any) -> None:
    client.post("/i18n/setlang/", {"language": "sv"})
    html = client.get("/accounts/login/").content.decode()
    buttons = dict(re.findall(r'<button type="submit" name="language" value="(\w+)"([^>]*)>', html))
    assert set(buttons) == {"fi", "sv", "en"}
    assert 'aria-current="true"' in buttons["sv"]
    assert "aria-current" not in buttons["fi"] + buttons["en"]


def test_an_unknown_language_is_ignored(client: Client, db: Any) -> None:
    client.post("/i18n/setlang/", {"language": "sv"})
    client.post("/i18n/setlang/", {"language": "xx"})
    assert '<html lang="sv"' in client.get("/accounts/login/").content.decode()


def test_an_offsite_next_is_not_followed(client: Client, db: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_the_switch_needs_a_csrf_token(db: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/i18n/setlang/", {"language": "sv"}).status_code == 403


def test_a_logged_in_user_can_switch_too(login: Callable[[str], Client]) -> None:
    client = login("coordinator.joensuu")
    client.post("/i18n/setlang/", {"language": "sv"})
    html = client.get("/organisations/region/").content.decode()
    assert '<html lang="sv"' in html
