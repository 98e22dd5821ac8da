"""User administration by a system administrator: list, detail, create, edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.orgs.models import Role
from tests.accounts.helpers import form_errors, fresh, tr, user_events

NEW_USER = {
    "username": "maija.meikalainen",
    "first_name": "Maija",
    "last_name": "Meikäläinen",
    "email": "maija@example.invalid",
    "preferred_language": "sv",
}


# --- List and detail: reads go to the access log ---------------------------------------------


def test_the_list_shows_every_user_and_logs_the_reads(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    response = login("admin").get("/accounts/users/")
    assert response.status_code == 200
    listed = {u.username for u in response.context["page_obj"]}
    assert listed == set(demo_world)
    events = AccessEvent.objects.filter(subject_type="user")
    assert {e.subject_id for e in events} == {str(u.pk) for u in demo_world.values()}
    for event in events:
        assert event.kind == AccessEvent.Kind.LIST
        assert event.actor_id == demo_world["admin"].pk
        assert event.actor_username == "admin"
        assert event.role == Role.SYSTEM_ADMIN
        assert event.view == "accounts:user_list"


def test_a_search_lists_and_logs_only_the_matches(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    response = login("admin").get("/accounts/users/", {"q": "kokkola"})
    listed = {u.username for u in response.context["page_obj"]}
    assert listed == {u for u in demo_world if u.endswith(".kokkola")}
    logged = set(
        AccessEvent.objects.filter(subject_type="user").values_list("subject_id", flat=True)
    )
    assert logged == {str(demo_world[u].pk) for u in listed}


def test_a_search_without_matches_logs_nothing(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    response = login("admin").get("/accounts/users/", {"q": "no-such-person"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert not AccessEvent.objects.filter(subject_type="user").exists()


def test_the_detail_page_logs_one_view(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    subject = demo_world["counsellor.joensuu"]
    response = login("admin").get(f"/accounts/users/{subject.pk}/")
    assert response.status_code == 200
    assert response.context["subject"] == subject
    event = AccessEvent.objects.get(subject_type="user")
    assert event.subject_id == str(subject.pk)
    assert event.kind == AccessEvent.Kind.VIEW
    assert event.view == "accounts:user_detail"


def test_the_detail_page_of_an_unknown_user_is_404(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    response = login("admin").get("/accounts/users/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(subject_type="user").exists()


# --- Create -------------------------------------------------------------------------------------


def test_creating_a_user_asks_for_the_password_first(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    response = login("admin").post("/accounts/users/new/", NEW_USER)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm/")
    assert not User.objects.filter(username=NEW_USER["username"]).exists()
    assert mail.outbox == []


def test_creating_a_user_saves_and_logs_it(
    demo_world: dict[str, User], admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    assert admin_client.get("/accounts/users/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/accounts/users/new/", NEW_USER)
    user = User.objects.get(username=NEW_USER["username"])
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    assert user.first_name == "Maija"
    assert user.last_name == "Meikäläinen"
    assert user.email == "maija@example.invalid"
    assert user.preferred_language == "sv"
    assert user.is_active
    assert not user.has_usable_password()
    assert user.roles == frozenset()
    [event] = user_events(user, ChangeEvent.Action.CREATE)
    assert event.actor_id == demo_world["admin"].pk
    assert event.changes == {
        "email": [None, "maija@example.invalid"],
        "first_name": [None, "Maija"],
        "is_active": [None, True],
        "last_name": [None, "Meikäläinen"],
        "preferred_language": [None, "sv"],
        "username": [None, "maija.meikalainen"],
        "work_phone": [None, ""],
    }
    # the new user gets the link for setting a first password at once
    [message] = mail.outbox
    assert message.to == ["maija@example.invalid"]
    assert "maija.meikalainen" in message.body
    assert "/accounts/password-reset/" in message.body


def test_creating_a_user_with_an_address_in_use_is_refused_and_mails_nobody(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    shared = demo_world["counsellor.joensuu"].email
    before = User.objects.count()
    response = admin_client.post("/accounts/users/new/", NEW_USER | {"email": shared})
    assert response.status_code == 200
    assert 'href="#id_email"' in response.content.decode()
    assert User.objects.count() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": ""}, "username"),
        ({"username": "Maija Meikäläinen"}, "username"),
        ({"username": "Maija"}, "username"),
        ({"username": "-maija"}, "username"),
        ({"username": "admin"}, "username"),
        ({"username": "x" * 151}, "username"),
        ({"first_name": ""}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"email": ""}, "email"),
        ({"email": "maija-at-example"}, "email"),
        ({"preferred_language": "de"}, "preferred_language"),
    ],
)
def test_bad_user_input_names_the_field_and_creates_nothing(
    demo_world: dict[str, User], admin_client: Client, changes: dict[str, str], field: str
) -> None:
    users_before = User.objects.count()
    events_before = ChangeEvent.objects.count()
    response = admin_client.post("/accounts/users/new/", NEW_USER | changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    page = response.content.decode()
    assert f'href="#id_{field}"' in page  # the error summary links to the field
    assert f'id="id_{field}_error"' in page
    assert User.objects.count() == users_before
    assert ChangeEvent.objects.count() == events_before
    assert mail.outbox == []


def test_a_taken_username_says_so(demo_world: dict[str, User], admin_client: Client) -> None:
    response = admin_client.post("/accounts/users/new/", NEW_USER | {"username": "admin"})
    assert form_errors(response, "username") == [tr(response, "This username is taken.")]


# --- Edit --------------------------------------------------------------------------------------


def test_editing_a_user_logs_old_and_new_values(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world["counsellor.joensuu"]
    old_email = subject.email
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/edit/",
        {
            "username": "ignored",
            "first_name": subject.first_name,
            "last_name": subject.last_name,
            "email": "new.address@example.invalid",
            "preferred_language": "en",
            "is_active": "1",
        },
    )
    assert response.status_code == 302
    after = fresh(subject)
    assert after.username == "counsellor.joensuu"  # the username cannot be edited
    assert after.email == "new.address@example.invalid"
    assert after.preferred_language == "en"
    [event] = user_events(subject, ChangeEvent.Action.UPDATE)
    assert event.actor_id == demo_world["admin"].pk
    assert event.changes == {
        "email": [old_email, "new.address@example.invalid"],
        "preferred_language": ["fi", "en"],
    }


def test_deactivating_a_user_ends_their_login(
    demo_world: dict[str, User], admin_client: Client, login: Callable[[str], Client]
) -> None:
    subject = demo_world["counsellor.joensuu"]
    their_session = login("counsellor.joensuu")
    admin_client.post(
        f"/accounts/users/{subject.pk}/edit/",
        {
            "first_name": subject.first_name,
            "last_name": subject.last_name,
            "email": subject.email,
            "preferred_language": "fi",
            "is_active": "0",
        },
    )
    assert not fresh(subject).is_active
    [event] = user_events(subject, ChangeEvent.Action.UPDATE)
    assert event.changes == {"is_active": [True, False]}
    assert their_session.get("/accounts/profile/").status_code == 302


def test_bad_edit_input_names_the_field_and_changes_nothing(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world["counsellor.joensuu"]
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/edit/",
        {"first_name": "", "last_name": "X", "email": "bad", "preferred_language": "fi"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name", "email"}
    after = fresh(subject)
    assert after.first_name == subject.first_name
    assert after.last_name == subject.last_name
    assert after.email == subject.email
    assert user_events(subject, ChangeEvent.Action.UPDATE) == []


def test_saving_without_changes_writes_no_event(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world["counsellor.joensuu"]
    admin_client.post(
        f"/accounts/users/{subject.pk}/edit/",
        {
            "first_name": subject.first_name,
            "last_name": subject.last_name,
            "email": subject.email,
            "preferred_language": subject.preferred_language,
            "is_active": "1",
        },
    )
    assert user_events(subject, ChangeEvent.Action.UPDATE) == []


def test_the_edit_form_shows_the_current_values(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject: Any = demo_world["counsellor.joensuu"]
    response = admin_client.get(f"/accounts/users/{subject.pk}/edit/")
    assert response.status_code == 200
    assert response.context["form"]["email"].value() == subject.email
