"""Writing an imported document into a new draft programme of a municipality, and
choosing the organisation that coordinates it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from kotopolku.access import scopes
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.actions import do_create_programme, do_save_document
from kotopolku.programme.document import Document
from kotopolku.programme.importing.common import Imported
from kotopolku.programme.importing.matching import normalise

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.programme.models import Programme

# --- Into the database ---------------------------------------------------------------------------

# The organisations that coordinate a municipality's programme, in order of preference: its own
# integration service, else the regional integration centre serving it.
COORDINATING_KINDS = (Organisation.Kind.MUNICIPAL_SERVICE, Organisation.Kind.REGIONAL_CENTRE)


def coordinating_organisations(municipality: Municipality) -> list[Organisation]:
    """The organisations that may coordinate the municipality's programme, best first: active
    municipal integration services (else regional integration centres) serving it, and among
    them those that have coordinators (a tray import also files a town's library or youth
    services as municipal services; they have no coordinators)."""
    found = list(
        Organisation.objects.filter(
            is_active=True, kind__in=COORDINATING_KINDS, serves__code=municipality.code
        )
        .distinct()
        .order_by("slug")
    )
    staffed = set(
        scopes.coordinator_memberships(found).values_list("unit__organisation_id", flat=True)
    )
    pool = [o for o in found if o.pk in staffed] or found
    for kind in COORDINATING_KINDS:
        of_kind = [o for o in pool if o.kind == kind]
        if of_kind:
            return of_kind
    return []


@transaction.atomic
def import_draft(
    imported: Imported,
    *,
    organisation: Organisation,
    municipality: Municipality,
    acting_user: User | None,
    source_name: str = "",
) -> Programme:
    """Create a draft programme of the municipality from an imported document, all or
    nothing (`do_create_programme`, then `do_save_document`; each logs its change)."""
    document = imported.document
    programme = do_create_programme(
        organisation=organisation,
        municipalities=[municipality],
        language=document.language,
        title=document.title,
        acting_user=acting_user,
    )
    return do_save_document(programme, document, acting_user=acting_user, source_name=source_name)


def names_the_municipality(document: Document, municipality: Municipality) -> bool:
    """Does the document name the municipality (or name none at all)?"""
    if not document.municipalities:
        return True
    names = {normalise(municipality.name_fi), normalise(municipality.name_sv)}
    return any(normalise(n) in names for n in document.municipalities)
