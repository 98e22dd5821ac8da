"""Object rules of casework records that make or follow client visibility: the open requests
to a wellbeing county and the hand-overs waiting for a user's side. Registered in
`access.registry` (CaseworkConfig.ready); `wellbeing_visibility` is the casework handler of
`clients.hooks.extra_visibility`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from kotopolku.access.scopes import (
    employment_municipality_ids,
    organisation_ids,
    unit_tree,
)
from kotopolku.casework.models import HandOver, HandOverStatus, WellbeingRequest
from kotopolku.clients.models import ResponsibleAuthority
from kotopolku.orgs.models import Role

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client


def _open_requests(user: User) -> QuerySet[Any]:
    """The open multi-professional requests to the counties the user works for as a
    wellbeing-county worker (none for other users)."""
    counties = organisation_ids(user, role=Role.WELLBEING_WORKER)
    if not counties:
        return WellbeingRequest.objects.none()
    return WellbeingRequest.objects.filter(county_id__in=counties, closed_on__isnull=True)


def receiving_hand_overs(user: User) -> QuerySet[Any]:
    """Open hand-overs waiting for the user's side: to the employment area for the workers
    of the areas serving the client's municipality, to the municipality for the counsellors
    and managers of the client's unit (read through the partial index on open ones)."""
    condition = Q()
    areas = employment_municipality_ids(user)
    if areas:
        condition |= Q(
            to_authority=ResponsibleAuthority.EMPLOYMENT_AREA, client__municipality_id__in=areas
        )
    # the unit tree as a subquery of this query unless the request has read it already
    units = unit_tree(user, roles=(Role.COUNSELLOR, Role.UNIT_MANAGER))
    if isinstance(units, RawSQL) or units:
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


def wellbeing_visibility(user: User) -> Q | None:
    """The clients whose multi-professional process the user's county has been asked to join,
    while the request is open (a wellbeing-county worker's clients; None for other users)."""
    if not user.has_role(Role.WELLBEING_WORKER):
        return None
    return Q(Exists(_open_requests(user).filter(client_id=OuterRef("pk"))))
