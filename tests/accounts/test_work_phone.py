"""The staff user's work phone (issue 15 section 2): the user sets it on their own profile, a
system administrator on the user's edit page; a bad number is refused with the field named;
every change is logged with its old and new value. The plan summary's use of it is tested in
tests/casework/test_summary_services.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotopolku.accounts.forms import PhoneForm, clean_phone
from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from tests.accounts.helpers import form_errors, fresh, page_text, tr, user_events

PHONE_ERROR = "Enter a phone number with digits, e.g. +358 40 123 4567."


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+358 40 123 4567", "+358 40 123 4567"),
        ("013  337 0000", "013 337 0000"),
        ("(013) 337-0000", "(013) 337-0000"),
        ("", ""),
    ],
)
def test_a_phone_number_is_kept_as_typed(typed: str, kept: str) -> None:
    assert clean_phone(typed) == kept


@pytest.mark.parametrize(
    "typed", ["call me", "040 abc", "+358 40 123 4567 ext. 3", "12-3", "+", "----------"]
)
def test_what_is_not_a_phone_number_is_refused(typed: str) -> None:
    form = PhoneForm({"work_phone": typed})
    assert not form.is_valid()
    assert list(form.errors) == ["work_phone"]


def test_the_user_sets_their_own_work_phone_and_the_change_is_logged(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    user = demo_world["counsellor.joensuu"]
    client = login("counsellor.joensuu")
    assert client.get("/accounts/profile/").status_code == 200
    response = client.post("/accounts/profile/phone/", {"work_phone": " +358 13 337 0000 "})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/#work-phone"
    assert fresh(user).work_phone == "+358 13 337 0000"
    [event] = user_events(user, ChangeEvent.Action.UPDATE)
    assert event.actor_id == user.pk
    assert event.changes == {"work_phone": ["", "+358 13 337 0000"]}
    # shown on the profile, and cleared again (logged as well)
    assert "+358 13 337 0000" in page_text(client.get("/accounts/profile/"))
    client.post("/accounts/profile/phone/", {"work_phone": ""})
    assert fresh(user).work_phone == ""
    last = user_events(user, ChangeEvent.Action.UPDATE)[-1]
    assert last.changes == {"work_phone": ["+358 13 337 0000", ""]}


def test_a_bad_number_on_the_profile_names_the_field_and_changes_nothing(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    user = demo_world["counsellor.joensuu"]
    client = login("counsellor.joensuu")
    response = client.post("/accounts/profile/phone/", {"work_phone": "soita minulle"})
    assert response.status_code == 400
    assert form_errors(response, "work_phone", form="phone_form") == [tr(response, PHONE_ERROR)]
    assert tr(response, PHONE_ERROR) in page_text(response)
    assert fresh(user).work_phone == ""
    assert user_events(user, ChangeEvent.Action.UPDATE) == []


def test_the_profile_form_needs_a_login(demo_world: dict[str, User]) -> None:
    response = Client().post("/accounts/profile/phone/", {"work_phone": "040 123 4567"})
    assert response.status_code in (302, 403)
    assert all(u.work_phone == "" for u in User.objects.all())


def _edit(subject: User, **changes: str) -> dict[str, str]:
    return {
        "first_name": subject.first_name,
        "last_name": subject.last_name,
        "email": subject.email,
        "work_phone": subject.work_phone,
        "preferred_language": subject.preferred_language,
        "is_active": "1",
        **changes,
    }


def test_the_administrator_sets_a_users_work_phone(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world["counsellor.joensuu"]
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/edit/", _edit(subject, work_phone="040 765 4321")
    )
    assert response.status_code == 302
    assert fresh(subject).work_phone == "040 765 4321"
    [event] = user_events(subject, ChangeEvent.Action.UPDATE)
    assert event.actor_id == demo_world["admin"].pk
    assert event.changes == {"work_phone": ["", "040 765 4321"]}
    detail = admin_client.get(f"/accounts/users/{subject.pk}/")
    assert "040 765 4321" in page_text(detail)
    edit: Any = admin_client.get(f"/accounts/users/{subject.pk}/edit/")
    assert edit.context["form"]["work_phone"].value() == "040 765 4321"


def test_the_administrator_is_refused_a_bad_number(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world["counsellor.joensuu"]
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/edit/", _edit(subject, work_phone="ask the office")
    )
    assert response.status_code == 200
    assert form_errors(response, "work_phone") == [tr(response, PHONE_ERROR)]
    assert fresh(subject).work_phone == ""
    assert user_events(subject, ChangeEvent.Action.UPDATE) == []
