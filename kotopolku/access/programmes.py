"""Object-level rules of the municipal integration programme: who reads and who writes which
version.

- A programme is *read* by the staff (`PROGRAMME_STAFF`: coordinators, counsellors, unit
  managers, employment and wellbeing workers) of organisations that serve at least one of the
  programme's municipalities, in every status; NGO partners of such organisations read only
  the published version.
- A programme is *written* (edited, submitted, approved, published, versioned) by the
  coordinators of its coordinating organisation, nobody else (least privilege: not system
  administrators either).
- A published programme is public: the public service path reads it without these rules.

The rules take organisation ids and municipality codes, not programme objects (access sits
below the programme app). `user is None` stands for the system (import command, demo data).
Views answer 404 for a programme outside these rules, never 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kotopolku.access import scopes
from kotopolku.access.policy import PROGRAMME_STAFF
from kotopolku.orgs.models import Municipality, Role

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

PUBLISHED = "published"


def _codes_of(organisation_ids: set[uuid.UUID]) -> set[str]:
    if not organisation_ids:
        return set()
    return set(
        Municipality.objects.filter(organisations__id__in=organisation_ids).values_list(
            "code", flat=True
        )
    )


def staff_codes(user: User) -> set[str]:
    """The municipality codes whose programmes the user reads in every status."""
    memo: dict[str, set[str]] = user.__dict__.setdefault("_programme_memo", {})
    if "staff" not in memo:
        orgs: set[uuid.UUID] = set()
        for role in PROGRAMME_STAFF:
            orgs |= scopes.organisation_ids(user, role=role)
        memo["staff"] = _codes_of(orgs)
    return set(memo["staff"])


def partner_codes(user: User) -> set[str]:
    """The municipality codes whose published programmes the user reads as an NGO partner."""
    memo: dict[str, set[str]] = user.__dict__.setdefault("_programme_memo", {})
    if "partner" not in memo:
        memo["partner"] = _codes_of(scopes.organisation_ids(user, role=Role.NGO_PARTNER))
    return set(memo["partner"])


def coordinating_organisation_ids(user: User) -> set[uuid.UUID]:
    """The organisations whose programmes the user writes (a coordinator there)."""
    return scopes.organisation_ids(user, role=Role.COORDINATOR)


def may_read(
    user: User | None,
    *,
    organisation_id: uuid.UUID,
    municipality_codes: Iterable[str],
    status: str,
) -> bool:
    """May the user read a programme version of these municipalities in this status?"""
    if user is None:
        return True
    codes = set(municipality_codes)
    if organisation_id in coordinating_organisation_ids(user):
        return True
    if staff_codes(user) & codes:
        return True
    return status == PUBLISHED and bool(partner_codes(user) & codes)


def may_write(user: User | None, *, organisation_id: uuid.UUID) -> bool:
    """May the user edit, submit, approve, publish and version the organisation's programmes?"""
    if user is None:
        return True
    return organisation_id in coordinating_organisation_ids(user)


def may_create(user: User | None, *, organisation_id: uuid.UUID) -> bool:
    """May the user start a programme coordinated by this organisation?"""
    return may_write(user, organisation_id=organisation_id)
