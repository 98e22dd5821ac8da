"""Two-factor login where it is optional (demo mode): turning it on and off on the profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from tests.accounts.helpers import START, totp_code, user_events

USERNAME = "counsellor.joensuu"
SETUP = "/accounts/two-factor/"
REMOVE = "/accounts/two-factor/remove/"


def _two_factor_events(user: User) -> list[dict[str, Any]]:
    return [
        e.changes for e in user_events(user, ChangeEvent.Action.UPDATE) if "two_factor" in e.changes
    ]


def test_two_factor_is_optional_in_demo_mode(login: Callable[[str], Client]) -> None:
    c = login(USERNAME)
    assert c.get("/accounts/profile/").status_code == 200
    assert c.get(SETUP).context["required"] is False


def test_a_user_can_turn_two_factor_on_from_the_profile(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    user = demo_world[USERNAME]
    c = login(USERNAME)
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = c.post(SETUP, {"code": totp_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert c.get("/accounts/profile/").context["has_2fa"] is True
    assert _two_factor_events(user) == [{"two_factor": [False, True]}]


def test_the_set_up_page_sends_a_verified_user_back_to_the_profile(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    user = demo_world[USERNAME]
    c = login(USERNAME)
    c.get(SETUP)
    c.post(SETUP, {"code": totp_code(TOTPDevice.objects.get(user=user))})
    response = c.get(SETUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_the_set_up_page_needs_a_login(demo_world: dict[str, User]) -> None:
    response = Client().get(SETUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not TOTPDevice.objects.exists()


def test_turning_two_factor_off_needs_the_password_and_code_and_is_logged(
    demo_world: dict[str, User], login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    user = demo_world[USERNAME]
    with time_machine.travel(START, tick=False) as traveller:
        c = login(USERNAME)
        c.get(SETUP)
        device = TOTPDevice.objects.get(user=user)
        c.post(SETUP, {"code": totp_code(device)})
        response = c.post(REMOVE)
        assert response["Location"].startswith("/accounts/confirm/")
        assert TOTPDevice.objects.filter(user=user).exists()
        traveller.shift(device.step)
        reauth(c, code=totp_code(device))
        response = c.post(REMOVE)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/profile/"
        assert not TOTPDevice.objects.filter(user=user).exists()
        assert _two_factor_events(user) == [
            {"two_factor": [False, True]},
            {"two_factor": [True, False]},
        ]
        # the next login asks for the password only
        fresh_login = Client().post(
            "/accounts/login/", {"username": USERNAME, "password": "kotopolku-demo"}
        )
        assert fresh_login["Location"] == "/"


def test_turning_off_without_a_device_logs_nothing(
    demo_world: dict[str, User], login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    c = login(USERNAME)
    reauth(c)
    assert c.post(REMOVE).status_code == 302
    assert _two_factor_events(demo_world[USERNAME]) == []


def test_turning_off_is_refused_for_get(login: Callable[[str], Client], reauth: Any) -> None:
    c = login(USERNAME)
    reauth(c)
    assert c.get(REMOVE).status_code == 405
