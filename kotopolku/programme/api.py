"""The programme's API: the versions a caller may read, and the version and approval steps.

- `GET /programmes` lists the versions the caller reads (`access.programmes`: staff of the
  organisations serving one of the programme's municipalities; NGO partners only published
  versions), newest first, optionally by municipality code and status.
- `GET /programmes/{id}` is one version: its opening answers, partners, `sections` (each with
  `number`, `title`, the texts `a`, `b`, `c`, where every answer is "question\\n\\nanswer"
  and the answers are joined by a blank line, and the linked tray entries' ids in `services`)
  and the `responsibility_table` (`service`, `jobseekers`, `others`).
- `POST /programmes/{id}/versions` (a new draft copied from this version), `/submit`,
  `/approve` ({body, date, reference}) and `/publish`: the coordinators of the coordinating
  organisation. A step the version's status does not allow answers 409; bad fields 422 with
  the fields named; nothing is changed then.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from kotopolku.access import programmes as permissions
from kotopolku.core.api_errors import ApiError
from kotopolku.core.params import Offset
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.programme import actions
from kotopolku.programme.document import OPENING_FIELDS, SectionDoc, from_programme
from kotopolku.programme.models import Programme
from kotopolku.programme.views import get_readable, visible

router = Router()

MAX_LIMIT = 100
STATUSES = tuple(Programme.Status.values)

# --- Schemas ---------------------------------------------------------------------------------


class CoordinatingOrganisationOut(Schema):
    id: uuid.UUID
    slug: str
    name: str


class ApprovalOut(Schema):
    body: str
    date: datetime.date
    reference: str


class ProgrammeSummaryOut(Schema):
    id: uuid.UUID
    series: uuid.UUID
    version: int
    previous: uuid.UUID | None
    status: str = Field(description="draft, in_review, approved, published or superseded")
    language: str
    title: str
    document_date: datetime.date | None
    municipalities: list[str] = Field(description="Municipality codes")
    organisation: CoordinatingOrganisationOut
    approved_by_body: str
    approved_on: datetime.date | None
    decision_reference: str
    approval: ApprovalOut | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ProgrammePage(Schema):
    count: int
    results: list[ProgrammeSummaryOut]


class SectionOut(Schema):
    number: int
    element: str
    title: str
    a: str = Field(
        description="A. Description of the service: the answers, each as question and answer"
    )
    b: str = Field(description="B. Responsible parties")
    c: str = Field(description="C. Cooperation")
    services: list[uuid.UUID] = Field(description="Ids of the linked tray entries")


class ResponsibilityRowOut(Schema):
    service: str
    jobseekers: str
    others: str


class ProgrammeOut(ProgrammeSummaryOut):
    coordinator: str
    contact: str
    updated_text: str
    preparation: str
    follow_up: str
    approval_process: str
    partners: list[str]
    sections: list[SectionOut]
    responsibility_table: list[ResponsibilityRowOut]


class ApprovalIn(Schema):
    body: str = Field("", description="The body that approved the document, e.g. the city board")
    date: datetime.date | None = Field(None, description="The date of the decision")
    reference: str = Field("", description="The decision's reference, e.g. KH 12.5.2025 § 123")


# --- Output ----------------------------------------------------------------------------------


def part_text(section: SectionDoc, part: str) -> str:
    """The answers of one part as paragraphs: "question\\n\\nanswer", joined by a blank line."""
    paragraphs = []
    for a in section.answers_of(part):
        paragraphs.append(f"{a.question_text}\n\n{a.text}" if a.question_text else a.text)
    return "\n\n".join(paragraphs)


def summary_out(p: Programme) -> dict[str, Any]:
    org = p.organisation
    approval = (
        {"body": p.approved_by_body, "date": p.approved_on, "reference": p.decision_reference}
        if p.approved_on is not None
        else None
    )
    return {
        "id": p.pk,
        "series": p.series,
        "version": p.version,
        "previous": p.previous_id,
        "status": p.status,
        "language": p.language,
        "title": p.title,
        "document_date": p.document_date,
        "municipalities": sorted(m.code for m in p.municipalities.all()),
        "organisation": {"id": org.pk, "slug": org.slug, "name": str(org.display_name())},
        "approved_by_body": p.approved_by_body,
        "approved_on": p.approved_on,
        "decision_reference": p.decision_reference,
        "approval": approval,
        "published_at": p.published_at,
        "updated_at": p.updated_at,
    }


def programme_out(p: Programme) -> dict[str, Any]:
    doc = from_programme(p)
    data = summary_out(p)
    data.update({name: getattr(doc, name) for name in OPENING_FIELDS})
    data["partners"] = doc.partners
    data["sections"] = [
        {
            "number": s.number,
            "element": s.element,
            "title": s.title,
            "a": part_text(s, "a"),
            "b": part_text(s, "b"),
            "c": part_text(s, "c"),
            "services": s.service_ids,
        }
        for s in doc.sections
    ]
    data["responsibility_table"] = [
        {"service": r.service, "jobseekers": r.jobseekers, "others": r.others}
        for r in doc.responsibility
    ]
    return data


def _bad(field: str, message: str) -> ApiError:
    return ApiError(422, "Some parameters are invalid.", fields={field: [message]})


def _refused(exc: actions.InvalidError) -> ApiError:
    if set(exc.errors) <= {"status", "version"}:
        message = " ".join(m for ms in exc.errors.values() for m in ms)
        return ApiError(409, message, fields=exc.errors)
    return ApiError(422, "Some fields are invalid; nothing was changed.", fields=exc.errors)


def _writable(request: AuthenticatedRequest, programme_id: uuid.UUID) -> Programme:
    programme = get_readable(request.user, programme_id)
    if not permissions.may_write(request.user, organisation_id=programme.organisation_id):
        raise Http404
    return programme


def _fresh(programme: Programme) -> Programme:
    return (
        Programme.objects.select_related("organisation")
        .prefetch_related("municipalities")
        .get(pk=programme.pk)
    )


def _step(
    request: AuthenticatedRequest,
    programme_id: uuid.UUID,
    action: Callable[[Programme], Programme],
) -> dict[str, Any]:
    """Run a version or approval step on a version the caller may change (404 otherwise) and
    answer with the version it returns, read afresh: a step the status does not allow is
    409, bad fields 422 (`_refused`), a refusal of the action 404; nothing is changed then."""
    programme = _writable(request, programme_id)
    try:
        result = action(programme)
    except actions.InvalidError as exc:
        raise _refused(exc) from None
    except actions.NotAllowedError:
        raise Http404 from None
    return programme_out(_fresh(result))


# --- Operations ------------------------------------------------------------------------------


@router.get(
    "/programmes",
    response=ProgrammePage,
    summary="The integration programme versions the caller may read, newest first",
)
def list_programmes(
    request: AuthenticatedRequest,
    municipality: str | None = None,
    status: str | None = None,
    limit: int = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    if not 1 <= limit <= MAX_LIMIT:
        raise _bad("limit", f"Give a limit from 1 to {MAX_LIMIT}.")
    query = visible(request.user)
    if municipality:
        if not (len(municipality) == 3 and municipality.isdigit()):
            raise _bad("municipality", "Give a 3-digit municipality code.")
        query = query.filter(municipalities__code=municipality)
    if status:
        if status not in STATUSES:
            raise _bad("status", f"Choose one of: {', '.join(STATUSES)}.")
        query = query.filter(status=status)
    query = query.order_by("-created_at", "pk")
    count = query.count()
    return {"count": count, "results": [summary_out(p) for p in query[offset : offset + limit]]}


@router.get(
    "/programmes/{programme_id}",
    response=ProgrammeOut,
    summary="One version of a programme: its document, parts A/B/C and responsibility table",
)
def get_programme(request: AuthenticatedRequest, programme_id: uuid.UUID) -> dict[str, Any]:
    return programme_out(get_readable(request.user, programme_id))


@router.post(
    "/programmes/{programme_id}/versions",
    response={201: ProgrammeOut},
    summary="Make a new draft version copied from this (the latest, finished) version",
)
def create_version(
    request: AuthenticatedRequest, programme_id: uuid.UUID
) -> Status[dict[str, Any]]:
    new = _step(
        request,
        programme_id,
        lambda programme: actions.do_new_version(programme, acting_user=request.user),
    )
    return Status(201, new)


@router.post(
    "/programmes/{programme_id}/submit",
    response=ProgrammeOut,
    summary="Send a draft to review",
)
def submit_programme(request: AuthenticatedRequest, programme_id: uuid.UUID) -> dict[str, Any]:
    return _step(
        request,
        programme_id,
        lambda programme: actions.do_submit_for_review(programme, acting_user=request.user),
    )


@router.post(
    "/programmes/{programme_id}/approve",
    response=ProgrammeOut,
    summary="Record the approval (body, date, decision reference) of a draft or a version in review",
)
def approve_programme(
    request: AuthenticatedRequest, programme_id: uuid.UUID, payload: ApprovalIn
) -> dict[str, Any]:
    return _step(
        request,
        programme_id,
        lambda programme: actions.do_approve(
            programme,
            body=payload.body,
            date=payload.date,
            reference=payload.reference,
            acting_user=request.user,
        ),
    )


@router.post(
    "/programmes/{programme_id}/publish",
    response=ProgrammeOut,
    summary="Publish an approved version (the version published before it is superseded)",
)
def publish_programme(request: AuthenticatedRequest, programme_id: uuid.UUID) -> dict[str, Any]:
    return _step(
        request,
        programme_id,
        lambda programme: actions.do_publish(programme, acting_user=request.user),
    )
