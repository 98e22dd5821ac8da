"""Roles that read client data (issue 11 item 3): an administrator cannot give one to
themselves; any grant of one waits for a second person (a unit manager of the unit, or
another administrator) to confirm it; a changed e-mail address is told to the old address;
auditors see these events first."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.accounts import actions
from kotopolku.accounts.models import RoleGrant, User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Membership, Role, Unit
from tests.conftest import PASSWORD


def _signed_in(username: str) -> HttpClient:
    browser = HttpClient()
    assert (
        browser.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    assert browser.post("/accounts/confirm/", {"password": PASSWORD}).status_code == 302
    return browser


def _unit(org: str = "toivo", slug: str = "ohjaus") -> Unit:
    return Unit.objects.get(organisation__slug=org, slug=slug)


def _form(unit: Unit, role: str = Role.COUNSELLOR) -> dict[str, str]:
    return {"unit": str(unit.pk), "role": role, "valid_from": timezone.localdate().isoformat()}


def _new_staff(username: str, role: str | None = None, unit: Unit | None = None) -> User:
    with acting(view="test:staff"):
        user = actions.do_create_user(
            username=username,
            first_name="Testi",
            last_name=username,
            email=f"{username}@example.invalid",
            preferred_language="fi",
            password=PASSWORD,
            acting_user=None,
        )
        if role:
            actions.do_add_membership(
                user,
                unit=unit or _unit("toivo", "hallinto"),
                role=role,
                is_public_official=False,
                acting_user=None,
            )
    return user


def test_an_administrator_cannot_give_themselves_a_role_that_reads_client_data(
    world: dict[str, User],
) -> None:
    admin = world["admin"]
    browser = _signed_in("admin")
    for role in (Role.COUNSELLOR, Role.UNIT_MANAGER, Role.AUDITOR, Role.WELLBEING_WORKER):
        response = browser.post(f"/accounts/users/{admin.pk}/roles/new/", _form(_unit(), role))
        assert response.status_code == 200, role
        assert "role" in response.context["form"].errors
    assert not RoleGrant.objects.filter(user=admin).exists()
    assert set(User.objects.get(pk=admin.pk).roles) == {Role.SYSTEM_ADMIN}
    own = _signed_in("admin")
    assert own.get("/clients/").status_code == 404


def test_a_grant_waits_for_a_second_person_and_then_gives_the_role(
    world: dict[str, User],
) -> None:
    newcomer = _new_staff("new.counsellor")
    admin = _signed_in("admin")
    response = admin.post(f"/accounts/users/{newcomer.pk}/roles/new/", _form(_unit()))
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=newcomer)
    assert grant.status == RoleGrant.Status.PENDING and grant.requested_by == world["admin"]
    assert not Membership.objects.filter(user=newcomer).exists()
    # the one who asked cannot confirm; nor can the user who gets the role
    assert admin.post(f"/accounts/grants/{grant.pk}/", {"decision": "confirm"}).status_code == 404
    assert b"new.counsellor" not in admin.get("/accounts/grants/").content
    # a unit manager of the unit confirms
    manager = _signed_in("manager.joensuu")
    assert b"new.counsellor" in manager.get("/accounts/grants/").content
    response = manager.post(f"/accounts/grants/{grant.pk}/", {"decision": "confirm"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (
        grant.status == RoleGrant.Status.CONFIRMED and grant.decided_by == world["manager.joensuu"]
    )
    assert Membership.objects.filter(user=newcomer, role=Role.COUNSELLOR).exists()
    events = ChangeEvent.objects.filter(subject_type="role_grant", subject_id=str(grant.pk))
    assert [e.action for e in events.order_by("event_time", "id")] == ["create", "grant"]


def test_a_second_administrator_may_confirm_and_a_manager_of_another_unit_may_not(
    world: dict[str, User],
) -> None:
    newcomer = _new_staff("new.auditor")
    _new_staff("admin.two", Role.SYSTEM_ADMIN)
    with acting(view="test:grant"):
        grant = actions.do_request_membership(
            newcomer,
            unit=_unit(),
            role=Role.AUDITOR,
            is_public_official=False,
            acting_user=world["admin"],
        )
    assert isinstance(grant, RoleGrant)
    kokkola_manager = _new_staff(
        "manager.kokkola", Role.UNIT_MANAGER, _unit("kokkola-kotoutumispalvelut", "ohjaus")
    )
    other = _signed_in(kokkola_manager.username)
    assert other.post(f"/accounts/grants/{grant.pk}/", {"decision": "confirm"}).status_code == 404
    second = _signed_in("admin.two")
    assert second.post(f"/accounts/grants/{grant.pk}/", {"decision": "refuse"}).status_code == 302
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.REFUSED
    assert not Membership.objects.filter(user=newcomer).exists()


def test_the_action_refuses_a_direct_grant_by_a_person(world: dict[str, User]) -> None:
    newcomer = _new_staff("direct.one")
    with pytest.raises(actions.GrantRefusedError), acting(view="test:grant"):
        actions.do_add_membership(
            newcomer,
            unit=_unit(),
            role=Role.COUNSELLOR,
            is_public_official=False,
            acting_user=world["admin"],
        )
    with pytest.raises(actions.GrantRefusedError), acting(view="test:grant"):
        actions.do_request_membership(
            world["admin"],
            unit=_unit(),
            role=Role.COUNSELLOR,
            is_public_official=False,
            acting_user=world["admin"],
        )


def test_a_role_that_reads_no_client_data_is_given_at_once(world: dict[str, User]) -> None:
    newcomer = _new_staff("new.coordinator")
    admin = _signed_in("admin")
    response = admin.post(
        f"/accounts/users/{newcomer.pk}/roles/new/",
        _form(_unit("toivo", "koordinointi"), Role.COORDINATOR),
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, role=Role.COORDINATOR).exists()


def test_a_changed_address_is_told_to_the_old_one_and_shown_to_the_auditor(
    world: dict[str, User], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    target = world["counsellor.joensuu"]
    old = target.email
    admin = _signed_in("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/accounts/users/{target.pk}/edit/",
            {
                "username": target.username,
                "first_name": target.first_name,
                "last_name": target.last_name,
                "email": "taker@example.invalid",
                "preferred_language": "fi",
            },
        )
    assert response.status_code == 302
    [mail] = [m for m in mailoutbox if old in m.to]
    assert "taker@example.invalid" in mail.body
    assert world["admin"].get_full_name() in mail.body  # who changed it
    assert not any("taker@example.invalid" in m.to for m in mailoutbox)
    newcomer = _new_staff("pending.one")
    with acting(view="test:grant"):
        actions.do_request_membership(
            newcomer,
            unit=_unit(),
            role=Role.COUNSELLOR,
            is_public_official=False,
            acting_user=world["admin"],
        )
    auditor = _signed_in("auditor.joensuu")
    start = auditor.get("/audit/access/").content.decode()
    assert "/accounts/events/" in start
    events = auditor.get("/accounts/events/").content.decode()
    assert "taker@example.invalid" in events and "pending.one" in events
    # others may not see that page
    assert _signed_in("counsellor.kokkola").get("/accounts/events/").status_code == 404
