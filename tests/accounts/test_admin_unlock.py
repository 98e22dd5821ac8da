"""A system administrator unlocks a locked account, after confirming their own password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import time_machine
from django.conf import settings
from django.test import Client

from kotopolku.access import reauth as reauth_flag
from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from tests.accounts.helpers import PASSWORD, START, fresh, page_text, tr, user_events

LOCKED = "counsellor.joensuu"


def _lock(username: str = LOCKED) -> None:
    c = Client()
    for _ in range(settings.LOCKOUT_THRESHOLD):
        c.post("/accounts/login/", {"username": username, "password": "not-the-password"})


def _unlock_url(user: User) -> str:
    return f"/accounts/users/{user.pk}/unlock/"


def _detail_url(user: User) -> str:
    """The user page, where the unlock button (a form post) is."""
    return f"/accounts/users/{user.pk}/"


def _from_detail_page(user: User) -> dict[str, str]:
    return {"HTTP_REFERER": f"http://testserver{_detail_url(user)}"}


def test_unlock_without_reauthentication_redirects_to_the_confirm_page(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    _lock()
    target = demo_world[LOCKED]
    c = login("admin")
    response = c.post(_unlock_url(target), **_from_detail_page(target))
    assert response.status_code == 302
    # a post cannot be replayed by a redirect: afterwards, back to the page of the button
    assert response["Location"] == "/accounts/confirm/?next=" + quote(_detail_url(target), safe="")
    assert c.session[reauth_flag.REPEAT_KEY] is True
    assert fresh(target).is_locked()


def test_unlock_after_reauthentication_clears_the_lock_and_logs_the_change(
    demo_world: dict[str, User], login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    with time_machine.travel(START, tick=False):
        _lock()
        target = demo_world[LOCKED]
        locked_until = fresh(target).locked_until
        assert locked_until is not None
        c = login("admin")
        assert c.post(_unlock_url(target)).status_code == 302  # to the confirm page
        reauth(c)
        response = c.post(_unlock_url(target))
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/users/{target.pk}/"
        after = fresh(target)
        assert after.locked_until is None
        assert after.failed_login_count == 0
        events = user_events(target, ChangeEvent.Action.UPDATE)
        assert len(events) == 1
        assert events[0].actor_id == demo_world["admin"].pk
        assert events[0].changes == {"locked_until": [locked_until.isoformat(), None]}
    # and the user can log in at once
    assert (
        Client().post("/accounts/login/", {"username": LOCKED, "password": PASSWORD}).status_code
        == 302
    )


def test_the_user_page_shows_the_lock_and_the_unlock_button(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    _lock()
    target = demo_world[LOCKED]
    response = login("admin").get(f"/accounts/users/{target.pk}/")
    assert response.status_code == 200
    assert response.context["locked"] is True
    assert _unlock_url(target) in response.content.decode()


def test_unlock_is_refused_for_get(demo_world: dict[str, User], admin_client: Client) -> None:
    _lock()
    assert admin_client.get(_unlock_url(demo_world[LOCKED])).status_code == 405
    assert fresh(demo_world[LOCKED]).is_locked()


def test_a_counsellor_cannot_unlock_an_account(
    demo_world: dict[str, User], login: Callable[[str], Client], reauth: Callable[..., Any]
) -> None:
    _lock("manager.joensuu")
    c = login(LOCKED)
    reauth(c)
    assert c.post(_unlock_url(demo_world["manager.joensuu"])).status_code == 404
    assert fresh(demo_world["manager.joensuu"]).is_locked()


def test_the_unlock_proceeds_after_confirming_the_password(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    _lock()
    target = demo_world[LOCKED]
    c = login("admin")
    confirm = c.post(_unlock_url(target), **_from_detail_page(target))["Location"]
    response = c.post(confirm, {"password": PASSWORD}, follow=True)
    # back on the user page, asked to press the button again; nothing is replayed
    assert response.status_code == 200
    assert response.redirect_chain == [(_detail_url(target), 302)]
    assert tr(response, "Thank you. Now do the action again.") in page_text(response)
    assert reauth_flag.REPEAT_KEY not in c.session
    assert fresh(target).is_locked()
    # the repeated post proceeds
    response = c.post(_unlock_url(target), **_from_detail_page(target))
    assert response.status_code == 302
    assert response["Location"] == _detail_url(target)
    assert not fresh(target).is_locked()


def test_unlocking_an_account_that_is_not_locked_writes_no_event(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    target = demo_world[LOCKED]
    response = admin_client.post(_unlock_url(target))
    assert response.status_code == 302
    assert response["Location"] == _detail_url(target)
    after = fresh(target)
    assert after.locked_until is None
    assert after.failed_login_count == 0
    assert user_events(target, ChangeEvent.Action.UPDATE) == []


def test_unlocking_clears_failures_below_the_threshold_and_logs_them(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    target = demo_world[LOCKED]
    failures = settings.LOCKOUT_THRESHOLD - 1
    c = Client()
    for _ in range(failures):
        c.post("/accounts/login/", {"username": LOCKED, "password": "not-the-password"})
    assert not fresh(target).is_locked()
    admin_client.post(_unlock_url(target))
    assert fresh(target).failed_login_count == 0
    [event] = user_events(target, ChangeEvent.Action.UPDATE)
    assert event.actor_id == demo_world["admin"].pk
    assert event.changes == {"failed_login_count": [failures, 0]}
