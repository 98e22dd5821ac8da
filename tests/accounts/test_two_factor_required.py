"""REQUIRE_2FA: a user without a device is held on the set-up page until they confirm one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotopolku.access.policy import START_PAGES
from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Role
from tests.accounts.helpers import PASSWORD, form_errors, totp_code, tr, user_events, wrong_code
from tests.conftest import bearer

USERNAME = "counsellor.joensuu"
SETUP = "/accounts/two-factor/"


@pytest.fixture
def require_2fa(settings: Any) -> None:
    settings.REQUIRE_2FA = True


def _password_login(username: str = USERNAME) -> tuple[Client, Any]:
    c = Client()
    response = c.post("/accounts/login/", {"username": username, "password": PASSWORD})
    return c, response


def test_a_user_without_a_device_is_logged_in_and_sent_to_the_set_up_page(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    c, response = _password_login()
    assert response.status_code == 302
    assert response["Location"] == SETUP
    assert str(c.session[SESSION_KEY]) == str(demo_world[USERNAME].pk)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/overview/",
        "/accounts/profile/",
        "/accounts/confirm/",
        "/accounts/profile/password/",
        "/accounts/profile/tokens/new/",
        "/accounts/users/",
        "/organisations/",
        "/audit/access/",
        "/accounts/login/",
    ],
)
def test_every_other_page_redirects_to_the_set_up_page(
    require_2fa: None, demo_world: dict[str, User], path: str
) -> None:
    c, _ = _password_login()
    response = c.get(path)
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_a_post_to_another_page_is_also_redirected_and_changes_nothing(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    c, _ = _password_login()
    response = c.post("/accounts/profile/tokens/new/", {"name": "x", "days": "5"})
    assert response["Location"] == SETUP
    assert not demo_world[USERNAME].api_tokens.exists()


@pytest.mark.parametrize(
    ("path", "template"),
    [("/privacy/", "core/privacy.html"), ("/accessibility/", "core/accessibility.html")],
)
def test_the_public_pages_stay_open(
    require_2fa: None, demo_world: dict[str, User], path: str, template: str
) -> None:
    c, _ = _password_login()
    response = c.get(path)
    # the page itself, not the set-up step in its place
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == template


def test_the_health_check_stays_open(require_2fa: None, demo_world: dict[str, User]) -> None:
    c, _ = _password_login()
    response = c.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_logout_stays_open(require_2fa: None, demo_world: dict[str, User]) -> None:
    c, _ = _password_login()
    response = c.post("/accounts/logout/")
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in c.session


def test_the_set_up_page_shows_a_secret_and_creates_an_unconfirmed_device(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    c, _ = _password_login()
    response = c.get(SETUP)
    assert response.status_code == 200
    assert response.context["required"] is True
    assert response.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=demo_world[USERNAME])
    assert not device.confirmed
    # reloading the page reuses the same unconfirmed device
    c.get(SETUP)
    assert TOTPDevice.objects.filter(user=demo_world[USERNAME]).count() == 1


def test_confirming_a_code_turns_two_factor_on_and_reaches_the_start_page(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    user = demo_world[USERNAME]
    c, _ = _password_login()
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = c.post(SETUP, {"code": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    final = c.get(response["Location"], follow=True)
    assert final.status_code == 200
    assert final.request["PATH_INFO"] == reverse(START_PAGES[Role.COUNSELLOR])
    device.refresh_from_db()
    assert device.confirmed
    events = [e for e in user_events(user, ChangeEvent.Action.UPDATE) if "two_factor" in e.changes]
    assert [e.changes for e in events] == [{"two_factor": [False, True]}]
    # other pages are open now
    assert c.get("/accounts/profile/").status_code == 200


def test_a_wrong_code_on_the_set_up_page_is_refused(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    user = demo_world[USERNAME]
    c, _ = _password_login()
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = c.post(SETUP, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    device.refresh_from_db()
    assert not device.confirmed
    assert c.get("/accounts/profile/")["Location"] == SETUP


def test_a_malformed_code_on_the_set_up_page_names_the_field(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    c, _ = _password_login()
    response = c.post(SETUP, {"code": "12ab"})
    assert response.status_code == 200
    assert form_errors(response, "code") == [
        tr(response, "Enter the six digits your authenticator app shows.")
    ]
    assert not TOTPDevice.objects.filter(user=demo_world[USERNAME], confirmed=True).exists()


def test_the_next_login_asks_for_the_code(require_2fa: None, demo_world: dict[str, User]) -> None:
    user = demo_world[USERNAME]
    c, _ = _password_login()
    c.get(SETUP)
    c.post(SETUP, {"code": totp_code(TOTPDevice.objects.get(user=user))})
    _, response = _password_login()
    assert response["Location"] == "/accounts/login/verify/"


def test_two_factor_cannot_be_removed_where_it_is_required(
    require_2fa: None, demo_world: dict[str, User], reauth: Any
) -> None:
    user = demo_world[USERNAME]
    c, _ = _password_login()
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    c.post(SETUP, {"code": totp_code(device)})
    reauth(c, code=totp_code(device, offset_steps=1))
    assert c.post("/accounts/two-factor/remove/").status_code == 404
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_an_api_request_with_the_unverified_session_gets_401_json(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    c, _ = _password_login()
    response = c.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "error": {"code": "two_factor_required", "message": "Two-factor login required."}
    }


def test_a_bearer_token_still_works_where_two_factor_is_required(
    require_2fa: None, demo_world: dict[str, User], api_token: Any
) -> None:
    response = Client().get("/api/v1/me", **bearer(api_token(USERNAME)))
    assert response.status_code == 200
    assert response.json()["username"] == USERNAME


@pytest.mark.parametrize("header", ["Bearer junk", "Bearer ", "Bearer kp_0123456789abcdef"])
def test_an_unverified_session_with_a_junk_bearer_header_is_still_refused(
    require_2fa: None, demo_world: dict[str, User], header: str
) -> None:
    c, _ = _password_login()
    response = c.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    # refused like any request without a valid token: the session is not used as a fallback
    assert response.json() == {
        "error": {
            "code": "unauthorized",
            "message": "Authentication required: send a valid bearer token.",
        }
    }


def test_a_verified_session_still_reaches_the_api_where_two_factor_is_required(
    require_2fa: None, demo_world: dict[str, User]
) -> None:
    c, _ = _password_login()
    c.get(SETUP)
    c.post(SETUP, {"code": totp_code(TOTPDevice.objects.get(user=demo_world[USERNAME]))})
    response = c.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == USERNAME
