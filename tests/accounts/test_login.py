"""Password login: start pages, the generic error, and the change log of logins."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from kotopolku.access.policy import START_PAGES
from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Role
from tests.accounts.helpers import PASSWORD, form_errors, fresh, page_text, tr, user_events

GENERIC_ERROR = (
    "The username or password is not correct, or signing in is paused after too many "
    "failed attempts. Try again later or ask your administrator."
)

PERSONAS = [
    ("admin", Role.SYSTEM_ADMIN),
    ("counsellor.joensuu", Role.COUNSELLOR),
    ("manager.joensuu", Role.UNIT_MANAGER),
    ("coordinator.joensuu", Role.COORDINATOR),
    ("employment.kokkola", Role.EMPLOYMENT_WORKER),
    ("wellbeing.kokkola", Role.WELLBEING_WORKER),
    ("ngo.spr", Role.NGO_PARTNER),
    ("auditor.joensuu", Role.AUDITOR),
]


@pytest.mark.parametrize(("username", "role"), PERSONAS)
def test_a_successful_login_ends_on_the_start_page_of_the_users_role(
    demo_world: dict[str, User], username: str, role: str
) -> None:
    c = Client()
    response = c.post("/accounts/login/", {"username": username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse(START_PAGES[role])
    assert str(c.session[SESSION_KEY]) == str(demo_world[username].pk)


def test_the_start_pages_cover_every_role() -> None:
    assert set(START_PAGES) == set(Role.values)


def test_login_is_case_insensitive_for_the_username(demo_world: dict[str, User]) -> None:
    c = Client()
    response = c.post("/accounts/login/", {"username": " Admin ", "password": PASSWORD})
    assert response.status_code == 302
    assert str(c.session[SESSION_KEY]) == str(demo_world["admin"].pk)


def test_a_safe_next_parameter_is_followed_after_login(demo_world: dict[str, User]) -> None:
    c = Client()
    response = c.post(
        "/accounts/login/?next=/accounts/profile/",
        {"username": "counsellor.joensuu", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"


def test_an_offsite_next_parameter_is_ignored(demo_world: dict[str, User]) -> None:
    c = Client()
    response = c.post(
        "/accounts/login/",
        {"username": "counsellor.joensuu", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_a_successful_login_writes_a_login_event_and_resets_the_failure_count(
    demo_world: dict[str, User],
) -> None:
    user = demo_world["counsellor.joensuu"]
    User.objects.filter(pk=user.pk).update(failed_login_count=3)
    c = Client()
    c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    events = user_events(user, ChangeEvent.Action.LOGIN)
    assert len(events) == 1
    assert events[0].actor_id == user.pk
    assert events[0].changes == {"second_factor": [None, False]}
    assert fresh(user).failed_login_count == 0
    assert fresh(user).last_login is not None


def test_a_wrong_password_gives_the_generic_error_and_only_counts_the_failure(
    demo_world: dict[str, User],
) -> None:
    user = demo_world["counsellor.joensuu"]
    before = fresh(user)
    c = Client()
    response = c.post("/accounts/login/", {"username": user.username, "password": "wrong-one"})
    assert response.status_code == 200
    assert form_errors(response) == [tr(response, GENERIC_ERROR)]
    assert tr(response, GENERIC_ERROR) in page_text(response)
    assert SESSION_KEY not in c.session
    after = fresh(user)
    assert after.failed_login_count == before.failed_login_count + 1
    assert after.password == before.password
    assert after.last_login == before.last_login
    assert after.locked_until is None
    assert after.is_active


def test_a_wrong_password_writes_a_failed_login_event(demo_world: dict[str, User]) -> None:
    user = demo_world["counsellor.joensuu"]
    Client().post("/accounts/login/", {"username": user.username, "password": "wrong-one"})
    failed = user_events(user, ChangeEvent.Action.LOGIN_FAILED)
    assert len(failed) == 1
    assert failed[0].actor_id == user.pk
    assert user_events(user, ChangeEvent.Action.LOGIN) == []


def test_an_unknown_username_gives_the_same_generic_error_and_writes_nothing(
    demo_world: dict[str, User],
) -> None:
    before = ChangeEvent.objects.count()
    response = Client().post("/accounts/login/", {"username": "nobody", "password": "x" * 12})
    assert response.status_code == 200
    assert form_errors(response) == [tr(response, GENERIC_ERROR)]
    assert ChangeEvent.objects.count() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": "admin", "password": ""}, "password"),
    ],
)
def test_an_empty_login_field_is_named_in_the_error_and_counts_no_failure(
    demo_world: dict[str, User], data: dict[str, str], field: str
) -> None:
    response = Client().post("/accounts/login/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert fresh(demo_world["admin"]).failed_login_count == 0


def test_an_inactive_user_cannot_log_in(demo_world: dict[str, User]) -> None:
    user = demo_world["counsellor.joensuu"]
    User.objects.filter(pk=user.pk).update(is_active=False)
    c = Client()
    response = c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert form_errors(response) == [tr(response, GENERIC_ERROR)]
    assert SESSION_KEY not in c.session


def test_logout_ends_the_session_and_writes_a_logout_event(
    login: Any, demo_world: dict[str, User]
) -> None:
    c = login("counsellor.joensuu")
    response = c.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in c.session
    assert len(user_events(demo_world["counsellor.joensuu"], ChangeEvent.Action.LOGOUT)) == 1
    after = c.get("/accounts/profile/")
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("accounts:login"))


def test_logout_is_refused_for_get(login: Any) -> None:
    c = login("counsellor.joensuu")
    assert c.get("/accounts/logout/").status_code == 405
    assert SESSION_KEY in c.session


def test_login_sets_the_language_cookie_to_the_users_language(
    demo_world: dict[str, User],
) -> None:
    User.objects.filter(username="counsellor.joensuu").update(preferred_language="sv")
    c = Client()
    response = c.post("/accounts/login/", {"username": "counsellor.joensuu", "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_the_login_page_sends_a_logged_in_user_home(login: Any) -> None:
    response = login("counsellor.joensuu").get("/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_a_login_post_without_the_csrf_token_is_refused(demo_world: dict[str, User]) -> None:
    c = Client(enforce_csrf_checks=True)
    response = c.post("/accounts/login/", {"username": "counsellor.joensuu", "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_KEY not in c.session
    assert user_events(demo_world["counsellor.joensuu"], ChangeEvent.Action.LOGIN) == []


def test_a_login_post_with_the_csrf_token_from_the_form_works(
    demo_world: dict[str, User],
) -> None:
    c = Client(enforce_csrf_checks=True)
    page = c.get("/accounts/login/")
    token = page.context["csrf_token"]
    response = c.post(
        "/accounts/login/",
        {"username": "counsellor.joensuu", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert SESSION_KEY in c.session


def test_login_gives_a_new_session_key(demo_world: dict[str, User]) -> None:
    c = Client()
    c.get("/accounts/login/")
    c.session.save()
    before = c.session.session_key
    c.post("/accounts/login/", {"username": "counsellor.joensuu", "password": PASSWORD})
    assert c.session.session_key != before
