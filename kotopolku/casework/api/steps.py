"""The casework steps of a client: civic orientation offered (Act 681/2023 s. 25) and
integration training with its final language test (DOMAIN.md 1.9)."""

from __future__ import annotations

import uuid
from typing import Any

from ninja.responses import Status

from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework.api.common import (
    Refused,
    check_choice,
    check_language,
    check_order,
    get_client,
    invalid,
    listed,
    router,
    writable_client,
)
from kotopolku.casework.api.schemas import (
    CivicOrientationIn,
    CivicOrientationOut,
    CivicOrientationPage,
    TrainingIn,
    TrainingOut,
    TrainingPage,
)
from kotopolku.casework.models import (
    CivicOrientationOffer,
    CivicOrientationTaken,
    IntegrationLanguage,
    IntegrationTraining,
)
from kotopolku.core.types import AuthenticatedRequest

# --- Civic orientation offered (s. 25) ----------------------------------------------------------


def _civic_out(offer: CivicOrientationOffer) -> dict[str, Any]:
    return {
        **{name: getattr(offer, name) for name in actions.CIVIC_FIELDS},
        "id": offer.pk,
        "recorded_by": offer.recorded_by.username,
        "created_at": offer.created_at,
    }


@router.get(
    "/clients/{client_id}/civic-orientation",
    response=CivicOrientationPage,
    summary="The civic orientation offered to the client, latest first (Act 681/2023 s. 25)",
)
def list_civic_orientation(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = get_client(request, client_id)
    rows = listed(
        "civic_orientation", client, client.civic_orientation_offers.select_related("recorded_by")
    )
    # the pending flag is the client's own data: its read is logged even with no offers
    record_read("client", [client.pk], purpose="civic orientation")
    return {
        "count": len(rows),
        "civic_orientation_pending": client.civic_orientation_pending,
        "results": [_civic_out(o) for o in rows],
    }


@router.post(
    "/clients/{client_id}/civic-orientation",
    response={201: CivicOrientationOut},
    summary="Record that civic orientation was offered (Act 681/2023 s. 25)",
)
def create_civic_orientation(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: CivicOrientationIn
) -> Status[dict[str, Any]]:
    client = writable_client(request, client_id)
    errors = actions.Errors()
    check_language(errors, "language", payload.language)
    check_choice(errors, "taken", payload.taken, CivicOrientationTaken.values)
    if errors.errors:
        raise invalid(errors.errors)
    values = {**payload.dict(), "note": payload.note.strip()}
    with Refused():
        offer = actions.do_record_civic_orientation(client, values, acting_user=request.user)
    return Status(201, _civic_out(offer))


# --- Integration training (DOMAIN.md 1.9) -------------------------------------------------------


def _training_out(training: IntegrationTraining) -> dict[str, Any]:
    return {
        **{name: getattr(training, name) for name in actions.TRAINING_FIELDS},
        "id": training.pk,
        "status": training.status,
        "recorded_by": training.recorded_by.username,
        "created_at": training.created_at,
    }


@router.get(
    "/clients/{client_id}/trainings",
    response=TrainingPage,
    summary="The client's integration trainings and final language tests, latest first",
)
def list_trainings(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = get_client(request, client_id)
    rows = listed(
        "integration_training", client, client.integration_trainings.select_related("recorded_by")
    )
    return {"count": len(rows), "results": [_training_out(t) for t in rows]}


@router.post(
    "/clients/{client_id}/trainings",
    response={201: TrainingOut},
    summary="Record a referral to integration training (and what is known of it already)",
)
def create_training(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: TrainingIn
) -> Status[dict[str, Any]]:
    client = writable_client(request, client_id)
    errors = actions.Errors()
    check_choice(errors, "language", payload.language, IntegrationLanguage.values)
    check_order(errors, payload.referred_on, payload.start, "start")
    if errors.errors:
        raise invalid(errors.errors)
    with Refused():
        training = actions.do_record_training(client, payload.dict(), acting_user=request.user)
    return Status(201, _training_out(training))
