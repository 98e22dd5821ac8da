"""Who may read a municipal integration programme (issue 17), as questions on organisations
and municipality codes (access sits below `programme` and does not import it).

Staff of the organisations that serve one of a programme's municipalities read every
version of it (coordinators, counsellors, unit managers, employment-area and wellbeing-county
workers); NGO partners read only published versions (a published programme is public
anyway). System administrators and auditors get no programme by their role (least privilege).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from kotopolku.access import scopes
from kotopolku.orgs.models import Municipality, Role

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

# Roles that read every version of the programmes of their municipalities.
STAFF_READERS = (
    Role.COORDINATOR,
    Role.COUNSELLOR,
    Role.UNIT_MANAGER,
    Role.EMPLOYMENT_WORKER,
    Role.WELLBEING_WORKER,
)
# Roles that read only published versions.
PUBLISHED_READERS = (Role.NGO_PARTNER,)


def _served_codes(user: User, roles: tuple[str, ...]) -> set[str]:
    org_ids: set[uuid.UUID] = set()
    for role in roles:
        org_ids |= scopes.organisation_ids(user, role=role)
    if not org_ids:
        return set()
    return set(
        Municipality.objects.filter(organisations__id__in=org_ids).values_list("code", flat=True)
    )


def reader_codes(user: User) -> tuple[set[str], set[str]]:
    """(codes whose programmes the user reads in every status, codes whose programmes the
    user reads only when published)."""
    staff = _served_codes(user, STAFF_READERS)
    published = _served_codes(user, PUBLISHED_READERS) - staff
    return staff, published


def may_read_programme(user: User, *, municipality_codes: set[str], published: bool) -> bool:
    """May the user read a programme of these municipalities (in this status)?"""
    staff, published_only = reader_codes(user)
    if staff & municipality_codes:
        return True
    return published and bool(published_only & municipality_codes)
