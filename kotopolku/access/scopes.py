"""Object-level visibility: which organisations, units and log rows a user may see.

Views and API handlers fetch through these helpers; an object outside the result answers
404, never 403, so that existence does not leak.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from kotopolku.access.policy import (
    ASSIGNABLE_COUNSELLOR_ROLES,
    CASEWORK_ROLES,
    CASEWORK_WRITERS,
    CATALOG_EDITORS,
    CATALOG_FIRST_REMINDED,
    CLIENT_DATA_ROLES,
    OWN_CLIENT_ROLES,
    REFERRERS,
)
from kotopolku.orgs.models import Membership, Municipality, Organisation, Role, Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


def organisation_ids(user: User, *, role: str | None = None) -> set[uuid.UUID]:
    """The organisations the user has an active membership in (with `role`, if given)."""
    return {
        m.unit.organisation_id for m in user.active_memberships if role is None or m.role == role
    }


def unit_ids(user: User, *, roles: tuple[str, ...] | None = None) -> set[uuid.UUID]:
    """The user's units (optionally only those where they hold one of `roles`) and sub-units.
    Remembered on the user object, which lives for one request (like `active_memberships`)."""
    direct = frozenset(
        m.unit_id for m in user.active_memberships if roles is None or m.role in roles
    )
    memo: dict[frozenset[uuid.UUID], set[uuid.UUID]] = user.__dict__.setdefault(
        "_unit_ids_memo", {}
    )
    if direct not in memo:
        found = set(direct)
        frontier = set(direct)
        while frontier:
            children = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            frontier = children - found
            found |= children
        memo[direct] = found
    return set(memo[direct])


def unit_tree(user: User, *, roles: tuple[str, ...]) -> set[uuid.UUID] | RawSQL:
    """`unit_ids(user, roles=roles)` for a `__in` lookup: the set when this request has read
    it already, else the same units and sub-units as a recursive subquery (`WITH RECURSIVE`,
    PostgreSQL and SQLite) of the query that uses it, so that the tree costs no query of its
    own. Empty (a set) when the user holds none of `roles`."""
    direct = frozenset(m.unit_id for m in user.active_memberships if m.role in roles)
    memo = user.__dict__.get("_unit_ids_memo", {})
    if not direct or direct in memo:
        return set(memo.get(direct, ()))
    table = connection.ops.quote_name(Unit._meta.db_table)
    parent = connection.ops.quote_name(Unit._meta.get_field("parent").column)
    pk = Unit._meta.pk
    assert pk is not None
    ids = [pk.get_db_prep_value(unit, connection) for unit in sorted(direct)]
    marks = ", ".join(["%s"] * len(ids))
    # names from the model, values as parameters
    sql = (
        f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id IN ({marks}) "  # noqa: S608
        f"UNION SELECT u.id FROM {table} u JOIN tree ON u.{parent} = tree.id) "
        "SELECT id FROM tree"
    )
    return RawSQL(sql, ids)  # noqa: S611 (the SQL above: no text of the request in it)


def managed_unit_ids(user: User) -> set[uuid.UUID]:
    """The units the user manages (a unit manager there) and their sub-units."""
    return unit_ids(user, roles=(Role.UNIT_MANAGER,))


def casework_unit_ids(user: User) -> set[uuid.UUID]:
    """The units where the user does casework (a `CASEWORK_ROLES` role) and their sub-units."""
    return unit_ids(user, roles=CASEWORK_ROLES)


def served_municipalities(user: User) -> QuerySet[Municipality]:
    """The municipalities served by the user's organisations."""
    return Municipality.objects.filter(organisations__id__in=organisation_ids(user)).distinct()


def home_region_ids(user: User) -> set[int]:
    """The regions (maakunta) of the municipalities the user's organisations serve: a
    municipality picker offers theirs first."""
    return set(served_municipalities(user).values_list("region_id", flat=True))


# --- Role questions the apps' pages and actions ask (issue 13: they are answered here) --------------


def is_system_admin(user: User) -> bool:
    """Administers the installation (organisations, units, users)."""
    return user.has_role(Role.SYSTEM_ADMIN)


def is_unit_manager(user: User) -> bool:
    """Manages a unit (its caseload, household records, role confirmations)."""
    return user.has_role(Role.UNIT_MANAGER)


def is_auditor(user: User) -> bool:
    """Reads the logs and grants of their organisations."""
    return user.has_role(Role.AUDITOR)


def auditor_organisation_ids(user: User) -> set[uuid.UUID]:
    """The organisations where the user is an auditor (whose logs and grants they read)."""
    return organisation_ids(user, role=Role.AUDITOR)


