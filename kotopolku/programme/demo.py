"""Demo data of the programme app: Kokkola's programme document, imported as a draft
(demo mode only).

The document is the Kokkola seed (`data/kokkola-2024.txt`, see data/SOURCES.md), read by the
importer as a coordinator would upload it. Idempotent: nothing is made when Kokkola already
has a programme imported from it, or when the demo organisation or municipality is missing.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from kotopolku.access import programmes as permissions
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.importing.drafts import import_draft
from kotopolku.programme.importing.text import read_file
from kotopolku.programme.models import Programme

KOKKOLA_DOCUMENT = Path(__file__).with_name("data") / "kokkola-2024.txt"
KOKKOLA_CODE = "272"
KOKKOLA_ORGANISATION = "kokkola-kotoutumispalvelut"
KOKKOLA_COORDINATOR = "coordinator.kokkola"


@transaction.atomic
def load() -> Programme | None:
    """Import Kokkola's document as a draft programme unless it was imported already."""
    source = KOKKOLA_DOCUMENT.name
    if Programme.objects.filter(municipalities__code=KOKKOLA_CODE, source_name=source).exists():
        return None
    municipality = Municipality.objects.valid_on().filter(code=KOKKOLA_CODE).first()
    organisation = Organisation.objects.filter(slug=KOKKOLA_ORGANISATION).first()
    if municipality is None or organisation is None:
        return None
    coordinator = User.objects.filter(username=KOKKOLA_COORDINATOR, is_active=True).first()
    if coordinator is not None and not permissions.may_create(
        coordinator, organisation_id=organisation.pk
    ):
        coordinator = None  # the system imports it then
    imported = read_file(KOKKOLA_DOCUMENT)
    with acting(view="demo:programme", user=coordinator):
        return import_draft(
            imported,
            organisation=organisation,
            municipality=municipality,
            acting_user=coordinator,
            source_name=source,
        )
