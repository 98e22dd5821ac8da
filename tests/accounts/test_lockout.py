"""Lock-out after LOCKOUT_THRESHOLD failed logins, and its end after LOCKOUT_SECONDS."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from tests.accounts.helpers import PASSWORD, START, form_errors, fresh, tr, user_events

# The same answer as for a wrong password (issue 11 item 4): it does not tell that the
# account exists or is locked.
LOCKED_ERROR = (
    "The username or password is not correct, or signing in is paused after too many "
    "failed attempts. Try again later or ask your administrator."
)
USERNAME = "counsellor.joensuu"


def _fail(c: Client, times: int, username: str = USERNAME) -> None:
    for _ in range(times):
        c.post("/accounts/login/", {"username": username, "password": "not-the-password"})


def _login(c: Client, username: str = USERNAME) -> object:
    return c.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_it_counts_failures_below_the_threshold_without_locking(
    demo_world: dict[str, User],
) -> None:
    _fail(Client(), settings.LOCKOUT_THRESHOLD - 1)
    user = fresh(demo_world[USERNAME])
    assert user.failed_login_count == settings.LOCKOUT_THRESHOLD - 1
    assert user.locked_until is None
    assert not user.is_locked()


def test_it_locks_the_account_after_the_threshold_of_failures(
    demo_world: dict[str, User],
) -> None:
    with time_machine.travel(START, tick=False):
        c = Client()
        _fail(c, settings.LOCKOUT_THRESHOLD - 1)
        response = c.post("/accounts/login/", {"username": USERNAME, "password": "nope-nope"})
        assert response.status_code == 200
        assert form_errors(response) == [tr(response, LOCKED_ERROR)]
        user = fresh(demo_world[USERNAME])
        assert user.locked_until == START + datetime.timedelta(seconds=settings.LOCKOUT_SECONDS)
        assert user.is_locked()


def test_the_right_password_fails_while_the_account_is_locked(
    demo_world: dict[str, User],
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _fail(c, settings.LOCKOUT_THRESHOLD)
        traveller.shift(settings.LOCKOUT_SECONDS - 1)
        response = _login(c)
        assert response.status_code == 200
        assert form_errors(response) == [tr(response, LOCKED_ERROR)]
        assert SESSION_KEY not in c.session


def test_login_works_again_once_the_lockout_has_passed(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _fail(c, settings.LOCKOUT_THRESHOLD)
        traveller.shift(settings.LOCKOUT_SECONDS + 1)
        response = _login(c)
        assert response.status_code == 302
        assert str(c.session[SESSION_KEY]) == str(demo_world[USERNAME].pk)
        user = fresh(demo_world[USERNAME])
        assert user.locked_until is None
        assert user.failed_login_count == 0


def test_it_writes_failed_login_and_locked_events(demo_world: dict[str, User]) -> None:
    user = demo_world[USERNAME]
    with time_machine.travel(START, tick=False):
        _fail(Client(), settings.LOCKOUT_THRESHOLD)
    failed = user_events(user, ChangeEvent.Action.LOGIN_FAILED)
    assert len(failed) == settings.LOCKOUT_THRESHOLD
    locked = user_events(user, ChangeEvent.Action.LOCKED)
    assert len(locked) == 1
    until = START + datetime.timedelta(seconds=settings.LOCKOUT_SECONDS)
    assert locked[0].changes == {"locked_until": [None, until.isoformat()]}
    assert locked[0].actor_id == user.pk


def test_a_login_attempt_while_locked_is_logged_as_failed_with_a_reason(
    demo_world: dict[str, User],
) -> None:
    user = demo_world[USERNAME]
    with time_machine.travel(START, tick=False):
        c = Client()
        _fail(c, settings.LOCKOUT_THRESHOLD)
        _login(c)
    last = user_events(user, ChangeEvent.Action.LOGIN_FAILED)[-1]
    assert last.reason == "account locked"
    assert user_events(user, ChangeEvent.Action.LOGIN) == []


def test_attempts_while_locked_do_not_extend_the_lock(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _fail(c, settings.LOCKOUT_THRESHOLD)
        until = fresh(demo_world[USERNAME]).locked_until
        traveller.shift(60)
        _fail(c, settings.LOCKOUT_THRESHOLD * 2)
        assert fresh(demo_world[USERNAME]).locked_until == until


def test_a_lock_of_one_user_does_not_affect_another(demo_world: dict[str, User]) -> None:
    c = Client()
    _fail(c, settings.LOCKOUT_THRESHOLD)
    assert _login(Client(), "manager.joensuu").status_code == 302


@pytest.mark.parametrize("threshold", [1, 3])
def test_the_threshold_follows_the_setting(
    demo_world: dict[str, User], settings: object, threshold: int
) -> None:
    settings.LOCKOUT_THRESHOLD = threshold  # type: ignore[attr-defined]
    c = Client()
    _fail(c, threshold - 1)
    assert not fresh(demo_world[USERNAME]).is_locked()
    _fail(c, 1)
    assert fresh(demo_world[USERNAME]).is_locked()


def test_a_second_lock_after_the_first_expired_locks_again(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _fail(c, settings.LOCKOUT_THRESHOLD)
        traveller.shift(settings.LOCKOUT_SECONDS + 1)
        _fail(c, settings.LOCKOUT_THRESHOLD)
        user = fresh(demo_world[USERNAME])
        assert user.is_locked()
        assert len(user_events(user, ChangeEvent.Action.LOCKED)) == 2


def test_a_second_lock_logs_the_previous_lock_time_as_the_old_value(
    demo_world: dict[str, User],
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        c = Client()
        _fail(c, settings.LOCKOUT_THRESHOLD)
        first_until = fresh(demo_world[USERNAME]).locked_until
        assert first_until is not None
        traveller.shift(settings.LOCKOUT_SECONDS + 1)
        _fail(c, settings.LOCKOUT_THRESHOLD)
        second_until = fresh(demo_world[USERNAME]).locked_until
        assert second_until is not None
        assert second_until > first_until
        first, second = user_events(demo_world[USERNAME], ChangeEvent.Action.LOCKED)
        assert first.changes == {"locked_until": [None, first_until.isoformat()]}
        assert second.changes == {
            "locked_until": [first_until.isoformat(), second_until.isoformat()]
        }
