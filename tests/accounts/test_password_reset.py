"""Password reset by e-mail: one message, a one-time link, a logged and masked change."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from tests.accounts.helpers import PASSWORD, START, fresh, user_events

USERNAME = "counsellor.joensuu"
EMAIL = "counsellor.joensuu@demo.kotopolku.invalid"
RESET = "/accounts/password-reset/"
SENT = "/accounts/password-reset/sent/"
DONE = "/accounts/password-reset/done/"
NEW_PASSWORD = "a-long-new-passphrase-42"
LINK = re.compile(r"https?://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)")


def _request_reset(email: str = EMAIL) -> Any:
    return Client().post(RESET, {"email": email})


def _link() -> str:
    assert len(mail.outbox) == 1
    found = LINK.search(mail.outbox[0].body)
    assert found, mail.outbox[0].body
    return found.group(1)


def _open_link(c: Client, link: str) -> Any:
    """Follow the e-mailed link; Django moves the token into the session and redirects."""
    response = c.get(link)
    assert response.status_code == 302
    form_page = response["Location"]
    assert form_page.endswith("/set-password/")
    return form_page


def _set_password(
    c: Client, form_page: str, one: str = NEW_PASSWORD, two: str | None = None
) -> Any:
    return c.post(form_page, {"new_password1": one, "new_password2": two or one})


def _can_log_in(password: str, username: str = USERNAME) -> bool:
    c = Client()
    c.post("/accounts/login/", {"username": username, "password": password})
    return SESSION_KEY in c.session


def test_requesting_a_reset_sends_one_message_with_a_link(demo_world: dict[str, User]) -> None:
    response = _request_reset()
    assert response.status_code == 302
    assert response["Location"] == SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject
    assert USERNAME in message.body
    assert _link().startswith(RESET)
    assert message.alternatives, "the HTML part is missing"


def test_following_the_link_and_setting_a_password_works(demo_world: dict[str, User]) -> None:
    _request_reset()
    c = Client()
    form_page = _open_link(c, _link())
    assert c.get(form_page).status_code == 200
    response = _set_password(c, form_page)
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert c.get(DONE).status_code == 200
    assert _can_log_in(NEW_PASSWORD)
    assert not _can_log_in(PASSWORD)
    assert fresh(demo_world[USERNAME]).password_changed_at is not None


def test_the_reset_is_logged_with_the_password_masked(demo_world: dict[str, User]) -> None:
    user = demo_world[USERNAME]
    _request_reset()
    c = Client()
    _set_password(c, _open_link(c, _link()))
    changes = [e.changes for e in user_events(user, ChangeEvent.Action.UPDATE)]
    assert {"password": ["***", "***"]} in changes
    stored_hash = fresh(user).password
    for event in ChangeEvent.objects.all():
        assert stored_hash not in str(event.changes)
        assert NEW_PASSWORD not in str(event.changes)


def test_a_reset_clears_a_lockout(demo_world: dict[str, User]) -> None:
    for _ in range(settings.LOCKOUT_THRESHOLD):
        Client().post("/accounts/login/", {"username": USERNAME, "password": "wrong-password"})
    assert fresh(demo_world[USERNAME]).is_locked()
    _request_reset()
    c = Client()
    _set_password(c, _open_link(c, _link()))
    user = fresh(demo_world[USERNAME])
    assert user.locked_until is None
    assert user.failed_login_count == 0
    assert _can_log_in(NEW_PASSWORD)


def test_an_unknown_email_sends_nothing_and_shows_the_same_sent_page(
    demo_world: dict[str, User],
) -> None:
    known = _request_reset()
    mail.outbox.clear()
    unknown = _request_reset("nobody@example.invalid")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == SENT
    assert mail.outbox == []


def test_an_inactive_users_email_sends_nothing(demo_world: dict[str, User]) -> None:
    User.objects.filter(username=USERNAME).update(is_active=False)
    assert _request_reset()["Location"] == SENT
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["", "not-an-address", "a@"])
def test_a_malformed_email_names_the_field_and_sends_nothing(
    demo_world: dict[str, User], email: str
) -> None:
    response = _request_reset(email)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'id="id_email_error"' in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("one", "two", "field"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "x", "new_password2"),
        ("short", "short", "new_password2"),
        ("1234567890123", "1234567890123", "new_password2"),
        ("password1234", "password1234", "new_password2"),
        ("", "", "new_password1"),
    ],
)
def test_a_bad_new_password_names_the_field_and_changes_nothing(
    demo_world: dict[str, User], one: str, two: str, field: str
) -> None:
    before = fresh(demo_world[USERNAME]).password
    events_before = ChangeEvent.objects.count()
    _request_reset()
    c = Client()
    form_page = _open_link(c, _link())
    response = _set_password(c, form_page, one, two)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert fresh(demo_world[USERNAME]).password == before
    assert ChangeEvent.objects.count() == events_before
    assert _can_log_in(PASSWORD)


def test_the_link_works_only_once(demo_world: dict[str, User]) -> None:
    _request_reset()
    link = _link()
    c = Client()
    _set_password(c, _open_link(c, link))
    again = Client().get(link, follow=True)
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert "form" not in again.context or again.context["form"] is None


def test_the_link_expires(demo_world: dict[str, User]) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        _request_reset()
        link = _link()
        traveller.shift(settings.PASSWORD_RESET_TIMEOUT + 1)
        response = Client().get(link, follow=True)
        assert response.context["validlink"] is False
    assert _can_log_in(PASSWORD)


def test_a_tampered_link_is_refused(demo_world: dict[str, User]) -> None:
    _request_reset()
    tampered = _link().rstrip("/")[:-3] + "zzz/"
    response = Client().get(tampered, follow=True)
    assert response.context["validlink"] is False


# --- Users created by an administrator: no usable password yet --------------------------------

NEW_USERNAME = "new.person"
NEW_EMAIL = "new.person@example.invalid"


def _create_user(admin_client: Client) -> User:
    response = admin_client.post(
        "/accounts/users/new/",
        {
            "username": NEW_USERNAME,
            "first_name": "Uusi",
            "last_name": "Henkilö",
            "email": NEW_EMAIL,
            "preferred_language": "fi",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username=NEW_USERNAME)
    assert not user.has_usable_password()
    return user


def test_a_user_created_by_an_administrator_gets_a_link_at_once_and_sets_a_first_password(
    demo_world: dict[str, User], admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = _create_user(admin_client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [NEW_EMAIL]
    assert NEW_USERNAME in mail.outbox[0].body
    assert not _can_log_in(PASSWORD, NEW_USERNAME)
    c = Client()
    response = _set_password(c, _open_link(c, _link()))
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert _can_log_in(NEW_PASSWORD, NEW_USERNAME)
    after = fresh(user)
    assert after.has_usable_password()
    assert after.password_changed_at is not None
    [event] = [
        e
        for e in user_events(user, ChangeEvent.Action.UPDATE)
        if e.changes == {"password": ["***", "***"]}
    ]
    assert event.actor_id == user.pk


def test_a_user_created_by_an_administrator_can_also_ask_for_a_link_themselves(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    _create_user(admin_client)
    mail.outbox.clear()  # the invitation got lost
    assert _request_reset(NEW_EMAIL)["Location"] == SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [NEW_EMAIL]
    c = Client()
    _set_password(c, _open_link(c, _link()))
    assert _can_log_in(NEW_PASSWORD, NEW_USERNAME)
