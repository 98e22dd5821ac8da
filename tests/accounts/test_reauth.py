"""Re-authentication before dangerous actions (routes whose policy has reauth=True)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotopolku.access import reauth as reauth_flag
from kotopolku.access.policy import PAGES
from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Membership
from tests.accounts.helpers import (
    PASSWORD,
    START,
    add_confirmed_device,
    form_errors,
    fresh,
    page_text,
    totp_code,
    tr,
    user_events,
    wrong_code,
)

CONFIRM = "/accounts/confirm/"
TARGET = "/accounts/profile/password/"
WRONG = "The password or code is not correct."
REPEAT = "Thank you. Now do the action again."
LOCKED = "Too many failed attempts: the account is locked for a while."


def _confirm_url(path: str) -> str:
    return f"{CONFIRM}?next={quote(path, safe='')}"


def test_the_policy_marks_the_dangerous_routes() -> None:
    marked = {name for name, rule in PAGES.items() if rule.reauth}
    assert {
        "accounts:password_change",
        "accounts:token_create",
        "accounts:two_factor_remove",
        "accounts:user_create",
        "accounts:user_edit",
        "accounts:membership_add",
        "accounts:membership_end",
        "accounts:user_unlock",
    } <= marked


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("counsellor.joensuu", "/accounts/profile/password/"),
        ("counsellor.joensuu", "/accounts/profile/tokens/new/"),
        ("admin", "/accounts/users/new/"),
    ],
)
def test_a_reauth_route_redirects_to_the_confirm_page(
    login: Callable[[str], Client], username: str, path: str
) -> None:
    response = login(username).get(path)
    assert response.status_code == 302
    assert response["Location"] == _confirm_url(path)


def test_the_correct_password_lets_the_action_proceed(login: Callable[[str], Client]) -> None:
    c = login("counsellor.joensuu")
    assert c.get(CONFIRM + "?next=" + TARGET).status_code == 200
    response = c.post(_confirm_url(TARGET), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == TARGET
    assert isinstance(c.session[reauth_flag.SESSION_KEY], int)
    page = c.get(TARGET)
    assert page.status_code == 200
    # a page asked for with GET opens at once: nothing to repeat
    assert tr(page, REPEAT) not in page_text(page)


def test_the_next_field_of_the_form_is_followed_too(login: Callable[[str], Client]) -> None:
    c = login("counsellor.joensuu")
    response = c.post(CONFIRM, {"password": PASSWORD, "next": TARGET})
    assert response["Location"] == TARGET


def test_without_next_the_confirm_page_returns_to_the_profile(
    login: Callable[[str], Client],
) -> None:
    response = login("counsellor.joensuu").post(CONFIRM, {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:profile")


def test_an_offsite_next_is_not_followed(login: Callable[[str], Client]) -> None:
    c = login("counsellor.joensuu")
    response = c.post(
        CONFIRM + "?next=" + quote("https://evil.example/x", safe=""), {"password": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:profile")


def test_a_wrong_password_does_not_mark_the_session(login: Callable[[str], Client]) -> None:
    c = login("counsellor.joensuu")
    response = c.post(_confirm_url(TARGET), {"password": "not-my-password"})
    assert response.status_code == 200
    assert form_errors(response) == [tr(response, WRONG)]
    assert reauth_flag.SESSION_KEY not in c.session
    assert c.get(TARGET)["Location"] == _confirm_url(TARGET)


def test_an_empty_password_names_the_field(login: Callable[[str], Client]) -> None:
    c = login("counsellor.joensuu")
    response = c.post(_confirm_url(TARGET), {"password": ""})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert 'id="id_password_error"' in response.content.decode()
    assert reauth_flag.SESSION_KEY not in c.session


def test_the_flag_expires_after_reauth_seconds(
    login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = login("counsellor.joensuu")
        reauth(c)
        traveller.shift(settings.REAUTH_SECONDS - 1)
        assert c.get(TARGET).status_code == 200
        traveller.shift(2)
        response = c.get(TARGET)
        assert response.status_code == 302
        assert response["Location"] == _confirm_url(TARGET)


def test_the_flag_belongs_to_one_session_only(
    login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    first = login("counsellor.joensuu")
    reauth(first)
    second = login("counsellor.joensuu")
    assert second.get(TARGET)["Location"] == _confirm_url(TARGET)


def test_the_flag_does_not_survive_logout_and_login(
    login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    c = login("counsellor.joensuu")
    reauth(c)
    c.post("/accounts/logout/")
    c.post("/accounts/login/", {"username": "counsellor.joensuu", "password": PASSWORD})
    assert c.get(TARGET)["Location"] == _confirm_url(TARGET)


def test_the_confirm_page_needs_a_login(demo_world: dict[str, User]) -> None:
    response = Client().get(CONFIRM)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- With a TOTP device ------------------------------------------------------------------------


def _login_with_device(demo_world: dict[str, User]) -> tuple[Client, Any]:
    user = demo_world["counsellor.joensuu"]
    device = add_confirmed_device(user)
    c = Client()
    c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert c.post("/accounts/login/verify/", {"code": totp_code(device)}).status_code == 302
    return c, device


def test_a_user_with_a_device_must_also_give_a_code(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c, device = _login_with_device(demo_world)
        response = c.post(_confirm_url(TARGET), {"password": PASSWORD})
        assert response.status_code == 200
        assert "code" in response.context["form"].errors
        assert reauth_flag.SESSION_KEY not in c.session
        traveller.shift(device.step)  # a new code (the login used this step's)
        response = c.post(_confirm_url(TARGET), {"password": PASSWORD, "code": totp_code(device)})
        assert response.status_code == 302
        assert response["Location"] == TARGET
        assert c.get(TARGET).status_code == 200


def test_a_wrong_code_does_not_mark_the_session(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c, device = _login_with_device(demo_world)
        traveller.shift(device.step)
        response = c.post(_confirm_url(TARGET), {"password": PASSWORD, "code": wrong_code(device)})
        assert response.status_code == 200
        assert form_errors(response) == [tr(response, WRONG)]
        assert reauth_flag.SESSION_KEY not in c.session


def test_a_right_code_with_a_wrong_password_does_not_mark_the_session(
    demo_world: dict[str, User],
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c, device = _login_with_device(demo_world)
        traveller.shift(device.step)
        response = c.post(
            _confirm_url(TARGET), {"password": "not-my-password", "code": totp_code(device)}
        )
        assert response.status_code == 200
        assert reauth_flag.SESSION_KEY not in c.session


# --- A form post (a POST-only route) ------------------------------------------------------------


def _membership(demo_world: dict[str, User]) -> Membership:
    return Membership.objects.get(user=demo_world["counsellor.joensuu"])


def _end_url(membership: Membership) -> str:
    return f"/accounts/roles/{membership.pk}/end/"


def _detail_url(membership: Membership) -> str:
    return f"/accounts/users/{membership.user_id}/"


def _referer(path: str, host: str = "testserver") -> dict[str, str]:
    return {"HTTP_REFERER": f"http://{host}{path}"}


def test_a_post_comes_back_to_the_page_the_form_was_on(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    membership = _membership(demo_world)
    c = login("admin")
    response = c.post(_end_url(membership), **_referer(_detail_url(membership)))
    assert response.status_code == 302
    assert response["Location"] == _confirm_url(_detail_url(membership))
    assert c.session[reauth_flag.REPEAT_KEY] is True
    membership.refresh_from_db()
    assert membership.valid_to is None


def test_the_query_string_of_the_referring_page_is_kept(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    membership = _membership(demo_world)
    page = "/accounts/users/?q=joensuu&page=1"
    response = login("admin").post(_end_url(membership), **_referer(page))
    assert response["Location"] == _confirm_url(page)


@pytest.mark.parametrize(
    "headers",
    [{}, _referer("/accounts/users/", host="evil.example")],
    ids=["no-referer", "offsite-referer"],
)
def test_a_post_without_a_same_host_referer_comes_back_to_the_start_page(
    demo_world: dict[str, User], login: Callable[[str], Client], headers: dict[str, str]
) -> None:
    membership = _membership(demo_world)
    c = login("admin")
    response = c.post(_end_url(membership), **headers)
    assert response.status_code == 302
    assert response["Location"] == _confirm_url(reverse("core:home"))
    assert c.session[reauth_flag.REPEAT_KEY] is True


def test_a_post_only_action_proceeds_when_repeated_after_confirming_the_password(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    membership = _membership(demo_world)
    detail = _detail_url(membership)
    c = login("admin")
    confirm = c.post(_end_url(membership), **_referer(detail))["Location"]
    response = c.post(confirm, {"password": PASSWORD}, follow=True)
    # back on the page of the form, asked to do the action again; nothing was replayed
    assert response.status_code == 200
    assert response.redirect_chain == [(detail, 302)]
    assert tr(response, REPEAT) in page_text(response)
    assert reauth_flag.REPEAT_KEY not in c.session
    membership.refresh_from_db()
    assert membership.valid_to is None
    # the repeated post proceeds
    response = c.post(_end_url(membership), **_referer(detail))
    assert response.status_code == 302
    assert response["Location"] == detail
    membership.refresh_from_db()
    assert membership.valid_to == timezone.localdate() - datetime.timedelta(days=1)


# --- Wrong passwords on the confirm page count towards the lock-out ---------------------------


def test_a_wrong_password_on_the_confirm_page_counts_as_a_failure(
    login: Callable[[str], Client], demo_world: dict[str, User]
) -> None:
    user = demo_world["counsellor.joensuu"]
    c = login(user.username)
    c.post(_confirm_url(TARGET), {"password": "not-my-password"})
    assert fresh(user).failed_login_count == 1
    [event] = user_events(user, ChangeEvent.Action.LOGIN_FAILED)
    assert event.reason == "re-authentication"
    assert event.actor_id == user.pk


def test_wrong_passwords_on_the_confirm_page_lock_the_account_and_log_out(
    login: Callable[[str], Client], demo_world: dict[str, User]
) -> None:
    user = demo_world["counsellor.joensuu"]
    with time_machine.travel(START, tick=False):
        c = login(user.username)
        for _ in range(settings.LOCKOUT_THRESHOLD - 1):
            response = c.post(_confirm_url(TARGET), {"password": "not-my-password"})
            assert response.status_code == 200
            assert form_errors(response) == [tr(response, WRONG)]
        assert not fresh(user).is_locked()
        response = c.post(_confirm_url(TARGET), {"password": "not-my-password"})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login")
        assert SESSION_KEY not in c.session
        assert reauth_flag.SESSION_KEY not in c.session
        page = c.get(response["Location"])
        assert tr(page, LOCKED) in page_text(page)
        after = fresh(user)
        until = START + datetime.timedelta(seconds=settings.LOCKOUT_SECONDS)
        assert after.locked_until == until
        assert after.is_locked()
        failed = user_events(user, ChangeEvent.Action.LOGIN_FAILED)
        assert len(failed) == settings.LOCKOUT_THRESHOLD
        assert {e.reason for e in failed} == {"re-authentication"}
        [locked] = user_events(user, ChangeEvent.Action.LOCKED)
        assert locked.changes == {"locked_until": [None, until.isoformat()]}
        # the dangerous page is closed, and the right password does not log in while locked
        assert c.get(TARGET)["Location"].startswith(reverse("accounts:login"))
        c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
        assert SESSION_KEY not in c.session
