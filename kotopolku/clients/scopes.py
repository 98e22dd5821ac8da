"""Object rules of the client register: which clients a user sees, reads the log report of,
and writes the casework of. Registered in `access.registry` (ClientsConfig.ready).

A higher app that makes a client visible to someone by a record of its own (casework: a
wellbeing county's open request) adds its condition through `hooks.extra_visibility`; this
module never imports it.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kotopolku.access.policy import CASEWORK_ROLES, CASEWORK_WRITERS
from kotopolku.access.scopes import (
    PARTIAL_CASE_SUBJECTS,
    employment_municipality_ids,
    reads_whole_case,
    unit_ids,
)
from kotopolku.clients import hooks
from kotopolku.clients.models import (
    Client,
    ClientStatus,
    CounsellorAssignment,
    JobseekerPeriod,
    ResponsibleAuthority,
)
from kotopolku.orgs.models import Membership, Role

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


def _extra_visibility(user: User) -> Q | None:
    """The conditions the apps above add (`hooks.extra_visibility`), or None."""
    found = [q for q in hooks.extra_visibility(user) if q is not None]
    if not found:
        return None
    condition = found[0]
    for q in found[1:]:
        condition |= q
    return condition


def _casework_organisations(user: User) -> set[uuid.UUID]:
    """The organisations where the user holds a casework role (from the memberships the
    request has read already)."""
    return {m.unit.organisation_id for m in user.active_memberships if m.role in CASEWORK_ROLES}


def _stale_assignments_query(user: User) -> QuerySet[CounsellorAssignment]:
    """The user's current assignments in organisations where they no longer hold a casework
    role, as a query (read through the partial index `assignment_open_by_counsellor`)."""
    return CounsellorAssignment.objects.filter(counsellor_id=user.pk, end__isnull=True).exclude(
        unit__organisation_id__in=_casework_organisations(user)
    )


def _stale_assignments(user: User) -> list[uuid.UUID]:
    """The clients the user is still the own counsellor of in an organisation where they no
    longer hold a casework role (few or none; one indexed query, remembered on the user
    object, which lives for one request like `active_memberships`). For the checks of one
    client; the list queries carry the same condition as a subquery."""
    memo: list[uuid.UUID] | None = user.__dict__.get("_stale_assignments")
    if memo is None:
        memo = list(_stale_assignments_query(user).values_list("client_id", flat=True))
        user.__dict__["_stale_assignments"] = memo
    return memo


def own_client_condition(user: User, prefix: str = "") -> Q:
    """The clients the user is the own counsellor of (`prefix` reaches the client from a
    related model, e.g. "client__"), while the user still works in a casework role for the
    organisation they were assigned in: a counsellor who moves to another organisation (or
    whose casework membership ends) no longer sees the old own clients, their referrals or
    their casework; the old organisation's manager assigns a new counsellor.

    The stale assignments are excluded by an uncorrelated subquery (`NOT (id IN (...))`):
    PostgreSQL runs it once per query as a hashed subplan over the partial index
    `assignment_open_by_counsellor`, not once per row. A correlated EXISTS per row raised the
    worklist benchmark's ratio_p50 from 2.74-2.77 to 3.25; reading the stale ids in a query
    of their own cost a round trip per request (docs/performance.md). Not cached across
    requests: a cache keyed by the user's organisations could show a caseload after a move
    back and forth."""
    if not user.has_role(*CASEWORK_ROLES):
        return Q(pk__in=[])
    stale = _stale_assignments_query(user).values("client_id")
    return Q(**{f"{prefix}current_counsellor_id": user.pk}) & ~Q(**{f"{prefix}pk__in": stale})


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
    extra = _extra_visibility(user)
    if extra is not None:
        condition |= extra
    return Client.objects.filter(condition)


def own_clients(user: User) -> QuerySet[Client]:
    """The clients of the user's own caseload: those they are the own counsellor of, and for
    a wellbeing-county worker those with an open request to their county."""
    own = own_client_condition(user)
    extra = _extra_visibility(user)
    return Client.objects.filter(own if extra is None else own | extra)


def may_write_casework(user: User, client: Client) -> bool:
    """Write access to the client's assessment, plan and contacts follows the responsible
    authority: the employment area's workers for a jobseeker, otherwise the municipal
    unit's counsellors and managers (and the client's own counsellor)."""
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
    condition = Q(pk__in=visible_clients(user).values("pk"))
    audit_orgs = {m.unit.organisation_id for m in user.active_memberships if m.role == Role.AUDITOR}
    if audit_orgs:
        condition |= Q(responsible_unit__organisation_id__in=audit_orgs)
    return Client.objects.filter(condition)


def get_client_for_user(
    user: User, client_id: uuid.UUID | str, *, for_log_report: bool = False
) -> Client:
    """Fetch a client the user may see, else 404 (never 403: existence must not leak)."""
    qs = log_report_clients(user) if for_log_report else visible_clients(user)
    client = (
        qs.select_related("municipality", "responsible_unit__organisation", "current_counsellor")
        .filter(pk=client_id)
        .first()
    )
    if client is None:
        raise Http404
    return client


def referable_client(user: User, client_id: uuid.UUID | str) -> Client | None:
    """The client, when the user may refer them (sees them and writes their casework: the
    rule of `referrals.actions.do_create_referral`); None otherwise, never saying which."""
    if not user.has_role(*CASEWORK_WRITERS):
        return None
    client = visible_clients(user).filter(pk=client_id).first()
    if client is None or not may_write_casework(user, client):
        return None
    return client


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
