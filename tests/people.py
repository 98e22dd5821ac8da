"""Test helpers for staff users shared by the apps' conftests (folded from three copies:
tests/clients, tests/referrals and tests/courses)."""

from __future__ import annotations

from typing import Any

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts.models import User
from kotopolku.orgs.models import Unit
from tests.conftest import PASSWORD


def org_user(username: str, org: str, role: str) -> User:
    """A user with one membership in the first unit (by slug) of the organisation `org`,
    created through the accounts actions; call inside `acting(...)`."""
    unit = Unit.objects.filter(organisation__slug=org).order_by("slug").first()
    assert unit is not None, f"no unit in the organisation {org!r}"
    user = account_actions.do_create_user(
        username=username,
        first_name="Testi",
        last_name=username,
        email=f"{username}@example.invalid",
        preferred_language="en",
        password=PASSWORD,
        acting_user=None,
    )
    account_actions.do_add_membership(
        user, unit=unit, role=role, is_public_official=False, acting_user=None
    )
    return user


def persona_context(user: User) -> dict[str, Any]:
    """The audit context of a request by `user` in their first active membership."""
    membership = user.active_memberships[0]
    return {"user": user, "role": membership.role, "unit": membership.unit}
