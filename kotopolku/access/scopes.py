"""Object-level visibility: which organisations, units and log rows a user may see.

Views and API handlers fetch through these helpers; an object outside the result answers
404, never 403, so that existence does not leak.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from kotopolku.orgs.models import Municipality, Organisation, Role, Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


def organisation_ids(user: User) -> set[uuid.UUID]:
    """The organisations the user has an active membership in."""
    return {m.unit.organisation_id for m in user.active_memberships}


def unit_ids(user: User, *, roles: tuple[str, ...] | None = None) -> set[uuid.UUID]:
    """The user's units (optionally only those where they hold one of `roles`) and sub-units."""
    direct = {m.unit_id for m in user.active_memberships if roles is None or m.role in roles}
    found = set(direct)
    frontier = set(direct)
    while frontier:
        children = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - found
        found |= children
    return found


def served_municipalities(user: User) -> QuerySet[Municipality]:
    """The municipalities served by the user's organisations."""
    return Municipality.objects.filter(organisations__id__in=organisation_ids(user)).distinct()


def visible_organisations(user: User) -> QuerySet[Organisation]:
    """System admins see every organisation; others see those serving their region."""
    if user.has_role(Role.SYSTEM_ADMIN):
        return Organisation.objects.all()
    own = organisation_ids(user)
    return Organisation.objects.filter(
        Q(id__in=own) | Q(serves__in=served_municipalities(user))
    ).distinct()
