"""Object-level visibility: which organisations, units and log rows a user may see.

Views and API handlers fetch through these helpers; an object outside the result answers
404, never 403, so that existence does not leak.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from kotopolku.access.policy import CASEWORK_ROLES, CASEWORK_WRITERS
from kotopolku.orgs.models import Membership, Municipality, Organisation, Role, Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client


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


def colleagues(user: User) -> QuerySet[User]:
    """Active users with a membership in one of the user's organisations (the people who may
    be named in the user's records, e.g. as the interviewer of an assessment)."""
    from kotopolku.accounts.models import User

    return User.objects.filter(
        is_active=True, memberships__unit__organisation_id__in=organisation_ids(user)
    ).distinct()


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


def employment_municipality_ids(user: User) -> list[int]:
    orgs = organisation_ids(user, role=Role.EMPLOYMENT_WORKER)
    if not orgs:
        return []
    return list(
        Municipality.objects.filter(organisations__id__in=orgs).values_list("id", flat=True)
    )


def default_casework_unit(user: User) -> Unit | None:
    """The unit a client the user registers belongs to: their first casework unit."""
    return next((m.unit for m in user.active_memberships if m.role in CASEWORK_ROLES), None)


def _open_requests(user: User) -> QuerySet[Any]:
    """The open multi-professional requests to the counties the user works for as a
    wellbeing-county worker (none for other users)."""
    from kotopolku.casework.models import WellbeingRequest

    counties = organisation_ids(user, role=Role.WELLBEING_WORKER)
    if not counties:
        return WellbeingRequest.objects.none()
    return WellbeingRequest.objects.filter(county_id__in=counties, closed_on__isnull=True)


def _stale_assignments(user: User) -> list[uuid.UUID]:
    """The clients the user is still the own counsellor of in an organisation where they no
    longer hold a casework role (few or none; one indexed query, remembered on the user
    object, which lives for one request like `active_memberships`)."""
    from kotopolku.clients.models import CounsellorAssignment

    memo: list[uuid.UUID] | None = user.__dict__.get("_stale_assignments")
    if memo is None:
        orgs = {m.unit.organisation_id for m in user.active_memberships if m.role in CASEWORK_ROLES}
        memo = list(
            CounsellorAssignment.objects.filter(counsellor_id=user.pk, end__isnull=True)
            .exclude(unit__organisation_id__in=orgs)
            .values_list("client_id", flat=True)
        )
        user.__dict__["_stale_assignments"] = memo
    return memo


def own_client_condition(user: User, prefix: str = "") -> Q:
    """The clients the user is the own counsellor of (`prefix` reaches the client from a
    related model, e.g. "client__"), while the user still works in a casework role for the
    organisation they were assigned in: a counsellor who moves to another organisation (or
    whose casework membership ends) no longer sees the old own clients, their referrals or
    their casework; the old organisation's manager assigns a new counsellor.

    The stale assignments are excluded by id, which keeps the caseload queries as they were:
    a correlated EXISTS per row raised the worklist benchmark's ratio_p50 from 2.74-2.77 to
    3.25; this costs 2.87-2.93 (docs/performance.md). Not cached across requests: a cache
    keyed by the user's organisations could show a caseload after a move back and forth."""
    if not user.has_role(*CASEWORK_ROLES):
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}current_counsellor_id": user.pk})
    stale = _stale_assignments(user)
    return condition & ~Q(**{f"{prefix}pk__in": stale}) if stale else condition


def is_own_client(user: User, client: Client) -> bool:
    """`own_client_condition` for one client."""
    return (
        client.current_counsellor_id == user.pk
        and user.has_role(*CASEWORK_ROLES)
        and client.pk not in _stale_assignments(user)
    )


def held_own_assignments(day: datetime.date) -> QuerySet[Any]:
    """`own_client_condition` for every counsellor at once, for grouped queries (the daily
    reminders): the current assignments whose counsellor holds a casework role on `day` in
    the organisation of the assignment's unit."""
    from kotopolku.clients.models import CounsellorAssignment

    held = Membership.objects.active(day).filter(
        user_id=OuterRef("counsellor_id"),
        role__in=CASEWORK_ROLES,
        unit__organisation_id=OuterRef("unit__organisation_id"),
    )
    return CounsellorAssignment.objects.filter(end__isnull=True).filter(Exists(held))


