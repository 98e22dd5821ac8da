"""The second login step for users with a confirmed TOTP device."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from kotopolku.access.policy import START_PAGES
from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Role
from tests.accounts.helpers import (
    PASSWORD,
    START,
    add_confirmed_device,
    form_errors,
    fresh,
    totp_code,
    tr,
    user_events,
    wrong_code,
)

USERNAME = "counsellor.joensuu"
VERIFY = "/accounts/login/verify/"


def _password_step(c: Client, username: str = USERNAME, next_url: str = "") -> object:
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return c.post("/accounts/login/", data)


def test_the_password_alone_leads_to_the_code_page_and_does_not_log_in(
    demo_world: dict[str, User],
) -> None:
    add_confirmed_device(demo_world[USERNAME])
    c = Client()
    response = _password_step(c)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert SESSION_KEY not in c.session
    profile = c.get("/accounts/profile/")
    assert profile.status_code == 302
    assert profile["Location"].startswith(reverse("accounts:login"))
    assert user_events(demo_world[USERNAME], ChangeEvent.Action.LOGIN) == []


def test_a_correct_code_completes_the_login_and_reaches_the_start_page(
    demo_world: dict[str, User],
) -> None:
    user = demo_world[USERNAME]
    device = add_confirmed_device(user)
    c = Client()
    _password_step(c)
    response = c.post(VERIFY, {"code": totp_code(device)})
    assert response.status_code == 302
    assert str(c.session[SESSION_KEY]) == str(user.pk)
    final = c.get(response["Location"], follow=True)
    assert final.request["PATH_INFO"] == reverse(START_PAGES[Role.COUNSELLOR])
    assert final.wsgi_request.user.is_verified()
    events = user_events(user, ChangeEvent.Action.LOGIN)
    assert len(events) == 1
    assert events[0].changes == {"second_factor": [None, True]}


def test_the_next_page_survives_the_second_step(demo_world: dict[str, User]) -> None:
    device = add_confirmed_device(demo_world[USERNAME])
    c = Client()
    _password_step(c, next_url="/accounts/profile/")
    response = c.post(VERIFY, {"code": totp_code(device)})
    assert response["Location"] == "/accounts/profile/"


def test_a_wrong_code_is_refused_with_an_error_on_the_code_field(
    demo_world: dict[str, User],
) -> None:
    device = add_confirmed_device(demo_world[USERNAME])
    c = Client()
    _password_step(c)
    response = c.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert form_errors(response, "code") == [
        tr(response, "The code is not correct or has expired. Try the newest code.")
    ]
    assert SESSION_KEY not in c.session
    assert user_events(demo_world[USERNAME], ChangeEvent.Action.LOGIN) == []


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_a_malformed_code_is_named_in_the_error(demo_world: dict[str, User], code: str) -> None:
    add_confirmed_device(demo_world[USERNAME])
    c = Client()
    _password_step(c)
    response = c.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert 'id="id_code_error"' in response.content.decode()
    assert SESSION_KEY not in c.session


def test_a_correct_code_right_after_a_wrong_one_is_throttled(
    demo_world: dict[str, User],
) -> None:
    device = add_confirmed_device(demo_world[USERNAME])
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _password_step(c)
        c.post(VERIFY, {"code": wrong_code(device)})
        assert c.post(VERIFY, {"code": totp_code(device)}).status_code == 200
        assert SESSION_KEY not in c.session
        traveller.shift(2)  # the first delay is one second
        assert c.post(VERIFY, {"code": totp_code(device)}).status_code == 302
        assert SESSION_KEY in c.session


def test_a_code_cannot_be_used_twice(demo_world: dict[str, User]) -> None:
    device = add_confirmed_device(demo_world[USERNAME])
    with time_machine.travel(START, tick=False):
        first = Client()
        _password_step(first)
        code = totp_code(device)
        assert first.post(VERIFY, {"code": code}).status_code == 302
        second = Client()
        _password_step(second)
        assert second.post(VERIFY, {"code": code}).status_code == 200
        assert SESSION_KEY not in second.session


def test_the_pending_login_expires_after_five_minutes(demo_world: dict[str, User]) -> None:
    device = add_confirmed_device(demo_world[USERNAME])
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _password_step(c)
        traveller.shift(5 * 60 + 1)
        response = c.post(VERIFY, {"code": totp_code(device)})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login")
        assert SESSION_KEY not in c.session
        # the pending state is gone: the code page no longer shows
        assert c.get(VERIFY)["Location"] == reverse("accounts:login")


def test_the_pending_login_still_works_just_before_five_minutes(
    demo_world: dict[str, User],
) -> None:
    device = add_confirmed_device(demo_world[USERNAME])
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _password_step(c)
        traveller.shift(5 * 60 - 1)
        assert c.post(VERIFY, {"code": totp_code(device)}).status_code == 302
        assert SESSION_KEY in c.session


def test_the_code_page_without_a_password_step_sends_back_to_login(
    demo_world: dict[str, User],
) -> None:
    response = Client().get(VERIFY)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_a_device_removed_during_the_pending_step_sends_back_to_login(
    demo_world: dict[str, User],
) -> None:
    device = add_confirmed_device(demo_world[USERNAME])
    c = Client()
    _password_step(c)
    code = totp_code(device)
    device.delete()
    response = c.post(VERIFY, {"code": code})
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in c.session


def test_an_unconfirmed_device_does_not_ask_for_a_code(demo_world: dict[str, User]) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=demo_world[USERNAME], name="half-done", confirmed=False)
    c = Client()
    response = _password_step(c)
    assert response["Location"] == reverse("core:home")
    assert SESSION_KEY in c.session


def test_the_failure_count_is_reset_only_after_the_second_step(
    demo_world: dict[str, User],
) -> None:
    user = demo_world[USERNAME]
    device = add_confirmed_device(user)
    User.objects.filter(pk=user.pk).update(failed_login_count=2)
    c = Client()
    _password_step(c)
    assert fresh(user).failed_login_count == 2
    c.post(VERIFY, {"code": totp_code(device)})
    assert fresh(user).failed_login_count == 0