def works_cases(user: User) -> bool:
    """Works with client cases (a `CASEWORK_ROLES` role)."""
    return user.has_role(*CASEWORK_ROLES)


def may_refer(user: User) -> bool:
    """Refers clients to services (a `REFERRERS` role)."""
    return user.has_role(*REFERRERS)


def has_own_clients(user: User) -> bool:
    """Has clients of their own (`OWN_CLIENT_ROLES`): a client they register is theirs."""
    return user.has_role(*OWN_CLIENT_ROLES)


def reads_client_data(role: str) -> bool:
    """A role that reads client data (`CLIENT_DATA_ROLES`): giving it needs a second person."""
    return role in CLIENT_DATA_ROLES


def casework_units(user: User) -> list[Unit]:
    """The units of the user's casework memberships, in membership order."""
    return [m.unit for m in user.active_memberships if m.role in CASEWORK_ROLES]


# --- Who holds a role (the people a page offers or a message goes to) ------------------------


def catalog_editor_memberships(organisations: Iterable[Any]) -> QuerySet[Membership]:
    """The active memberships that keep the tray entries of `organisations` (ids or objects)."""
    return Membership.objects.active().filter(
        unit__organisation__in=list(organisations), role__in=CATALOG_EDITORS
    )


def is_first_reminded(membership: Membership) -> bool:
    """Does this tray editor get the review reminder first (`CATALOG_FIRST_REMINDED`)."""
    return membership.role in CATALOG_FIRST_REMINDED


def wellbeing_worker_memberships(organisations: Iterable[Any]) -> QuerySet[Membership]:
    """The active wellbeing-worker memberships in `organisations` (the counties asked)."""
    return Membership.objects.active().filter(
        unit__organisation__in=list(organisations), role=Role.WELLBEING_WORKER
    )


def coordinator_memberships(organisations: Iterable[Any]) -> QuerySet[Membership]:
    """The active coordinator memberships in `organisations`."""
    return Membership.objects.active().filter(
        unit__organisation__in=list(organisations), role=Role.COORDINATOR
    )


def counsellor_memberships(units: Iterable[Any]) -> QuerySet[Membership]:
    """The active memberships in `units` whose holders may be a client's counsellor."""
    return Membership.objects.active().filter(
        unit_id__in=list(units), role__in=ASSIGNABLE_COUNSELLOR_ROLES
    )


def visible_organisations(user: User) -> QuerySet[Organisation]:
    """System admins see every organisation; others see those serving their region."""
    if is_system_admin(user):
        return Organisation.objects.all()
    own = organisation_ids(user)
    return Organisation.objects.filter(
        Q(id__in=own) | Q(serves__in=served_municipalities(user))
    ).distinct()


# --- Clients ------------------------------------------------------------------------------------


def employment_municipality_ids(user: User) -> list[int]:
    """The municipalities of the user's employment areas. Remembered on the user object for
    the request (like `unit_ids`): a list of clients asks it once per employment-area client."""
    orgs = organisation_ids(user, role=Role.EMPLOYMENT_WORKER)
    if not orgs:
        return []
    key = frozenset(orgs)
    memo: dict[frozenset[Any], list[int]] = user.__dict__.setdefault(
        "_employment_municipality_ids", {}
    )
    if key not in memo:
        memo[key] = list(
            Municipality.objects.filter(organisations__id__in=orgs).values_list("id", flat=True)
        )
    return memo[key]


def default_casework_unit(user: User) -> Unit | None:
    """The unit a client the user registers belongs to: their first casework unit."""
    return next(iter(casework_units(user)), None)


# --- What of a client's case a reader sees ------------------------------------------------------

# The records a caseworker who does not work the whole case (a wellbeing-county worker, while
# their county's request is open) reads on the client's pages: the register facts, the
# jobseeker periods and household, the assessment and the plan. Contacts, consents,
# hand-overs, referrals and the counties' requests are for those who work the whole case.
PARTIAL_CASE_SUBJECTS = frozenset(
    {
        "client",
        "jobseeker_period",
        "household_member",
        "assessment",
        "language_level",
        "plan",
        "goal",
        "planned_service",
        "review",
    }
)


def reads_whole_case(user: User) -> bool:
    """Works the whole case of the clients they see (the client page's contacts, consents,
    hand-overs and referrals): counsellors, unit managers and employment-area workers."""
    return user.has_role(*CASEWORK_WRITERS)


def auditor_events(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    """The access- and change-log rows an auditor reads: those of actors acting in the
    auditor's own organisations (registered in `audit.queries`; nobody else reads them)."""
    if not is_auditor(user):
        return qs.none()
    return qs.filter(organisation_id__in=auditor_organisation_ids(user))
