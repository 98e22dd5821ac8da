"""Changing one's own password on the profile (after re-authentication)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from tests.accounts.helpers import PASSWORD, form_errors, fresh, tr, user_events

USERNAME = "counsellor.joensuu"
CHANGE = "/accounts/profile/password/"
NEW_PASSWORD = "a-long-new-passphrase-42"


@pytest.fixture
def counsellor(login: Callable[[str], Client], reauth: Callable[..., Any]) -> Client:
    c = login(USERNAME)
    reauth(c)
    return c


def _post(c: Client, old: str = PASSWORD, one: str = NEW_PASSWORD, two: str | None = None) -> Any:
    return c.post(CHANGE, {"old_password": old, "new_password1": one, "new_password2": two or one})


def test_changing_the_password_keeps_this_session_and_logs_the_change_masked(
    demo_world: dict[str, User], counsellor: Client
) -> None:
    user = demo_world[USERNAME]
    response = _post(counsellor)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert fresh(user).check_password(NEW_PASSWORD)
    assert counsellor.get("/accounts/profile/").status_code == 200
    [event] = [e for e in user_events(user, ChangeEvent.Action.UPDATE) if "password" in e.changes]
    assert event.changes == {"password": ["***", "***"]}
    assert event.actor_id == user.pk


def test_changing_the_password_ends_the_users_other_sessions(
    demo_world: dict[str, User], login: Callable[[str], Client], counsellor: Client
) -> None:
    other = login(USERNAME)
    _post(counsellor)
    response = other.get("/accounts/profile/")
    assert response.status_code == 302
    assert SESSION_KEY not in other.session


def test_the_old_password_no_longer_logs_in(
    demo_world: dict[str, User], counsellor: Client
) -> None:
    _post(counsellor)
    c = Client()
    c.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD})
    assert SESSION_KEY not in c.session


@pytest.mark.parametrize(
    ("old", "one", "two", "field", "message"),
    [
        (
            "wrong-password",
            NEW_PASSWORD,
            None,
            "old_password",
            "The current password is not correct.",
        ),
        (
            PASSWORD,
            NEW_PASSWORD,
            NEW_PASSWORD + "!",
            "new_password2",
            "The two new passwords differ.",
        ),
        (PASSWORD, "short-1", None, "new_password1", None),
        (PASSWORD, "password1234", None, "new_password1", None),
        (PASSWORD, "123456789012345", None, "new_password1", None),
        (PASSWORD, "counsellor.joensuu", None, "new_password1", None),
        ("", NEW_PASSWORD, None, "old_password", None),
    ],
)
def test_bad_password_input_names_the_field_and_changes_nothing(
    demo_world: dict[str, User],
    counsellor: Client,
    old: str,
    one: str,
    two: str | None,
    field: str,
    message: str | None,
) -> None:
    before = fresh(demo_world[USERNAME]).password
    events_before = ChangeEvent.objects.count()
    response = _post(counsellor, old, one, two)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message is not None:
        assert form_errors(response, field) == [tr(response, message)]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert fresh(demo_world[USERNAME]).password == before
    assert ChangeEvent.objects.count() == events_before


def test_changing_the_password_needs_reauthentication(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    c = login(USERNAME)
    response = _post(c)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm/")
    assert fresh(demo_world[USERNAME]).check_password(PASSWORD)
