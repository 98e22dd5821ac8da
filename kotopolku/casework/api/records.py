"""The deadlines, contacts and the casework export and import of a client."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from ninja import Body
from ninja.responses import Status

from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework.api.common import (
    Refused,
    casework_unit,
    check_choice,
    check_language,
    get_client,
    invalid,
    router,
    writable_client,
)
from kotopolku.casework.api.schemas import (
    ContactIn,
    ContactOut,
    DeadlinePage,
    ImportOut,
)
from kotopolku.casework.models import (
    Channel,
    Contact,
    ContactTopic,
)
from kotopolku.clients.models import Client
from kotopolku.core.api_errors import ApiError
from kotopolku.core.types import AuthenticatedRequest

# --- Deadlines ----------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/deadlines",
    response=DeadlinePage,
    summary="The open steps of the client's casework and their last days, by the rules",
)
def client_deadlines(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = get_client(request, client_id)
    today = timezone.localdate()
    found = actions.compute_deadlines(client)
    record_read("client", [client.pk], purpose="casework deadlines")
    return {
        "today": today,
        "results": [
            {
                "kind": d.kind,
                "due": d.due,
                "overdue": d.overdue(today),
                "state": d.state(today),
                "rule": {
                    "id": d.rule.id,
                    "title": d.rule.title,
                    "legal_reference": d.rule.legal_reference,
                    "verified": d.rule.verified,
                },
            }
            for d in found
        ],
    }


# --- Contacts -----------------------------------------------------------------------------------


def _contact_out(contact: Contact) -> dict[str, Any]:
    return {
        **{name: getattr(contact, name) for name in actions.CONTACT_FIELDS if name != "visitors"},
        "id": contact.pk,
        "fee_chargeable": actions.fee_chargeable(contact),
        "unit": contact.unit_id,
        "recorded_by": contact.recorded_by.username,
        "created_at": contact.created_at,
    }


@router.post(
    "/clients/{client_id}/contacts",
    response={201: ContactOut},
    summary="Record a guidance contact with the client",
)
def create_contact(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: ContactIn
) -> Status[dict[str, Any]]:
    client = writable_client(request, client_id)
    data = payload.dict()
    errors = actions.Errors()
    check_choice(errors, "channel", payload.channel, Channel.values)
    check_language(errors, "language", payload.language)
    if payload.day > timezone.localdate():
        errors.add("day", "A contact cannot be recorded for a future day.")
    topics = list(dict.fromkeys(t.strip() for t in payload.topics))
    known = set(
        ContactTopic.objects.filter(code__in=topics, is_active=True).values_list("code", flat=True)
    )
    unknown = [t for t in topics if t not in known]
    if unknown:
        errors.add("topics", f"Unknown or retired topic: {', '.join(unknown)}.")
    if errors.errors:
        raise invalid(errors.errors)
    values = {**data, "topics": topics, "note": payload.note.strip()}
    with Refused():
        contact = actions.do_record_contact(
            client, values, unit=casework_unit(request, client), acting_user=request.user
        )
    return Status(201, _contact_out(contact))


# --- Exchange -----------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/casework-export",
    response=dict[str, Any],
    summary="The client's casework as the versioned JSON document",
)
def export_casework(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    from kotopolku.casework import exchange

    # as on the page: the responsible side exports (the document carries the identity)
    client = writable_client(request, client_id)
    # export_client logs the read of the client and of each record as an export
    document: dict[str, Any] = exchange.export_client(client)
    return document


@router.post(
    "/clients/{client_id}/casework-import",
    response={201: ImportOut},
    summary="Import a casework document into a client who has no assessments or plans yet",
)
def import_casework(
    request: AuthenticatedRequest, client_id: uuid.UUID, document: Body[dict[str, Any]]
) -> Status[dict[str, Any]]:
    from kotopolku.casework import exchange

    client = writable_client(request, client_id)
    unit = casework_unit(request, client)
    with Refused(), transaction.atomic():
        # one import at a time per client: the emptiness check holds until the commit
        Client.objects.select_for_update().filter(pk=client.pk).values_list("pk").first()
        assessments, plans = client.assessments.count(), client.plans.count()
        if assessments or plans:
            raise ApiError(
                409,
                f"The client already has casework ({assessments} assessments, {plans} plans): "
                "a document is imported only into a client with none.",
            )
        try:
            counts = exchange.import_document(client, document, acting_user=request.user, unit=unit)
        except exchange.DocumentError as exc:
            raise ApiError(
                422,
                "The document cannot be imported; nothing was saved.",
                fields=exc.errors,
            ) from None
    return Status(201, {"imported": counts})
