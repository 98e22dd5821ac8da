"""The referrals API: the caller's side of the referrals, making one, the provider's answer.

`GET /referrals?box=sent|received` lists the caller's side: the referring side sees its
referrals; the provider sees the referrals to its organisations with the minimum data only
(no client id). Every row read goes to the access log with the client's id.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from kotopolku.access import scopes
from kotopolku.audit.recorder import record_read
from kotopolku.catalog.models import Service
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import ClientStatus, Consent
from kotopolku.core.api_errors import ApiError
from kotopolku.core.errors import InvalidError
from kotopolku.core.params import Offset
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.referrals import actions, queries, rules
from kotopolku.referrals import scopes as referral_scopes
from kotopolku.referrals.models import Referral

router = Router()

BOXES = ("sent", "received")


class SharedOut(Schema):
    name: str = ""
    phone: str = ""
    email: str = ""
    language: str = ""
    interpreter: bool = False
    interpreter_language: str = ""


class EventOut(Schema):
    status: str
    at: datetime.datetime
    note: str


class ReferralOut(Schema):
    id: uuid.UUID
    status: str
    stale: bool
    service_id: uuid.UUID
    service_name: str
    receiver: str = Field(description="The provider organisation's slug")
    referring_organisation: str = Field(description="The referring organisation's slug")
    reason: str
    shared: SharedOut
    created_at: datetime.datetime
    status_changed_at: datetime.datetime
    events: list[EventOut]
    consent_withdrawn: bool = Field(
        False,
        description="The client has withdrawn the consent: the provider no longer gets the "
        "client's details nor the reason, and cannot answer",
    )
    # the referring side only (None for the provider)
    client_id: uuid.UUID | None = None
    consent_id: uuid.UUID | None = None
    legal_basis: str | None = None


class ReferralPage(Schema):
    count: int
    results: list[ReferralOut]


class ReferralListQuery(Schema):
    box: str = Field("", description="sent (the referring side) or received (the provider)")
    status: str = Field("", description="A status, or open (sent, accepted or started)")
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class ReferralIn(Schema):
    client_id: uuid.UUID
    service_id: uuid.UUID
    reason: str
    consent_id: uuid.UUID | None = Field(
        None, description="An existing REFERRAL consent of the client to the provider"
    )
    consent_given_on: datetime.date | None = Field(
        None, description="Record the client's consent to the provider now, given on this day"
    )
    legal_basis: str | None = Field(
        None,
        description="Between authorities: one of " + ", ".join(rules.LEGAL_BASIS_CODES),
    )
    legal_basis_text: str = Field("", description="Details; required with legal_basis=other")


class ReferralPatch(Schema):
    status: str = Field(description="accepted, started, completed, declined or no_show")
    note: str = Field("", description="Required when declining")


def _invalid(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(422, "Some fields are invalid; nothing was saved.", fields=errors)


def _out(referral: Referral, *, provider_view: bool, now: datetime.datetime) -> dict[str, Any]:
    withdrawn = rules.consent_withdrawn(referral, timezone.localdate(now))
    # the provider gets nothing of the client once the consent is withdrawn
    masked = provider_view and withdrawn
    shared = {} if masked else (referral.shared or {})
    body: dict[str, Any] = {
        "id": referral.pk,
        "status": referral.status,
        "stale": rules.is_stale(referral, now),
        "service_id": referral.service_id,
        "service_name": pick(referral.service.name).value,
        "receiver": referral.receiver.slug,
        "referring_organisation": referral.unit.organisation.slug,
        "reason": "" if masked else referral.reason,
        "shared": {k: shared.get(k, v) for k, v in SharedOut().dict().items()},
        "created_at": referral.created_at,
        "status_changed_at": referral.status_changed_at,
        "events": [
            {"status": e.status, "at": e.at, "note": e.note}
            for e in queries.history(referral.events.all(), provider_view=provider_view)
        ],
        "consent_withdrawn": withdrawn,
    }
    if not provider_view:
        body.update(
            client_id=referral.client_id,
            consent_id=referral.consent_id,
            legal_basis=referral.legal_basis,
        )
    return body


def _with_relations(qs: Any) -> Any:
    return qs.select_related(
        "service", "receiver", "unit__organisation", "consent"
    ).prefetch_related("events")


@router.get("/referrals", response=ReferralPage, summary="The caller's referrals, one side")
def list_referrals(request: AuthenticatedRequest, q: Query[ReferralListQuery]) -> dict[str, Any]:
    user = request.user
    box = q.box or ("sent" if scopes.works_cases(user) else "received")
    errors: dict[str, list[str]] = {}
    if box not in BOXES:
        errors["box"] = ["Choose sent or received."]
    if q.status and q.status not in (*Referral.Status.values, "open"):
        errors["status"] = [f"Choose open or one of: {', '.join(Referral.Status.values)}."]
    if errors:
        raise ApiError(422, "Some parameters are invalid.", fields=errors)
    provider_view = box == "received"
    qs = (
        referral_scopes.received_referrals(user)
        if provider_view
        else referral_scopes.referring_referrals(user)
    )
    qs = queries.with_status(qs, q.status or "")
    qs = qs.order_by("-created_at", "id")
    rows = list(_with_relations(qs)[q.offset : q.offset + q.limit])
    queries.log_listed(((r.pk, r.client_id) for r in rows), f"referrals {box}")
    now = timezone.now()
    return {
        "count": qs.count(),
        "results": [_out(r, provider_view=provider_view, now=now) for r in rows],
    }


@router.post("/referrals", response={201: ReferralOut}, summary="Refer a client to a service")
def create_referral(request: AuthenticatedRequest, payload: ReferralIn) -> Status[dict[str, Any]]:
    user = request.user
    client = client_scopes.get_client_for_user(user, payload.client_id)
    if client.status == ClientStatus.MERGED:
        raise ApiError(404, "Not found.")
    if not client_scopes.may_write_casework(user, client):
        raise ApiError(
            403,
            "Only the side responsible for the client's casework refers the client.",
            extra={"responsible_authority": client.responsible_authority},
        )
    errors: dict[str, list[str]] = {}
    service = Service.objects.select_related("owner").filter(pk=payload.service_id).first()
    if service is None or service.status != Service.Status.PUBLISHED:
        errors["service_id"] = ["No published service has this id."]
    consent = None
    if payload.consent_id is not None:
        consent = Consent.objects.filter(pk=payload.consent_id, client=client).first()
        if consent is None:
            errors["consent_id"] = ["The client has no consent with this id."]
    legal_basis = ""
    if payload.legal_basis:
        if payload.legal_basis not in rules.LEGAL_BASIS_CODES:
            errors["legal_basis"] = [f"Choose one of: {', '.join(rules.LEGAL_BASIS_CODES)}."]
        elif payload.legal_basis == "other" and not payload.legal_basis_text.strip():
            errors["legal_basis_text"] = ["Name the provision (act and section)."]
        else:
            legal_basis = rules.legal_basis_text(payload.legal_basis, payload.legal_basis_text)
    if errors:
        raise _invalid(errors)
    assert service is not None
    try:
        referral = actions.do_create_referral(
            client,
            service,
            reason=payload.reason,
            acting_user=user,
            consent=consent,
            consent_given_on=payload.consent_given_on,
            legal_basis=legal_basis,
        )
    except InvalidError as exc:
        raise _invalid(exc.errors) from None
    referral = _with_relations(Referral.objects.filter(pk=referral.pk)).get()
    record_read("referral", [referral.pk], client_ids=[referral.client_id])
    return Status(201, _out(referral, provider_view=False, now=timezone.now()))


@router.patch("/referrals/{referral_id}", response=ReferralOut, summary="The provider's answer")
def update_referral(
    request: AuthenticatedRequest, referral_id: uuid.UUID, payload: ReferralPatch
) -> dict[str, Any]:
    user = request.user
    referral = referral_scopes.get_referral_for_user(user, referral_id)
    if not referral_scopes.is_receiver(user, referral):
        raise ApiError(
            403,
            "Only the receiving organisation answers a referral; "
            "the referring side may cancel it on its page.",
        )
    try:
        actions.do_answer_referral(
            referral, status=payload.status, note=payload.note, acting_user=user
        )
    except InvalidError as exc:
        raise _invalid(exc.errors) from None
    referral = _with_relations(Referral.objects.filter(pk=referral.pk)).get()
    record_read("referral", [referral.pk], client_ids=[referral.client_id])
    return _out(referral, provider_view=True, now=timezone.now())
