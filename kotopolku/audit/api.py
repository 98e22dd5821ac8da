"""API: the access log for auditors."""

from __future__ import annotations

import datetime
import uuid

from ninja import Query, Router, Schema

from kotopolku.audit import queries
from kotopolku.audit.search import record_log_browsing
from kotopolku.core.api_errors import ApiError
from kotopolku.core.params import Offset, QueryDate
from kotopolku.core.types import AuthenticatedRequest

router = Router()


class AccessEventOut(Schema):
    event_time: datetime.datetime
    actor: str
    role: str
    organisation_id: uuid.UUID | None
    unit_id: uuid.UUID | None
    view: str
    kind: str
    subject_type: str
    subject_id: str
    client_id: uuid.UUID | None
    purpose: str


class AccessEventPage(Schema):
    count: int
    results: list[AccessEventOut]


class EventQuery(Schema):
    since: QueryDate | None = None
    until: QueryDate | None = None
    actor: str = ""
    subject_type: str = ""
    subject_id: str = ""
    limit: int = 100
    offset: Offset = 0


@router.get(
    "/audit/access-events",
    response=AccessEventPage,
    summary="Access log rows visible to the auditor",
)
def list_access_events(request: AuthenticatedRequest, q: Query[EventQuery]) -> AccessEventPage:
    if q.since and q.until and q.until < q.since:
        raise ApiError(
            422,
            "Some fields are invalid.",
            fields={"until": ["The end date is before the start date."]},
        )
    limit = max(1, min(q.limit, 500))
    offset = q.offset
    qs = queries.filter_events(
        queries.access_events_for(request.user),
        period=queries.Period.from_dates(q.since, q.until) if q.since or q.until else None,
        actor=q.actor,
        subject_type=q.subject_type,
        subject_id=q.subject_id,
    )
    rows = list(qs[offset : offset + limit])
    # one row for the page, not one per client whose rows it returns (audit.search)
    record_log_browsing("access", rows)
    return AccessEventPage(
        count=qs.count(),
        results=[
            AccessEventOut(
                event_time=r.event_time,
                actor=r.actor_username,
                role=r.role,
                organisation_id=r.organisation_id,
                unit_id=r.unit_id,
                view=r.view,
                kind=r.kind,
                subject_type=r.subject_type,
                subject_id=r.subject_id,
                client_id=r.client_id,
                purpose=r.purpose,
            )
            for r in rows
        ],
    )
