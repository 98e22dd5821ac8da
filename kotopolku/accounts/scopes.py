"""Object rules of staff accounts: the colleagues a user may name in records, and the role
grants a user may confirm. Registered in `access.registry` (AccountsConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kotopolku.access.scopes import organisation_ids, unit_ids
from kotopolku.accounts.models import RoleGrant, User
from kotopolku.orgs.models import Role


def colleagues(user: User) -> QuerySet[User]:
    """Active users with a membership in one of the user's organisations (the people who may
    be named in the user's records, e.g. as the interviewer of an assessment)."""
    return User.objects.filter(
        is_active=True, memberships__unit__organisation_id__in=organisation_ids(user)
    ).distinct()


def may_confirm_grant(user: User, grant: Any) -> bool:
    """A role that reads client data needs a second person: a unit manager of the grant's
    unit (or of a unit above it), or a system administrator, who is neither the one who
    asked for it nor the user who gets it."""
    if user.pk in (grant.requested_by_id, grant.user_id):
        return False
    if user.has_role(Role.SYSTEM_ADMIN):
        return True
    return grant.unit_id in unit_ids(user, roles=(Role.UNIT_MANAGER,))


def grants_to_confirm(user: User) -> QuerySet[Any]:
    """The pending grants the user may confirm or refuse."""
    pending = RoleGrant.objects.filter(status=RoleGrant.Status.PENDING).exclude(
        Q(requested_by_id=user.pk) | Q(user_id=user.pk)
    )
    if user.has_role(Role.SYSTEM_ADMIN):
        return pending
    return pending.filter(unit_id__in=unit_ids(user, roles=(Role.UNIT_MANAGER,)))
