"""Idle (SESSION_IDLE_SECONDS) and absolute (SESSION_ABSOLUTE_SECONDS) session expiry."""

from __future__ import annotations

from collections.abc import Callable

import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from kotopolku.accounts.models import User
from tests.accounts.helpers import START, page_text, tr

PROFILE = "/accounts/profile/"


def _login_url(path: str) -> str:
    return f"{reverse('accounts:login')}?next={path}"


def _assert_logged_out(c: Client, path: str = PROFILE) -> None:
    """The request after expiry is sent to the login page (and back) and ends the session."""
    response = c.get(path)
    assert response.status_code == 302
    assert response["Location"] == _login_url(path)
    assert SESSION_KEY not in c.session
    again = c.get(path)
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("accounts:login"))


def test_an_idle_session_is_logged_out(login: Callable[[str], Client]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        assert c.get(PROFILE).status_code == 200
        traveller.shift(settings.SESSION_IDLE_SECONDS + 1)
        _assert_logged_out(c)


def test_a_session_used_within_the_idle_limit_stays(login: Callable[[str], Client]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        for _ in range(4):
            traveller.shift(settings.SESSION_IDLE_SECONDS - 60)
            assert c.get(PROFILE).status_code == 200
        assert SESSION_KEY in c.session


def test_an_active_session_ends_at_the_absolute_limit(login: Callable[[str], Client]) -> None:
    step = settings.SESSION_IDLE_SECONDS // 2
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        elapsed = 0
        while elapsed + step <= settings.SESSION_ABSOLUTE_SECONDS:
            traveller.shift(step)
            elapsed += step
            assert c.get(PROFILE).status_code == 200, f"logged out after {elapsed}s"
        traveller.shift(settings.SESSION_ABSOLUTE_SECONDS - elapsed + 1)
        _assert_logged_out(c)


def test_the_absolute_limit_follows_the_setting(
    login: Callable[[str], Client], settings: object
) -> None:
    settings.SESSION_ABSOLUTE_SECONDS = 600  # type: ignore[attr-defined]
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        traveller.shift(300)
        assert c.get(PROFILE).status_code == 200
        traveller.shift(301)
        _assert_logged_out(c)


def test_an_expired_session_on_the_api_gets_401_json(login: Callable[[str], Client]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        assert c.get("/api/v1/me").status_code == 200
        traveller.shift(settings.SESSION_IDLE_SECONDS + 1)
        response = c.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json() == {
            "error": {"code": "session_expired", "message": "Session expired."}
        }
        assert SESSION_KEY not in c.session


def test_after_expiry_the_user_can_log_in_again(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        c.post("/accounts/login/", {"username": "admin", "password": "kotopolku-demo"})
        c.get(PROFILE)
        traveller.shift(settings.SESSION_IDLE_SECONDS + 1)
        _assert_logged_out(c)
        response = c.post("/accounts/login/", {"username": "admin", "password": "kotopolku-demo"})
        assert response.status_code == 302
        assert c.get(PROFILE).status_code == 200


def test_a_session_idle_since_the_login_itself_is_logged_out(
    login: Callable[[str], Client],
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        # no request between the login and the expiry: the login itself started the clock
        traveller.shift(settings.SESSION_IDLE_SECONDS + 1)
        _assert_logged_out(c)


def test_a_session_used_just_before_the_idle_limit_after_login_stays(
    login: Callable[[str], Client],
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        traveller.shift(settings.SESSION_IDLE_SECONDS - 1)
        assert c.get(PROFILE).status_code == 200
        assert SESSION_KEY in c.session


def test_an_expired_session_is_redirected_to_login_with_a_message(
    login: Callable[[str], Client],
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        assert c.get(PROFILE).status_code == 200
        traveller.shift(settings.SESSION_IDLE_SECONDS + 1)
        response = c.get(PROFILE)
        assert response.status_code == 302
        assert response["Location"] == _login_url(PROFILE)
        assert SESSION_KEY not in c.session
        page = c.get(response["Location"])
        assert page.status_code == 200
        assert tr(page, "Your session ended. Please log in again.") in page_text(page)
