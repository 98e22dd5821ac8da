"""API of the client register: /api/v1/clients."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from kotopolku.access import scopes
from kotopolku.audit import queries as audit_queries
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.audit.reports import show_changes, shown_of
from kotopolku.clients import actions, validation
from kotopolku.clients import queries as caseload_queries
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus, ImmigrationBasis
from kotopolku.core.api_errors import ApiError
from kotopolku.core.params import Offset, QueryDate
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Unit

router = Router()

DATE: dict[str, Any] = {"format": "date"}


class ClientIn(Schema):
    # Required fields default to "" so that validation names every missing or bad field at once.
    first_name: str = Field("", description="Required")
    last_name: str = Field("", description="Required")
    birth_date: str | None = Field(
        None, json_schema_extra=DATE, description="Taken from the henkilötunnus if omitted"
    )
    henkilotunnus: str | None = Field(
        None, description="Optional; validated (century sign and check character)"
    )
    foreign_id: str = ""
    unhcr_number: str = ""
    internal_number: str = ""
    email: str = ""
    phone: str = ""
    street_address: str = ""
    postal_code: str = ""
    post_office: str = ""
    mother_tongue: str = Field("", description="Required: ISO 639 code, e.g. ar, ru, uk, so")
    service_languages: list[str] = []
    interpreter_needed: bool = False
    interpreter_language: str = ""
    municipality: str | None = Field(
        None, description="3-digit municipality code of residence, e.g. 167"
    )
    municipality_since: str | None = Field(None, json_schema_extra=DATE)
    no_municipality_reason: str = Field(
        "", description="198, 198-tp or 199 when there is no municipality"
    )
    first_permit_date: str | None = Field(
        None, json_schema_extra=DATE, description="Starts the integration window"
    )
    first_permit_kind: str = "residence_permit"
    immigration_basis: str = Field(
        "", description="Required: " + ", ".join(ImmigrationBasis.values)
    )
    unaccompanied_minor: bool = False
    protection_family_member: bool = False
    social_assistance: bool = Field(False, description="Other than temporarily")
    home_care_allowance: bool = False
    assessment_requested_on: str | None = Field(None, json_schema_extra=DATE)
    assessment_need_noted: bool = False
    jobseeker: bool = Field(False, description="Registered as a jobseeker from today")
    responsible_unit: uuid.UUID | None = Field(
        None, description="Default: the caller's casework unit"
    )


class ClientPatch(Schema):
    first_name: str | None = None
    last_name: str | None = None
    birth_date: str | None = Field(None, json_schema_extra=DATE)
    henkilotunnus: str | None = None
    foreign_id: str | None = None
    unhcr_number: str | None = None
    internal_number: str | None = None
    email: str | None = None
    phone: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    post_office: str | None = None
    mother_tongue: str | None = None
    service_languages: list[str] | None = None
    interpreter_needed: bool | None = None
    interpreter_language: str | None = None
    municipality: str | None = None
    municipality_since: str | None = Field(None, json_schema_extra=DATE)
    no_municipality_reason: str | None = None
    first_permit_date: str | None = Field(None, json_schema_extra=DATE)
    first_permit_kind: str | None = None
    immigration_basis: str | None = None
    unaccompanied_minor: bool | None = None
    protection_family_member: bool | None = None
    social_assistance: bool | None = None
    home_care_allowance: bool | None = None
    assessment_requested_on: str | None = Field(None, json_schema_extra=DATE)
    assessment_need_noted: bool | None = None
    authority_override: str | None = None
    authority_override_reason: str | None = None
    jobseeker: bool | None = Field(None, description="true starts, false ends a registration today")


class WarningOut(Schema):
    code: str
    message: str


class AssessmentDutyOut(Schema):
    owed: bool = Field(..., description="An assessment must be offered today")
    assessor: str = Field(..., description="municipality, employment_area or empty")
    reasons: list[str] = Field(..., description="Why (Act 681/2023 s. 14 groups)")
    no_duty: str = Field(..., description="Why not: child, window_passed or no_group")
    rule: str


class ClientOut(Schema):
    id: uuid.UUID
    status: str
    first_name: str
    last_name: str
    birth_date: datetime.date
    henkilotunnus: str | None
    foreign_id: str
    unhcr_number: str
    internal_number: str
    email: str
    phone: str
    street_address: str
    postal_code: str
    post_office: str
    mother_tongue: str
    service_languages: list[str]
    interpreter_needed: bool
    interpreter_language: str
    municipality: str | None
    municipality_since: datetime.date | None
    no_municipality_reason: str
    first_permit_date: datetime.date | None
    first_permit_kind: str
    immigration_basis: str
    unaccompanied_minor: bool
    protection_family_member: bool
    social_assistance: bool
    home_care_allowance: bool
    assessment_requested_on: datetime.date | None
    assessment_need_noted: bool
    assessment_duty: AssessmentDutyOut
    civic_orientation_pending: bool = Field(
        ...,
        description="A kotoutuja-asiakas not yet offered multilingual civic orientation "
        "(Act 681/2023 s. 25)",
    )
    jobseeker: bool
    responsible_authority: str
    authority_override: str
    integration_window_end: datetime.date | None
    responsible_unit: uuid.UUID
    counsellor: str | None
    merged_into: uuid.UUID | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ClientCreated(ClientOut):
    warnings: list[WarningOut]


class ClientPage(Schema):
    count: int
    results: list[ClientOut]


class ListQuery(Schema):
    q: str = ""
    municipality: str = ""
    language: str = ""
    authority: str = ""
    status: str = ClientStatus.ACTIVE
    sort: str = caseload_queries.DEFAULT_SORT
    civic: str = Field(
        "", description="pending: only clients not yet offered civic orientation (s. 25)"
    )
    mine: bool = Field(False, description="Only the caller's own clients")
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class LogEntryOut(Schema):
    time: datetime.datetime
    type: str = Field(..., description="read or change")
    actor: str
    role: str
    organisation_id: uuid.UUID | None
    unit_id: uuid.UUID | None
    what: str
    view: str
    purpose: str
    fields: list[str] = Field(
        default_factory=list, description="The fields a change changed (empty for a read)"
    )
    changes: dict[str, Any] | None = Field(
        None,
        description="{field: [old, new]}, only where the caller may read that record on the "
        "client's own pages; otherwise null",
    )
    client_id: uuid.UUID | None


class LogQuery(Schema):
    since: QueryDate | None = None
    until: QueryDate | None = None


class LogPage(Schema):
    client: uuid.UUID
    ids: list[uuid.UUID]
    since: datetime.date
    until: datetime.date
    count: int
    results: list[LogEntryOut]


# ClientOut's fields read straight off the model; the rest are mapped in _out().
OUT_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "responsible_authority",
    "integration_window_end",
    *(f for f in actions.CLIENT_FIELDS if f not in ("municipality", "responsible_unit")),
)


def _out(client: Client, jobseeker: bool | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    if jobseeker is None:
        jobseeker = any(p.covers(today) for p in actions.periods_of(client))
    return {
        **{name: getattr(client, name) for name in OUT_FIELDS},
        "municipality": client.municipality.code if client.municipality else None,
        "jobseeker": jobseeker,
        "responsible_unit": client.responsible_unit_id,
        "counsellor": client.current_counsellor.username if client.current_counsellor else None,
        "merged_into": client.merged_into_id,
        "assessment_duty": _duty_out(client, jobseeker),
        "civic_orientation_pending": client.civic_orientation_pending,
    }


def _duty_out(client: Client, jobseeker: bool) -> dict[str, Any]:
    duty = actions.assessment_duty_of(client, jobseeker=jobseeker)
    return {
        "owed": duty.owed,
        "assessor": duty.assessor,
        "reasons": list(duty.reasons),
        "no_duty": duty.no_duty,
        "rule": duty.rule.id,
    }


def _duplicate(exc: actions.DuplicateHenkilotunnusError) -> ApiError:
    """409 for a henkilötunnus registered already; a record the caller may not see is not
    described (no id, unit or organisation), and the check is logged as a read of it."""
    if exc.visible:
        message = "Another client record you can see has this henkilötunnus."
    else:
        message = (
            "This henkilötunnus is already registered, to a record you cannot see. One person "
            "has one record: the organisation responsible for the client transfers it. This "
            "check is logged."
        )
    return ApiError(409, message, fields={"henkilotunnus": ["Already registered."]})


def _invalid(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(422, "Some fields are invalid; nothing was saved.", fields=errors)


@router.get("/clients", response=ClientPage, summary="Clients visible to the caller")
def list_clients(request: AuthenticatedRequest, q: Query[ListQuery]) -> dict[str, Any]:
    if caseload_queries.looks_like_hetu(q.q):
        raise ApiError(
            422,
            "A henkilötunnus is never sent in a URL.",
            fields={"q": ["Search by henkilötunnus with POST /api/v1/clients/search."]},
        )
    return _client_page(request, q)


@router.post(
    "/clients/search",
    response=ClientPage,
    summary="Clients visible to the caller, the search text in the body",
    description="The same list as GET /clients; a henkilötunnus is searched here, never in a "
    "URL. Changes nothing: read-only tokens may use it.",
)
def search_clients(request: AuthenticatedRequest, payload: ListQuery) -> dict[str, Any]:
    return _client_page(request, payload)


def _client_page(request: AuthenticatedRequest, q: ListQuery) -> dict[str, Any]:
    base = client_scopes.visible_clients(request.user)
    if q.mine:
        base = base.filter(current_counsellor=request.user)
    f = caseload_queries.CaseloadFilter.from_params(q.dict())
    qs = caseload_queries.apply(base, f).select_related("municipality", "current_counsellor")
    rows = list(qs.prefetch_related("jobseeker_periods")[q.offset : q.offset + q.limit])
    record_read("client", [c.pk for c in rows], kind=AccessEvent.Kind.LIST)
    return {"count": qs.count(), "results": [_out(c) for c in rows]}


@router.post("/clients", response={201: ClientCreated}, summary="Register a client")
def create_client(request: AuthenticatedRequest, payload: ClientIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    jobseeker = data.pop("jobseeker")
    unit_id = data.pop("responsible_unit")
    result = validation.validate(data)
    units = scopes.casework_unit_ids(request.user)
    if unit_id is not None and unit_id not in units:
        result.add("responsible_unit", "Not one of your units.")
    if not result.ok:
        raise _invalid(result.errors)
    unit = Unit.objects.get(pk=unit_id) if unit_id else scopes.default_casework_unit(request.user)
    assert unit is not None  # the policy admits casework roles only
    values = result.values
    warnings = actions.duplicate_warnings(values, user=request.user)
    try:
        client = actions.do_create_client(
            values,
            responsible_unit=unit,
            counsellor=actions.counsellor_for_new_client(request.user),
            jobseeker_since=timezone.localdate() if jobseeker else None,
            acting_user=request.user,
        )
    except actions.DuplicateHenkilotunnusError as exc:
        raise _duplicate(exc) from None
    client.refresh_from_db()
    return Status(
        201,
        {
            **_out(client, jobseeker),
            "warnings": [{"code": w.code, "message": w.message} for w in warnings],
        },
    )


@router.get("/clients/{client_id}", response=ClientOut, summary="One client")
def get_client(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = client_scopes.get_client_for_user(request.user, client_id)
    record_read("client", [client.pk])
    return _out(client)


@router.patch("/clients/{client_id}", response=ClientOut, summary="Correct a client's facts")
def update_client(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: ClientPatch
) -> dict[str, Any]:
    client = client_scopes.get_client_for_user(request.user, client_id)
    if client.status == ClientStatus.MERGED:
        raise Http404
    data = payload.dict(exclude_unset=True)
    jobseeker = data.pop("jobseeker", None)
    current = {name: getattr(client, name) for name in actions.CLIENT_FIELDS}
    current["municipality"] = client.municipality.code if client.municipality else ""
    result = validation.validate(data, partial=True, current=current)
    if not result.ok:
        raise _invalid(result.errors)
    values = {
        k: v
        for k, v in result.values.items()
        if k in data or k in ("birth_date", "no_municipality_reason")
    }
    if "first_permit_kind" in data:
        values["first_permit_kind"] = result.values.get(
            "first_permit_kind", client.first_permit_kind
        )
    try:
        actions.do_update_client(client, values, acting_user=request.user)
    except actions.DuplicateHenkilotunnusError as exc:
        raise _duplicate(exc) from None
    today = timezone.localdate()
    open_period = client.jobseeker_periods.filter(end__isnull=True).first()
    if jobseeker is True and open_period is None:
        actions.do_start_jobseeker_period(client, start=today, acting_user=request.user)
    elif jobseeker is False and open_period is not None:
        actions.do_end_jobseeker_period(open_period, end=today, acting_user=request.user)
    client = client_scopes.get_client_for_user(request.user, client_id)
    record_read("client", [client.pk], purpose="update")  # the answer shows the whole record
    return _out(client)


@router.get(
    "/clients/{client_id}/access-log",
    response=LogPage,
    summary="Who read or changed the client's data",
)
def client_access_log(
    request: AuthenticatedRequest, client_id: uuid.UUID, q: Query[LogQuery]
) -> dict[str, Any]:
    client = client_scopes.get_client_for_user(request.user, client_id, for_log_report=True)
    if q.since and q.until and q.until < q.since:
        raise _invalid({"until": ["The end date is before the start date."]})
    period = audit_queries.Period.from_dates(q.since, q.until)
    ids = client.all_ids()
    results: list[dict[str, Any]] = []
    for e in audit_queries.client_access_log(ids, period):
        results.append(
            {
                "time": e.event_time,
                "type": "read",
                "actor": e.actor_username,
                "role": e.role,
                "organisation_id": e.organisation_id,
                "unit_id": e.unit_id,
                "what": f"{e.kind} {e.subject_type}",
                "view": e.view,
                "purpose": e.purpose,
                "changes": None,
                "client_id": e.client_id,
            }
        )
    changes = show_changes(
        request.user,
        audit_queries.client_change_log(ids, period),
        purpose="access-log report: change values",
    )
    for c in changes:
        results.append(
            {
                "time": c.event_time,
                "type": "change",
                "actor": c.actor_username,
                "role": c.role,
                "organisation_id": c.organisation_id,
                "unit_id": c.unit_id,
                "what": f"{c.action} {c.subject_type}",
                "view": c.view,
                "purpose": c.reason,
                "fields": shown_of(c).fields,
                "changes": shown_of(c).as_api,
                "client_id": c.client_id,
            }
        )
    results.sort(key=lambda r: r["time"], reverse=True)
    record_read("client", [client.pk], kind=AccessEvent.Kind.VIEW, purpose="access-log report")
    return {
        "client": client.pk,
        "ids": ids,
        "since": period.start.date(),
        "until": period.end.date(),
        "count": len(results),
        "results": results,
    }
