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
    from kotopolku.clients.models import Client


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


# --- Clients ------------------------------------------------------------------------------------

CASEWORK_ROLES = (Role.COUNSELLOR, Role.UNIT_MANAGER, Role.EMPLOYMENT_WORKER, Role.WELLBEING_WORKER)


def _employment_municipality_ids(user: User) -> list[int]:
    orgs = {
        m.unit.organisation_id for m in user.active_memberships if m.role == Role.EMPLOYMENT_WORKER
    }
    if not orgs:
        return []
    return list(
        Municipality.objects.filter(organisations__id__in=orgs).values_list("id", flat=True)
    )


def default_casework_unit(user: User) -> Unit | None:
    """The unit a client the user registers belongs to: their first casework unit."""
    return next((m.unit for m in user.active_memberships if m.role in CASEWORK_ROLES), None)


def visible_clients(user: User) -> QuerySet[Client]:
    """Clients a caseworker may read and write: those of their units (and sub-units), their
    own clients, and for employment-area workers the jobseekers of the area they serve."""
    from kotopolku.clients.models import Client, ResponsibleAuthority

    if not user.has_role(*CASEWORK_ROLES):
        return Client.objects.none()
    condition = Q(current_counsellor_id=user.pk)
    units = unit_ids(user, roles=CASEWORK_ROLES)
    if units:
        condition |= Q(responsible_unit_id__in=units)
    employment = _employment_municipality_ids(user)
    if employment:
        condition |= Q(
            responsible_authority=ResponsibleAuthority.EMPLOYMENT_AREA,
            municipality_id__in=employment,
        )
    return Client.objects.filter(condition)


def log_report_clients(user: User) -> QuerySet[Client]:
    """Clients whose access-log report the user may read: caseworkers' own clients, and for
    auditors the clients of their organisations' units."""
    from kotopolku.clients.models import Client

    condition = Q(pk__in=visible_clients(user).values("pk"))
    audit_orgs = {m.unit.organisation_id for m in user.active_memberships if m.role == Role.AUDITOR}
    if audit_orgs:
        condition |= Q(responsible_unit__organisation_id__in=audit_orgs)
    return Client.objects.filter(condition)


def get_client_for_user(
    user: User, client_id: uuid.UUID | str, *, for_log_report: bool = False
) -> Client:
    """Fetch a client the user may see, else 404 (never 403: existence must not leak)."""
    from django.http import Http404

    qs = log_report_clients(user) if for_log_report else visible_clients(user)
    client = (
        qs.select_related("municipality", "responsible_unit__organisation", "current_counsellor")
        .filter(pk=client_id)
        .first()
    )
    if client is None:
        raise Http404
    return client
