"""The courses API: the quarter's courses, a course with its sessions, enrolling a client, a
session's attendance (read and mark). Objects the caller may not see answer 404; every client
named in an answer goes to the access log."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.clients.models import ClientStatus
from kotopolku.core.api_errors import ApiError
from kotopolku.core.errors import InvalidError
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.courses import actions
from kotopolku.courses import scopes as course_scopes
from kotopolku.courses.models import Attendance, Course, Enrolment, Session
from kotopolku.orgs.models import Organisation

router = Router()


class ThemeOut(Schema):
    code: str
    kind: str = Field(description="group_guidance, civic_orientation or finnish_level")
    integration_year: int | None
    name: str
    hours: Decimal | None = Field(description="Civic orientation: the unit's configured hours")


class CourseOut(Schema):
    id: uuid.UUID
    theme: ThemeOut
    language: str
    year: int
    quarter: int
    organiser: str = Field(description="The organising organisation's slug")
    capacity: int
    level: str
    enrolled: int
    waitlisted: int


class SessionOut(Schema):
    id: uuid.UUID
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    facilitator: str | None = Field(description="The facilitator's username")
    interpreter_language: str
    interpreter: str
    cancelled: bool


class CourseDetailOut(CourseOut):
    sessions: list[SessionOut]


class CoursePage(Schema):
    count: int
    results: list[CourseOut]


class CourseListQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Default: this year")
    quarter: int | None = Field(None, ge=1, le=4, description="Default: this quarter")


class EnrolmentIn(Schema):
    client_id: uuid.UUID


class EnrolmentOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    course_id: uuid.UUID
    status: str = Field(description="enrolled, waitlisted, cancelled or completed")
    position: int | None = Field(description="The place on the waiting list (1: next)")
    created_at: datetime.datetime


class AttendanceRow(Schema):
    enrolment_id: uuid.UUID
    client_id: uuid.UUID
    name: str
    status: str | None = Field(description="present, absent, absent_cancelled, excused or null")
    missed_without_cancelling: bool = Field(
        description="Absent without cancelling from a session with an interpreter "
        "(Act 681/2023 s. 32 a)"
    )


class AttendanceOut(Schema):
    session_id: uuid.UUID
    rows: list[AttendanceRow]


class MarkIn(Schema):
    enrolment_id: uuid.UUID
    status: str = Field(description="present, absent, absent_cancelled or excused")


class AttendanceIn(Schema):
    marks: list[MarkIn]


def _counts(course: Course) -> dict[str, int]:
    rows = course.enrolments.values_list("status", flat=True)
    statuses = list(rows)
    return {
        "enrolled": statuses.count(Enrolment.Status.ENROLLED),
        "waitlisted": statuses.count(Enrolment.Status.WAITLISTED),
    }


def _course(course: Course) -> dict[str, Any]:
    theme = course.theme
    return {
        "id": course.pk,
        "theme": {
            "code": theme.code,
            "kind": theme.kind,
            "integration_year": theme.integration_year,
            "name": pick(theme.name).value,
            "hours": theme.hours,
        },
        "language": course.language,
        "year": course.year,
        "quarter": course.quarter,
        "organiser": course.organiser.slug,
        "capacity": course.capacity,
        "level": course.level,
        **_counts(course),
    }


def _session(session: Session) -> dict[str, Any]:
    place = pick(session.place.name).value if session.place else session.place_text
    return {
        "id": session.pk,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": place,
        "facilitator": session.facilitator.username if session.facilitator else None,
        "interpreter_language": session.interpreter_language,
        "interpreter": session.interpreter,
        "cancelled": session.cancelled,
    }


@router.get("/courses", response=CoursePage, summary="The quarter's courses the caller sees")
def list_courses(request: AuthenticatedRequest, q: Query[CourseListQuery]) -> dict[str, Any]:
    today = timezone.localdate()
    year = q.year or today.year
    quarter = q.quarter or (today.month - 1) // 3 + 1
    courses = list(
        course_scopes.visible_courses(request.user)
        .filter(year=year, quarter=quarter)
        .select_related("theme", "organiser")
        .order_by("theme__kind", "theme__integration_year", "theme__order", "language", "id")
    )
    return {"count": len(courses), "results": [_course(c) for c in courses]}


@router.get("/courses/{course_id}", response=CourseDetailOut, summary="A course with its sessions")
def get_course(request: AuthenticatedRequest, course_id: uuid.UUID) -> dict[str, Any]:
    course = course_scopes.get_course_for_user(request.user, course_id)
    sessions = course.sessions.select_related("facilitator", "place")
    return {**_course(course), "sessions": [_session(s) for s in sessions]}


@router.post(
    "/courses/{course_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Enrol a client (a place, or the waiting list when the course is full)",
)
def create_enrolment(
    request: AuthenticatedRequest, course_id: uuid.UUID, payload: EnrolmentIn
) -> Status[dict[str, Any]]:
    user = request.user
    course = course_scopes.get_course_for_user(user, course_id)
    client = course_scopes.enrollable_clients(user).filter(pk=payload.client_id).first()
    if client is None or client.status != ClientStatus.ACTIVE:
        raise ApiError(
            422,
            "Some fields are invalid; nothing was saved.",
            fields={"client_id": ["No client you may enrol has this id."]},
        )
    try:
        enrolment = actions.do_enrol_client(client, course, acting_user=user)
    except InvalidError as exc:
        fields = {("client_id" if k == "client" else k): v for k, v in exc.errors.items()}
        raise ApiError(409, "The client is already on this course.", fields=fields) from None
    record_read("course_enrolment", [enrolment.pk], client_ids=[client.pk])
    return Status(
        201,
        {
            "id": enrolment.pk,
            "client_id": client.pk,
            "course_id": course.pk,
            "status": enrolment.status,
            "position": enrolment.position,
            "created_at": enrolment.created_at,
        },
    )


def _attendance(session: Session) -> dict[str, Any]:
    enrolments = list(
        session.course.enrolments.filter(
            status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
        )
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "id")
    )
    marks = {a.enrolment_id: a for a in session.attendances.select_related("session")}
    record_read(
        "course_enrolment",
        [e.pk for e in enrolments],
        kind=AccessEvent.Kind.LIST,
        client_ids=[e.client_id for e in enrolments],
        purpose="attendance",
    )
    rows = []
    for e in enrolments:
        mark: Attendance | None = marks.get(e.pk)
        rows.append(
            {
                "enrolment_id": e.pk,
                "client_id": e.client_id,
                "name": e.client.full_name,
                "status": mark.status if mark else None,
                "missed_without_cancelling": bool(mark and mark.missed_without_cancelling),
            }
        )
    return {"session_id": session.pk, "rows": rows}


@router.get(
    "/sessions/{session_id}/attendance",
    response=AttendanceOut,
    summary="A session's participants and their attendance",
)
def get_attendance(request: AuthenticatedRequest, session_id: uuid.UUID) -> dict[str, Any]:
    session = course_scopes.get_session_to_mark(request.user, session_id)
    return _attendance(session)


@router.put(
    "/sessions/{session_id}/attendance",
    response=AttendanceOut,
    summary="Mark a session's attendance (the listed participants; all or nothing)",
)
def mark_attendance(
    request: AuthenticatedRequest, session_id: uuid.UUID, payload: AttendanceIn
) -> dict[str, Any]:
    session = course_scopes.get_session_to_mark(request.user, session_id)
    marks = {str(m.enrolment_id): m.status for m in payload.marks}
    index = {str(m.enrolment_id): n for n, m in enumerate(payload.marks)}
    try:
        actions.do_mark_attendance(session, marks, acting_user=request.user)
    except InvalidError as exc:
        fields: dict[str, list[str]] = {}
        for key, messages in exc.errors.items():
            if key.startswith("marks."):
                key = f"marks[{index.get(key.removeprefix('marks.'), 0)}]"
            fields.setdefault(key, []).extend(messages)
        raise ApiError(422, "Some fields are invalid; nothing was saved.", fields=fields) from None
    return _attendance(session)


# --- Timetable runs (docs/courses.md, "Timetable runs") --------------------------------------


class RunIn(Schema):
    quarter: str = Field(description='The quarter, like "2027Q1"')
    organisation: str | None = Field(
        None, description="The organising organisation's slug (default: the caller's only one)"
    )
    pins: list[str] = Field(
        default_factory=list, description='Session keys of an earlier run to keep, "kela/fi#1"'
    )
    from_run: uuid.UUID | None = Field(
        None, description="The run the pins come from (default: the quarter's latest result)"
    )
    time_limit: int | None = Field(None, description="Seconds, 1-3600 (default: the setting)")


class RunCreated(Schema):
    id: uuid.UUID
    status: str


class RunOut(Schema):
    id: uuid.UUID
    quarter: str
    organisation: str
    status: str = Field(description="queued, running, stopped, finished or failed")
    time_limit: int
    stop_requested: bool
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    published_at: datetime.datetime | None
    progress: dict[str, Any] = Field(description="objective, bound, elapsed, updated_at")
    result: dict[str, Any] = Field(
        description="sessions, unplaced demands with reasons, objective, bound, soft-cost "
        "breakdown and weights"
    )
    pins: dict[str, Any]
    error: str


class PublishOut(Schema):
    run: RunOut
    courses: list[uuid.UUID]


def _run(run: Any) -> dict[str, Any]:
    return {
        "id": run.pk,
        "quarter": run.quarter,
        "organisation": run.organisation.slug,
        "status": run.status,
        "time_limit": run.time_limit,
        "stop_requested": run.stop_requested,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "published_at": run.published_at,
        "progress": run.progress or {},
        "result": run.result or {},
        "pins": run.pins or {},
        "error": run.error,
    }


def _invalid(exc: InvalidError) -> ApiError:
    return ApiError(422, "Some fields are invalid; nothing was saved.", fields=dict(exc.errors))


@router.post(
    "/timetable-runs",
    response={202: RunCreated},
    summary="Start solving a quarter's timetable (the organisation's coordinators)",
)
def start_timetable_run(request: AuthenticatedRequest, payload: RunIn) -> Status[dict[str, Any]]:
    user = request.user
    mine = Organisation.objects.filter(pk__in=course_scopes.run_organisations(user))
    if payload.organisation:
        organisation = mine.filter(slug=payload.organisation).first()
    else:
        organisation = mine.first() if mine.count() == 1 else None
    if organisation is None:
        raise ApiError(
            422,
            "Some fields are invalid; nothing was saved.",
            fields={"organisation": ["Name one organisation you coordinate."]},
        )
    source = None
    if payload.from_run is not None:
        source = course_scopes.visible_runs(user).filter(pk=payload.from_run).first()
        if source is None:
            raise ApiError(
                422,
                "Some fields are invalid; nothing was saved.",
                fields={"from_run": ["No run you may see has this id."]},
            )
    try:
        run = actions.do_start_timetable_run(
            organisation,
            payload.quarter,
            pins=payload.pins,
            from_run=source,
            time_limit=payload.time_limit,
            acting_user=user,
        )
    except actions.RunConflictError as exc:
        raise ApiError(
            409, "A run of this quarter is already queued or running.", fields=dict(exc.errors)
        ) from None
    except InvalidError as exc:
        raise _invalid(exc) from None
    run.refresh_from_db(fields=["status"])
    return Status(202, {"id": run.pk, "status": run.status})


@router.get("/timetable-runs/{run_id}", response=RunOut, summary="A timetable run")
def get_timetable_run(request: AuthenticatedRequest, run_id: uuid.UUID) -> dict[str, Any]:
    return _run(course_scopes.get_run_for_user(request.user, run_id))


@router.post(
    "/timetable-runs/{run_id}/stop",
    response=RunOut,
    summary="Ask a run to stop (it keeps the best timetable found)",
)
def stop_timetable_run(request: AuthenticatedRequest, run_id: uuid.UUID) -> dict[str, Any]:
    run = course_scopes.get_run_for_user(request.user, run_id)
    try:
        actions.do_stop_timetable_run(run, acting_user=request.user)
    except InvalidError as exc:
        raise ApiError(409, "The run is not queued or running.", fields=dict(exc.errors)) from None
    return _run(course_scopes.get_run_for_user(request.user, run_id))


@router.post(
    "/timetable-runs/{run_id}/publish",
    response=PublishOut,
    summary="Make a run's timetable the quarter's courses and sessions",
)
def publish_timetable_run(request: AuthenticatedRequest, run_id: uuid.UUID) -> dict[str, Any]:
    run = course_scopes.get_run_for_user(request.user, run_id)
    try:
        courses = actions.do_publish_timetable_run(run, acting_user=request.user)
    except InvalidError as exc:
        raise ApiError(
            409, "The run cannot be published as it is.", fields=dict(exc.errors)
        ) from None
    return {
        "run": _run(course_scopes.get_run_for_user(request.user, run_id)),
        "courses": [c.pk for c in courses],
    }