def visible_clients(user: User) -> QuerySet[Client]:
    """Clients a caseworker may read: those of their units (and sub-units) and their own
    clients; for employment-area workers the jobseekers of the area they serve and every
    client of the area who has been a jobseeker (the history stays readable after a
    hand-over back); for wellbeing-county workers the clients whose multi-professional
    process their county has been asked to join, while it is open."""
    from kotopolku.clients.models import Client, JobseekerPeriod, ResponsibleAuthority

    if not user.has_role(*CASEWORK_ROLES):
        return Client.objects.none()
    condition = own_client_condition(user)
    units = unit_ids(user, roles=CASEWORK_ROLES)
    if units:
        condition |= Q(responsible_unit_id__in=units)
    employment = employment_municipality_ids(user)
    if employment:
        condition |= Q(municipality_id__in=employment) & (
            Q(responsible_authority=ResponsibleAuthority.EMPLOYMENT_AREA)
            | Q(Exists(JobseekerPeriod.objects.filter(client_id=OuterRef("pk"))))
        )
    if user.has_role(Role.WELLBEING_WORKER):
        condition |= Q(Exists(_open_requests(user).filter(client_id=OuterRef("pk"))))
    return Client.objects.filter(condition)


def own_clients(user: User) -> QuerySet[Client]:
    """The clients of the user's own caseload: those they are the own counsellor of, and for
    a wellbeing-county worker those with an open request to their county."""
    from kotopolku.clients.models import Client

    own = own_client_condition(user)
    if not user.has_role(Role.WELLBEING_WORKER):
        return Client.objects.filter(own)
    requested = _open_requests(user).filter(client_id=OuterRef("pk"))
    return Client.objects.filter(own | Q(Exists(requested)))


def receiving_hand_overs(user: User) -> QuerySet[Any]:
    """Open hand-overs waiting for the user's side: to the employment area for the workers
    of the areas serving the client's municipality, to the municipality for the counsellors
    and managers of the client's unit (read through the partial index on open ones)."""
    from kotopolku.casework.models import HandOver, HandOverStatus
    from kotopolku.clients.models import ResponsibleAuthority

    condition = Q()
    areas = employment_municipality_ids(user)
    if areas:
        condition |= Q(
            to_authority=ResponsibleAuthority.EMPLOYMENT_AREA, client__municipality_id__in=areas
        )
    units = unit_ids(user, roles=(Role.COUNSELLOR, Role.UNIT_MANAGER))
    if units:
        condition |= Q(
            to_authority=ResponsibleAuthority.MUNICIPALITY, client__responsible_unit_id__in=units
        )
    if not condition:
        return HandOver.objects.none()
    return HandOver.objects.filter(
        condition, status=HandOverStatus.OPEN, client__responsible_authority=F("to_authority")
    )


def open_wellbeing_requests(user: User, client: Client) -> QuerySet[Any]:
    """The open multi-professional requests of the client to the user's county."""
    return _open_requests(user).filter(client=client)


def may_write_casework(user: User, client: Client) -> bool:
    """Write access to the client's assessment, plan and contacts follows the responsible
    authority: the employment area's workers for a jobseeker, otherwise the municipal
    unit's counsellors and managers (and the client's own counsellor)."""
    from kotopolku.clients.models import ClientStatus, ResponsibleAuthority

    if client.status != ClientStatus.ACTIVE:
        return False
    if client.responsible_authority == ResponsibleAuthority.EMPLOYMENT_AREA:
        return client.municipality_id in employment_municipality_ids(user)
    writers = (Role.COUNSELLOR, Role.UNIT_MANAGER)
    if user.has_role(*writers) and is_own_client(user, client):
        return True
    return client.responsible_unit_id in unit_ids(user, roles=writers)


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


def change_values_readable(user: User, events: list[Any]) -> set[Any]:
    """The change events (of `events`) whose old and new values the user may see in a log
    report: a change of a client's record only where the user reads that record on the
    client's own pages (the client is visible to them, and the record is of the part of the
    case they read); a change without a client (staff accounts, organisations, the tray)
    where the report itself is open to them. Everyone else sees who, when, which record and
    which fields, never the values."""
    client_ids = {e.client_id for e in events if e.client_id is not None}
    visible = (
        set(visible_clients(user).filter(pk__in=client_ids).values_list("pk", flat=True))
        if client_ids
        else set()
    )
    whole = reads_whole_case(user)
    readable = set()
    for event in events:
        if event.client_id is None or (
            event.client_id in visible and (whole or event.subject_type in PARTIAL_CASE_SUBJECTS)
        ):
            readable.add(event.pk)
    return readable


# --- Role grants ----------------------------------------------------------------------------------


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
    from kotopolku.accounts.models import RoleGrant

    pending = RoleGrant.objects.filter(status=RoleGrant.Status.PENDING).exclude(
        Q(requested_by_id=user.pk) | Q(user_id=user.pk)
    )
    if user.has_role(Role.SYSTEM_ADMIN):
        return pending
    return pending.filter(unit_id__in=unit_ids(user, roles=(Role.UNIT_MANAGER,)))
