"""User administration is for system administrators only: others get 404, nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.orgs.models import Membership, Role, Unit

OUTSIDER = "counsellor.joensuu"


def _routes(demo_world: dict[str, User]) -> dict[str, tuple[str, str, dict[str, str]]]:
    """Each administration route as (method, path, data), aimed at `manager.joensuu`."""
    target = demo_world["manager.joensuu"]
    membership = Membership.objects.get(user=target)
    unit = Unit.objects.get(organisation__slug="toivo", slug="hallinto")
    return {
        "list": ("get", "/accounts/users/", {}),
        "detail": ("get", f"/accounts/users/{target.pk}/", {}),
        "create-form": ("get", "/accounts/users/new/", {}),
        "create": (
            "post",
            "/accounts/users/new/",
            {
                "username": "sneaky",
                "first_name": "S",
                "last_name": "N",
                "email": "s@example.invalid",
                "preferred_language": "fi",
            },
        ),
        "edit-form": ("get", f"/accounts/users/{target.pk}/edit/", {}),
        "edit": (
            "post",
            f"/accounts/users/{target.pk}/edit/",
            {
                "first_name": "Changed",
                "last_name": "Changed",
                "email": "changed@example.invalid",
                "preferred_language": "fi",
                "is_active": "0",
            },
        ),
        "membership-form": ("get", f"/accounts/users/{target.pk}/roles/new/", {}),
        "membership-add": (
            "post",
            f"/accounts/users/{target.pk}/roles/new/",
            {
                "unit": str(unit.pk),
                "role": Role.SYSTEM_ADMIN,
                "valid_from": timezone.localdate().isoformat(),
            },
        ),
        "membership-end": ("post", f"/accounts/roles/{membership.pk}/end/", {}),
        "unlock": ("post", f"/accounts/users/{target.pk}/unlock/", {}),
    }


ROUTE_KEYS = [
    "list",
    "detail",
    "create-form",
    "create",
    "edit-form",
    "edit",
    "membership-form",
    "membership-add",
    "membership-end",
    "unlock",
]


@pytest.mark.parametrize("reauthenticated", [False, True], ids=["plain", "reauthenticated"])
@pytest.mark.parametrize("route", ROUTE_KEYS)
def test_a_counsellor_gets_404_on_every_user_administration_route(
    demo_world: dict[str, User],
    login: Callable[[str], Client],
    reauth: Callable[..., Any],
    reauthenticated: bool,
    route: str,
) -> None:
    method, path, data = _routes(demo_world)[route]
    c = login(OUTSIDER)
    if reauthenticated:
        reauth(c)
    changes_before = ChangeEvent.objects.count()
    memberships_before = list(Membership.objects.values_list("id", "valid_to").order_by("id"))
    response = getattr(c, method)(path, data)
    assert response.status_code == 404
    assert ChangeEvent.objects.count() == changes_before
    assert not AccessEvent.objects.filter(subject_type="user").exists()
    assert list(Membership.objects.values_list("id", "valid_to").order_by("id")) == (
        memberships_before
    )
    assert not User.objects.filter(username="sneaky").exists()
    target = User.objects.get(username="manager.joensuu")
    assert target.is_active
    assert target.first_name != "Changed"


def test_the_route_list_covers_every_administration_route(demo_world: dict[str, User]) -> None:
    from kotopolku.access.policy import PAGES

    admin_routes = {
        name
        for name, rule in PAGES.items()
        if name.startswith("accounts:") and rule.roles == frozenset({Role.SYSTEM_ADMIN})
    }
    routes = _routes(demo_world)
    assert set(routes) == set(ROUTE_KEYS)
    assert len(admin_routes) == 7
    assert len({path for _m, path, _d in routes.values()}) == 7


@pytest.mark.parametrize("path", ["/accounts/users/", "/accounts/users/new/"])
def test_an_anonymous_visitor_is_sent_to_login(demo_world: dict[str, User], path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("username", ["auditor.joensuu", "manager.joensuu", "coordinator.joensuu"])
def test_other_roles_get_404_on_the_user_list(
    login: Callable[[str], Client], username: str
) -> None:
    assert login(username).get("/accounts/users/").status_code == 404
