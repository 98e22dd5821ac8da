"""Guidance and counselling contacts, and anonymous walk-in visits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.casework import rules
from kotopolku.casework.models import (
    Contact,
)
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

from kotopolku.casework.actions.common import (
    A,
    Errors,
    RuleViolationError,
)

CONTACT_FIELDS = (
    "day",
    "channel",
    "language",
    "interpreter_used",
    "interpreter_needed",
    "topics",
    "minutes",
    "note",
    "visitors",
    "interpreter_booked",
    "missed",
    "cancelled",
    "fee_charged",
)


@transaction.atomic
def do_record_contact(
    client: Client | None, values: dict[str, Any], *, unit: Unit, acting_user: User
) -> Contact:
    """A guidance contact with a client, or an anonymous walk-in visit (client None)."""
    errors = Errors()
    if client is not None and values.get("visitors", 1) != 1:
        errors.add("visitors", "A contact with a client is one visit.")
    if client is None and values.get("note"):
        errors.add("note", "An anonymous visit has no note (it would identify the visitor).")
    if values.get("cancelled") and not values.get("missed"):
        errors.add("cancelled", "Only a missed appointment can have been cancelled.")
    if values.get("missed") and values.get("channel") == "walk_in":
        errors.add("missed", "A walk-in visit cannot be missed.")
    if values.get("interpreter_booked") and values.get("channel") == "walk_in":
        errors.add("interpreter_booked", "An interpreter is not booked for a walk-in visit.")
    errors.raise_if_any()
    violations = rules.check_missed_appointment_fee(
        day=values["day"],
        fee_charged=bool(values.get("fee_charged")),
        interpreter_booked=bool(values.get("interpreter_booked")),
        missed=bool(values.get("missed")),
        cancelled=bool(values.get("cancelled")),
    )
    if violations:
        raise RuleViolationError(violations)
    contact = Contact(client=client, unit=unit, recorded_by=acting_user)
    for name in CONTACT_FIELDS:
        if name in values:
            setattr(contact, name, values[name])
    contact.save()
    record_change(
        "contact",
        contact.pk,
        A.CREATE,
        diff({}, snapshot(contact, CONTACT_FIELDS)),
        client_id=client.pk if client else None,
        actor=acting_user,
    )
    return contact


def interpreting_gaps(client: Client) -> dict[str, Any]:
    """Over all the client's contacts, in one aggregate query: how many needed an
    interpreter that was not used (an appointment the client missed is not counted) and the
    latest such day, for the client page's warning."""
    from django.db.models import Count, Max

    return Contact.objects.filter(
        client=client, interpreter_needed=True, interpreter_used=False, missed=False
    ).aggregate(count=Count("id"), latest=Max("day"))


def fee_chargeable(contact: Contact) -> bool:
    return rules.missed_appointment_chargeable(
        day=contact.day,
        interpreter_booked=contact.interpreter_booked,
        missed=contact.missed,
        cancelled=contact.cancelled,
    )
