"""Account actions' refusals and quiet paths that the page tests do not reach: a throttled
address refuses even the right password (and logs it against a known account only), fields
that are not editable, roles that read client data given without a second person, revoking
every token of a user."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from kotopolku.accounts import actions
from kotopolku.accounts.models import ApiToken, Membership, RoleGrant, SignInFailure, User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Role
from tests.accounts.helpers import PASSWORD

ADDRESS = "198.51.100.23"


def _events(user: User, action: str) -> list[ChangeEvent]:
    return list(
        ChangeEvent.objects.filter(subject_type="user", subject_id=str(user.pk), action=action)
    )


def test_a_throttled_address_is_refused_even_with_the_right_password(
    demo_world: dict[str, User],
) -> None:
    user = demo_world["counsellor.joensuu"]
    now = timezone.now()
    SignInFailure.objects.bulk_create(
        SignInFailure(address=ADDRESS, at=now) for _ in range(settings.LOCKOUT_ADDRESS_THRESHOLD)
    )
    with acting(view="test:login", ip=ADDRESS):
        known = actions.check_password_with_lockout(None, user.username, PASSWORD)
        unknown = actions.check_password_with_lockout(None, "nobody.here", PASSWORD)
    assert known == actions.LoginResult(None, locked=True)
    assert unknown == actions.LoginResult(None, locked=True)
    [event] = _events(user, ChangeEvent.Action.LOGIN_FAILED)
    assert event.reason == "address throttled"
    # the unknown name left no row naming it
    assert not ChangeEvent.objects.filter(reason="address throttled").exclude(pk=event.pk)
    # another address is not throttled: the right password signs in
    with acting(view="test:login", ip="198.51.100.24"):
        assert actions.check_password_with_lockout(None, user.username, PASSWORD).user == user


def test_a_correct_password_clears_earlier_failures(demo_world: dict[str, User]) -> None:
    user = demo_world["counsellor.joensuu"]
    User.objects.filter(pk=user.pk).update(failed_login_count=2)
    user.refresh_from_db()
    actions.do_reset_failures(user)
    assert user.failed_login_count == 0
    assert User.objects.get(pk=user.pk).failed_login_count == 0


def test_only_the_editable_fields_of_a_user_change(demo_world: dict[str, User]) -> None:
    admin, user = demo_world["admin"], demo_world["counsellor.joensuu"]
    before = ChangeEvent.objects.filter(subject_type="user", subject_id=str(user.pk)).count()
    with pytest.raises(ValueError, match="not editable: is_superuser, password"):
        actions.do_update_user(
            user, {"password": "x", "is_superuser": True, "first_name": "Aino"}, acting_user=admin
        )
    user.refresh_from_db()
    assert user.first_name != "Aino" and not user.is_superuser
    assert ChangeEvent.objects.filter(subject_type="user", subject_id=str(user.pk)).count() == (
        before
    )


def test_a_role_that_reads_client_data_is_never_given_at_once_by_a_person(
    demo_world: dict[str, User],
) -> None:
    admin, user = demo_world["admin"], demo_world["counsellor.joensuu"]
    unit = user.active_memberships[0].unit
    memberships, grants = Membership.objects.count(), RoleGrant.objects.count()
    with pytest.raises(actions.GrantRefusedError, match="second person's confirmation"):
        actions.do_add_membership(
            user, unit=unit, role=Role.AUDITOR, is_public_official=True, acting_user=admin
        )
    # nor asked for by oneself
    with pytest.raises(actions.GrantRefusedError, match="nobody may give themselves"):
        actions.do_request_membership(
            admin, unit=unit, role=Role.AUDITOR, is_public_official=True, acting_user=admin
        )
    assert (Membership.objects.count(), RoleGrant.objects.count()) == (memberships, grants)


def test_revoking_every_token_of_a_user_counts_only_the_live_ones(
    demo_world: dict[str, User],
) -> None:
    user = demo_world["counsellor.joensuu"]
    tokens = [
        actions.do_create_token(user, name=f"t{n}", days=30, read_only=False, acting_user=user)[0]
        for n in range(3)
    ]
    actions.do_revoke_token(tokens[0], acting_user=user, reason="lost")
    assert actions.do_revoke_tokens(user, acting_user=user, reason="password reset") == 2
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    reasons: dict[Any, str] = dict(
        ChangeEvent.objects.filter(
            subject_type="api_token", action=ChangeEvent.Action.REVOKE
        ).values_list("subject_id", "reason")
    )
    assert reasons == {
        str(tokens[0].pk): "lost",
        str(tokens[1].pk): "password reset",
        str(tokens[2].pk): "password reset",
    }
    assert actions.do_revoke_tokens(user, acting_user=user, reason="again") == 0


def test_a_grant_is_decided_once_and_never_by_the_asker_nor_the_one_who_gets_it(
    demo_world: dict[str, User],
) -> None:
    admin, user = demo_world["admin"], demo_world["counsellor.joensuu"]
    manager = demo_world["manager.joensuu"]
    unit = user.active_memberships[0].unit
    with acting(view="test"):
        grant = actions.do_request_membership(
            user, unit=unit, role=Role.AUDITOR, is_public_official=True, acting_user=admin
        )
    assert isinstance(grant, RoleGrant)
    for person in (admin, user):
        with pytest.raises(actions.GrantRefusedError, match="never the one who asked"):
            actions.do_decide_grant(grant, confirm=True, acting_user=person)
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.PENDING
    assert not Membership.objects.filter(user=user, role=Role.AUDITOR).exists()
    with acting(view="test"):
        actions.do_decide_grant(grant, confirm=True, acting_user=manager)
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.CONFIRMED and grant.membership is not None
    assert grant.membership.role == Role.AUDITOR and grant.membership.unit == unit
    decision = ChangeEvent.objects.get(
        subject_type="role_grant", subject_id=str(grant.pk), action=ChangeEvent.Action.GRANT
    )
    assert decision.changes == {
        "status": ["pending", "confirmed"],
        "decided_by": [None, manager.username],
    }
    with pytest.raises(actions.GrantRefusedError, match="already been decided"):
        actions.do_decide_grant(grant, confirm=False, acting_user=manager)
    grant.refresh_from_db()
    assert grant.status == RoleGrant.Status.CONFIRMED
