"""Object-level rules of the offering tray: who may edit, approve and see which entry.

- An entry is *edited* by the users holding a `CATALOG_EDITORS` role in its owner
  organisation (claim-your-listing): nobody edits another organisation's entries.
- An entry's *region* is the set of municipalities it serves (`municipality_codes`), or the
  owner's served municipalities when the entry names none.
- A *coordinator of the entry's region* holds the coordinator role in an organisation that
  serves at least one of those municipalities. Coordinators approve the changes to published
  entries of their region and their own changes apply at once.
- The history of an entry is shown to its editors and to the coordinators of its region.
- An authority's classification of an entry (`forms.AUTHORITY_FIELDS`: the element of the
  integration programme of Act 681/2023 s. 13, "an authority's role" and the authorities'
  column) is kept only for an owner that is an authority (`Organisation.AUTHORITY_KINDS`), by
  its staff (`CATALOG_AUTHORITY_EDITORS`): an NGO partner, or any editor of an NGO, a parish, a
  company..., neither sees nor sets it (issue 15).

`user is None` stands for the system (demo data, import): it may do everything.
Views fetch through `get_*` helpers that answer 404 for anything outside these rules.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.http import Http404

from kotopolku.access import scopes
from kotopolku.access.policy import CATALOG_AUTHORITY_EDITORS, CATALOG_EDITORS
from kotopolku.catalog.models import Service, ServiceRevision
from kotopolku.orgs.models import Municipality, Organisation, Role

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


def editable_organisation_ids(user: User) -> set[uuid.UUID]:
    """The organisations whose entries the user keeps (a CATALOG_EDITORS role there)."""
    found: set[uuid.UUID] = set()
    for role in CATALOG_EDITORS:
        found |= scopes.organisation_ids(user, role=role)
    return found


def editable_organisations(user: User) -> list[Organisation]:
    ids = editable_organisation_ids(user)
    return list(Organisation.objects.filter(id__in=ids, is_active=True).order_by("slug"))


def keeps_authority_fields(user: User | None, owner: Organisation) -> bool:
    """Does the user keep the authority-only classification of the owner's entries?"""
    if owner.kind not in Organisation.AUTHORITY_KINDS:
        return False
    if user is None:
        return True
    return any(owner.pk in scopes.organisation_ids(user, role=r) for r in CATALOG_AUTHORITY_EDITORS)


def coordinated_codes(user: User) -> set[str]:
    """The municipality codes served by the organisations where the user is a coordinator."""
    memo: dict[str, set[str]] = user.__dict__.setdefault("_catalog_memo", {})
    if "coordinated" not in memo:
        orgs = scopes.organisation_ids(user, role=Role.COORDINATOR)
        memo["coordinated"] = (
            set(
                Municipality.objects.filter(organisations__id__in=orgs).values_list(
                    "code", flat=True
                )
            )
            if orgs
            else set()
        )
    return set(memo["coordinated"])


def entry_codes(service: Service) -> set[str]:
    """The municipalities an entry serves: its own list, else its owner's."""
    if service.municipality_codes:
        return set(service.municipality_codes)
    return set(service.owner.serves.values_list("code", flat=True))


def may_edit(user: User | None, service: Service) -> bool:
    if user is None:
        return True
    return service.owner_id in editable_organisation_ids(user)


def may_edit_for(user: User | None, owner: Organisation) -> bool:
    if user is None:
        return True
    return owner.pk in editable_organisation_ids(user)


def coordinates(user: User | None, service: Service) -> bool:
    """Is the user a coordinator of the entry's region (the system counts as one)?"""
    if user is None:
        return True
    codes = coordinated_codes(user)
    return bool(codes) and bool(codes & entry_codes(service))


def may_approve(user: User | None, service: Service) -> bool:
    return coordinates(user, service)


def may_see_entry(user: User | None, service: Service) -> bool:
    """A published entry is public; a draft is seen by its editors and by the coordinators of
    its region. `user` is None for an anonymous visitor here (not the system)."""
    if service.status == Service.Status.PUBLISHED:
        return True
    return user is not None and (may_edit(user, service) or coordinates(user, service))


def may_see_history(user: User, service: Service) -> bool:
    return may_edit(user, service) or coordinates(user, service)


def _fetch(service_id: uuid.UUID | str) -> Service:
    service = Service.objects.select_related("owner").filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


def get_editable_service(user: User, service_id: uuid.UUID | str) -> Service:
    """An entry the user edits, else 404 (never 403: existence must not leak)."""
    service = _fetch(service_id)
    if not may_edit(user, service):
        raise Http404
    return service


def get_history_service(user: User, service_id: uuid.UUID | str) -> Service:
    service = _fetch(service_id)
    if not may_see_history(user, service):
        raise Http404
    return service


def pending_for_coordinator(user: User) -> list[ServiceRevision]:
    """The pending revisions the user may decide, oldest first."""
    if not coordinated_codes(user):
        return []
    pending = (
        ServiceRevision.objects.filter(status=ServiceRevision.Status.PENDING)
        .select_related("service__owner", "proposed_by")
        .order_by("proposed_at")
    )
    return [r for r in pending if may_approve(user, r.service)]


def get_decidable_revision(user: User, revision_id: uuid.UUID | str) -> ServiceRevision:
    revision = (
        ServiceRevision.objects.select_related("service__owner", "proposed_by")
        .filter(pk=revision_id)
        .first()
    )
    if revision is None or not may_approve(user, revision.service):
        raise Http404
    return revision


def workshop_region_codes(user: User) -> set[str]:
    """The region codes of the municipalities the user's organisations serve."""
    return set(
        scopes.served_municipalities(user)
        .filter(region__isnull=False)
        .values_list("region__code", flat=True)
    )
