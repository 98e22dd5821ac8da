"""The platform in a real browser: logins per role, two-factor, language switch, axe-core."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.e2e.conftest import TWO_FACTOR_LOGIN

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

START = {
    "admin": "/accounts/users/",
    "counsellor.joensuu": "/clients/",
    "manager.joensuu": "/clients/unit/",
    "auditor.joensuu": "/audit/access/",
    "coordinator.joensuu": "/organisations/region/",
    "ngo.spr": "/tray/ours/",
    "employment.kokkola": "/clients/",
    "wellbeing.kokkola": "/clients/",
    "counsellor.kokkola": "/clients/",
}


def test_the_login_page_is_accessible(session: Any) -> None:
    session.goto("/accounts/login/")
    assert session.page.locator("html").get_attribute("lang") == "fi"
    session.axe()
    session.assert_clean()


@pytest.mark.parametrize("username", sorted(START))
def test_each_demo_login_lands_on_its_start_page(username: str, new_session: Any) -> None:
    s = new_session()
    s.login(username)
    assert s.page.url.endswith(START[username]), s.page.url
    assert s.page.locator("h1").count() == 1
    s.axe()
    s.assert_clean()


def test_a_wrong_password_shows_an_error_summary(session: Any) -> None:
    session.login("counsellor.joensuu", "not-the-password")
    summary = session.page.locator(".error-summary")
    assert summary.is_visible()
    assert session.page.url.endswith("/accounts/login/")
    session.axe()


def test_switching_language_changes_the_page(session: Any) -> None:
    session.goto("/accounts/login/")
    with session.page.expect_navigation():
        session.page.get_by_role("button", name="svenska").click()
    assert session.page.locator("html").get_attribute("lang") == "sv"
    session.axe()
    with session.page.expect_navigation():
        session.page.get_by_role("button", name="English").click()
    assert session.page.locator("html").get_attribute("lang") == "en"
    assert "Log in" in session.page.locator("h1").inner_text()
    with session.page.expect_navigation():
        session.page.get_by_role("button", name="suomi").click()
    assert session.page.locator("html").get_attribute("lang") == "fi"
    session.assert_clean()


ADMIN_PAGES = [
    "/accounts/users/",
    "/accounts/profile/",
    "/organisations/",
    "/organisations/toivo/",
    "/organisations/municipalities/",
    "/overview/",
    "/accessibility/",
    "/privacy/",
]


def test_admin_pages_are_accessible(session: Any) -> None:
    session.login("admin")
    for path in ADMIN_PAGES:
        session.goto(path)
        assert session.page.locator("h1").count() == 1, path
        session.axe()
    # a user's page, reached by following the list
    session.goto("/accounts/users/")
    with session.page.expect_navigation():
        session.page.get_by_role("link", name="counsellor.joensuu").click()
    session.axe()
    session.assert_clean()


def test_auditor_pages_are_accessible(session: Any) -> None:
    session.login("auditor.joensuu")
    for path in ("/audit/access/", "/audit/changes/", "/audit/users/counsellor.joensuu/"):
        session.goto(path)
        session.axe()
    # the client search (issue 15): a wrong code is a field error, a name finds reports
    session.goto("/audit/clients/")
    session.axe()
    form = session.page.locator("main form")
    form.locator("input[name=henkilotunnus]").fill("131052-308A")
    with session.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert session.page.locator("input[name=henkilotunnus][aria-invalid=true]").count() == 1
    assert "henkilotunnus" not in session.page.url and "308" not in session.page.url
    session.axe()
    form = session.page.locator("main form")
    form.locator("input[name=henkilotunnus]").fill("")
    form.locator("input[name=name]").fill("a")
    with session.page.expect_navigation():
        form.locator("button[type=submit]").click()
    session.axe()
    links = session.page.locator("main table a[href*='/access-log/']")
    if links.count():
        with session.page.expect_navigation():
            links.first.click()
        session.axe()
    session.assert_clean()


def test_dangerous_actions_ask_for_the_password_again(session: Any) -> None:
    session.login("counsellor.kokkola")
    session.goto("/accounts/profile/tokens/new/")
    assert "/accounts/confirm/" in session.page.url
    session.axe()
    session.page.locator("input[name=password]").fill("kotopolku-demo")
    with session.page.expect_navigation():
        session.page.locator("main form button[type=submit]").click()
    assert session.page.url.endswith("/accounts/profile/tokens/new/")
    session.page.locator("input[name=name]").fill("integration test")
    with session.page.expect_navigation():
        session.page.locator("main form button[type=submit]").click()
    token = session.page.get_by_test_id("token-text").input_value()
    assert re.fullmatch(r"kp_[0-9a-f]{8}_[A-Za-z0-9_-]+", token)
    session.axe()
    session.assert_clean()


def _code(secret: str, offset: int = 0) -> str:
    """The TOTP code for `secret`, `offset` time steps from now (pure function, no ORM)."""
    import base64

    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(secret.replace(" ", "")), step=30, digits=6)
    totp.time = time.time() + offset * 30
    return f"{totp.token():06d}"


def test_two_factor_set_up_and_login(new_session: Any) -> None:
    s = new_session()
    s.login(TWO_FACTOR_LOGIN)
    s.goto("/accounts/two-factor/")
    s.axe()
    secret = s.page.get_by_test_id("totp-secret").inner_text()
    s.page.locator("input[name=code]").fill(_code(secret))
    with s.page.expect_navigation():
        s.page.locator("main form button[type=submit]").click()
    s.goto("/accounts/profile/")
    assert s.page.locator(".badge--ok").first.is_visible()
    s.assert_clean()

    again = new_session()
    again.login(TWO_FACTOR_LOGIN)
    assert again.page.url.endswith("/accounts/login/verify/")
    again.axe()
    again.page.locator("input[name=code]").fill("000000" if _code(secret) != "000000" else "111111")
    with again.page.expect_navigation():
        again.page.locator("main form button[type=submit]").click()
    assert again.page.url.endswith("/accounts/login/verify/")
    assert again.page.locator(".error-summary").is_visible()
    # django-otp throttles after a failure (1 s, doubling); a person takes longer than that
    # 2.2 s, not 1.2: the PostgreSQL half of .ci/run once saw the right code refused here (the
    # page stayed at verify), which a second step of the throttle would explain
    time.sleep(2.2)
    # the set-up code was used; the next time step's code is accepted (tolerance of one step)
    again.page.locator("input[name=code]").fill(_code(secret, offset=1))
    with again.page.expect_navigation():
        again.page.locator("main form button[type=submit]").click()
    # (a login of its own, made by the e2e server's set-up: after this test it needs its second
    # factor)
    assert again.page.url.endswith("/organisations/region/"), again.page.url
    again.assert_clean()


@pytest.mark.parametrize("path", ["/accounts/login/", "/accessibility/"])
def test_pages_fit_a_320_px_screen(path: str, new_session: Any) -> None:
    s = new_session(width=320)
    s.goto(path)
    width = s.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} scrolls sideways at 320 px ({width} px)"
    s.axe()
