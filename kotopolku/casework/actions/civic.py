"""Multilingual civic orientation offered to a kotoutuja-asiakas (Act 681/2023 s. 25)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from kotopolku.casework.actions.common import Errors, create_logged, update_logged
from kotopolku.casework.actions.deadlines import refresh_deadlines
from kotopolku.casework.models import CivicOrientationOffer, CivicOrientationTaken
from kotopolku.clients.models import Client
from kotopolku.core import languages

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

CIVIC_FIELDS = ("offered_on", "language", "taken", "note")


def _check(values: dict[str, Any]) -> None:
    errors = Errors()
    offered_on = values.get("offered_on")
    if offered_on is None:
        errors.add("offered_on", "Give the day the orientation was offered.")
    elif offered_on > timezone.localdate():
        errors.add("offered_on", "The date is in the future.")
    if not languages.is_valid_code(values.get("language") or ""):
        errors.add("language", "Unknown language code.")
    if values.get("taken", "") not in CivicOrientationTaken.values:
        errors.add("taken", "Unknown value.")
    if len(values.get("note", "")) > 300:
        errors.add("note", "At most 300 characters.")
    errors.raise_if_any()


@transaction.atomic
def do_record_civic_orientation(
    client: Client, values: dict[str, Any], *, acting_user: User
) -> CivicOrientationOffer:
    """Record that civic orientation was offered (and, when known, whether it was taken)."""
    values = {"taken": "", "note": "", **values}
    _check(values)
    offer = CivicOrientationOffer(client=client, recorded_by=acting_user)
    create_logged(
        offer,
        "civic_orientation",
        CIVIC_FIELDS,
        values,
        client_id=client.pk,
        acting_user=acting_user,
    )
    refresh_deadlines(client)
    return offer


@transaction.atomic
def do_update_civic_orientation(
    offer: CivicOrientationOffer, values: dict[str, Any], *, acting_user: User
) -> dict[str, Any]:
    """Correct an offer or record whether the client took part."""
    merged = {name: getattr(offer, name) for name in CIVIC_FIELDS} | values
    _check(merged)
    return update_logged(
        offer,
        "civic_orientation",
        CIVIC_FIELDS,
        merged,
        client_id=offer.client_id,
        acting_user=acting_user,
    )
