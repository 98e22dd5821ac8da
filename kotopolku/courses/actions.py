"""Every change of an enrolment and of attendance: enrolling (a place or the waiting list),
cancelling (the first on the waiting list moves up), marking attendance.

Each action checks the acting user's right (`courses.scopes`) and refuses with
`NotAllowedError` (the caller answers 404), refuses bad input with `InvalidError` naming the
field, and writes its change-log rows with old and new values in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_noop

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.courses import scopes as course_scopes
from kotopolku.courses import tasks
from kotopolku.courses.models import (
    QUARTER_CODE,
    Attendance,
    Course,
    Enrolment,
    EnrolmentStatus,
    Session,
    Theme,
    TimetableRun,
)
from kotopolku.orgs.models import Organisation

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client

A = ChangeEvent.Action
S = EnrolmentStatus
ENROLMENT_FIELDS = ("client_id", "course_id", "status", "position", "cancelled_at")
ATTENDANCE_FIELDS = ("enrolment_id", "session_id", "status", "marked_by_id")


class NotAllowedError(PermissionError):
    """The acting user may not do this (the caller answers 404)."""


def _log_enrolment(enrolment: Enrolment, old: Mapping[str, Any], action: str, actor: User) -> None:
    record_change(
        "course_enrolment",
        enrolment.pk,
        action,
        diff(old, snapshot(enrolment, ENROLMENT_FIELDS)),
        client_id=enrolment.client_id,
        actor=actor,
    )


@transaction.atomic
def do_enrol_client(client: Client, course: Course, *, acting_user: User) -> Enrolment:
    """Give the client a place on the course, or the next place on its waiting list when the
    course is full."""
    if not course_scopes.may_enrol(acting_user, client):
        raise NotAllowedError("The user may not enrol this client.")
    # one enrolment at a time per course: the capacity count and the positions stay right
    course = Course.objects.select_for_update().get(pk=course.pk)
    active = course.enrolments.filter(status__in=(S.ENROLLED, S.WAITLISTED))
    if active.filter(client=client).exists():
        raise InvalidError(
            {"client": [gettext_noop("The client is already enrolled on this course.")]}
        )
    enrolled = active.filter(status=S.ENROLLED).count()
    if enrolled < course.capacity:
        status, position = S.ENROLLED, None
    else:
        last = active.filter(status=S.WAITLISTED).aggregate(m=Max("position"))["m"] or 0
        status, position = S.WAITLISTED, last + 1
    enrolment = Enrolment.objects.create(
        client=client, course=course, status=status, position=position, created_by=acting_user
    )
    _log_enrolment(enrolment, {}, A.CREATE, acting_user)
    return enrolment


@transaction.atomic
def do_cancel_enrolment(enrolment: Enrolment, *, acting_user: User) -> Enrolment | None:
    """Cancel an enrolment or a place on the waiting list. A freed place goes to the first on
    the waiting list; the others move up one. Returns the enrolment that moved up, if any."""
    if not course_scopes.may_cancel(acting_user, enrolment):
        raise NotAllowedError("The user may not cancel this enrolment.")
    Course.objects.select_for_update().get(pk=enrolment.course_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise InvalidError(
            {"status": [gettext_noop("Only an enrolment or a waiting-list place is cancelled.")]}
        )
    old = snapshot(enrolment, ENROLMENT_FIELDS)
    was = enrolment.status
    left_position = enrolment.position
    enrolment.status = S.CANCELLED
    enrolment.position = None
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "position", "cancelled_at", "updated_at"])
    _log_enrolment(enrolment, old, A.UPDATE, acting_user)
    waiting = Enrolment.objects.filter(course_id=enrolment.course_id, status=S.WAITLISTED)
    moved: Enrolment | None = None
    if was == S.ENROLLED:
        moved = waiting.order_by("position").first()
        if moved is not None:
            before = snapshot(moved, ENROLMENT_FIELDS)
            left_position = moved.position
            moved.status = S.ENROLLED
            moved.position = None
            moved.save(update_fields=["status", "position", "updated_at"])
            _log_enrolment(moved, before, A.UPDATE, acting_user)
    if left_position is not None:
        _close_gap(enrolment.course_id, left_position, acting_user)
    return moved


def _close_gap(course_id: Any, position: int, acting_user: User) -> None:
    behind = list(
        Enrolment.objects.filter(
            course_id=course_id, status=S.WAITLISTED, position__gt=position
        ).order_by("position")
    )
    for row in behind:
        before = snapshot(row, ENROLMENT_FIELDS)
        row.position = (row.position or 1) - 1
        row.save(update_fields=["position", "updated_at"])
        _log_enrolment(row, before, A.UPDATE, acting_user)


@transaction.atomic
def do_mark_attendance(
    session: Session, marks: Mapping[Any, str], *, acting_user: User
) -> list[Attendance]:
    """Mark the attendance of the session's participants: `marks` maps an enrolment id to a
    status (`Attendance.Status`). Marking again changes the mark. All or nothing."""
    if not course_scopes.may_mark(acting_user, session):
        raise NotAllowedError("The user may not mark this session's attendance.")
    errors = Errors()
    if session.cancelled:
        errors.add(
            "session", gettext_noop("The session is cancelled: there is no attendance to mark.")
        )
    if not marks:
        errors.add("marks", gettext_noop("Mark at least one participant."))
    enrolments = {
        str(e.pk): e
        for e in Enrolment.objects.filter(
            course_id=session.course_id,
            status__in=(S.ENROLLED, S.COMPLETED),
            pk__in=[str(k) for k in marks],
        )
    }
    valid = set(Attendance.Status.values)
    for key, status in marks.items():
        if str(key) not in enrolments:
            errors.add(
                f"marks.{key}", gettext_noop("No enrolled participant of this course has this id.")
            )
        elif status not in valid:
            errors.add(f"marks.{key}", f"Choose one of: {', '.join(sorted(valid))}.")
    errors.raise_if_any()
    existing = {str(a.enrolment_id): a for a in session.attendances.all()}
    now = timezone.now()
    saved: list[Attendance] = []
    for key, status in marks.items():
        enrolment = enrolments[str(key)]
        row = existing.get(str(key))
        if row is not None and row.status == status:
            saved.append(row)
            continue
        old: dict[str, Any] = {}
        if row is None:
            row = Attendance(enrolment=enrolment, session=session)
            action = A.CREATE
        else:
            old = snapshot(row, ATTENDANCE_FIELDS)
            action = A.UPDATE
        row.status = status
        row.marked_by = acting_user
        row.marked_at = now
        row.save()
        record_change(
            "course_attendance",
            row.pk,
            action,
            diff(old, snapshot(row, ATTENDANCE_FIELDS)),
            client_id=enrolment.client_id,
            actor=acting_user,
        )
        saved.append(row)
    return saved


# --- Timetable runs (docs/courses.md, "Timetable runs") --------------------------------------

RUN_FIELDS = ("quarter", "organisation_id", "status", "time_limit", "stop_requested", "pins")
RUN_TIME_LIMIT = (1, 3600)  # seconds a run may be given


class RunConflictError(InvalidError):
    """A run of the quarter and organisation is already queued or running (the API's 409)."""


def _log_run(run: TimetableRun, old: Mapping[str, Any], action: str, actor: User) -> None:
    record_change(
        "timetable_run", run.pk, action, diff(old, snapshot(run, RUN_FIELDS)), actor=actor
    )


def _pins_from(
    organisation_id: Any, quarter: str, keys: list[str], from_run: TimetableRun | None
) -> dict[str, Any]:
    """The engine's pins for the session keys of an earlier run (`from_run`, or the latest
    run of the quarter with a result)."""
    if not keys:
        return {}
    source = from_run
    if source is None:
        source = (
            TimetableRun.objects.filter(
                organisation_id=organisation_id,
                quarter=quarter,
                status__in=(TimetableRun.Status.FINISHED, TimetableRun.Status.STOPPED),
            )
            .exclude(result={})
            .order_by("-created_at")
            .first()
        )
    errors = Errors()
    if source is None or source.organisation_id != organisation_id or source.quarter != quarter:
        errors.add(
            "pins", gettext_noop("There is no earlier run of this quarter to take pins from.")
        )
        errors.raise_if_any()
    assert source is not None
    sessions = {s["key"]: s for s in (source.result or {}).get("sessions", [])}
    pins = []
    for n, key in enumerate(keys):
        s = sessions.get(key)
        if s is None:
            errors.add(f"pins[{n}]", gettext_noop("The earlier run has no session with this key."))
            continue
        pins.append(
            {
                "demand": s["demand"],
                "session": s["index"],
                "date": s["date"],
                "start": s["start"],
                "room": s["room"],
                "facilitator": s["facilitator"],
                "interpreter": s["interpreter"],
            }
        )
    errors.raise_if_any()
    return {"from_run": str(source.pk), "keys": list(keys), "pins": pins}


@transaction.atomic
def do_start_timetable_run(
    organisation: Any,
    quarter: str,
    *,
    pins: list[str] | tuple[str, ...] = (),
    from_run: TimetableRun | None = None,
    time_limit: int | None = None,
    acting_user: User,
) -> TimetableRun:
    """Queue a solve of the quarter ("2027Q1") for the organisation; the task starts after the
    transaction commits. Refused while a run of the quarter and organisation is queued or
    running (`RunConflictError`)."""
    if not course_scopes.may_run(acting_user, organisation.pk):
        raise NotAllowedError("The user may not run this organisation's timetable.")
    errors = Errors()
    if not re.fullmatch(QUARTER_CODE, quarter or ""):
        errors.add("quarter", gettext_noop("A quarter is written like 2027Q1."))
    default = getattr(settings, "KOTOPOLKU_TIMETABLE_SECONDS", 60)
    limit = time_limit if time_limit is not None else default
    if not RUN_TIME_LIMIT[0] <= limit <= RUN_TIME_LIMIT[1]:
        errors.add("time_limit", gettext_noop("Give between 1 and 3600 seconds."))
    errors.raise_if_any()
    # one start at a time per organisation: the "already running" check stays right
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    active = TimetableRun.objects.filter(
        organisation=organisation, quarter=quarter, status__in=TimetableRun.ACTIVE
    )
    if active.exists():
        raise RunConflictError(
            {"quarter": [gettext_noop("A run of this quarter is already queued or running.")]}
        )
    run = TimetableRun.objects.create(
        quarter=quarter,
        organisation=organisation,
        started_by=acting_user,
        time_limit=limit,
        pins=_pins_from(organisation.pk, quarter, list(pins), from_run),
    )
    _log_run(run, {}, A.CREATE, acting_user)
    run_id = str(run.pk)
    transaction.on_commit(lambda: tasks.solve_timetable_run.enqueue(run_id))
    return run


@transaction.atomic
def do_stop_timetable_run(run: TimetableRun, *, acting_user: User) -> TimetableRun:
    """Ask a queued or running run to stop; the solve keeps the best timetable found."""
    if not course_scopes.may_run(acting_user, run.organisation_id):
        raise NotAllowedError("The user may not stop this run.")
    run = TimetableRun.objects.select_for_update().get(pk=run.pk)
    if not run.is_active:
        raise InvalidError({"status": [gettext_noop("The run is not queued or running.")]})
    if run.stop_requested:
        return run
    old = snapshot(run, RUN_FIELDS)
    run.stop_requested = True
    TimetableRun.objects.filter(pk=run.pk).update(stop_requested=True)
    _log_run(run, old, A.UPDATE, acting_user)
    return run


def _session_times(date: str, start: str, end: str) -> tuple[Any, Any]:
    day = dt.date.fromisoformat(date)
    tz = timezone.get_default_timezone()
    begin = dt.datetime.combine(day, dt.time.fromisoformat(start), tzinfo=tz)
    return begin, dt.datetime.combine(day, dt.time.fromisoformat(end), tzinfo=tz)


@transaction.atomic
def do_publish_timetable_run(run: TimetableRun, *, acting_user: User) -> list[Course]:
    """Make the run's timetable the quarter's courses and sessions. Publishing again returns
    the same courses. The courses of another run published earlier are replaced only while
    nobody is enrolled on them; otherwise refused (`run`), nothing changed."""
    if not course_scopes.may_run(acting_user, run.organisation_id):
        raise NotAllowedError("The user may not publish this run.")
    run = TimetableRun.objects.select_for_update().get(pk=run.pk)
    if run.published_at is not None:
        return _published(run)
    sessions = (run.result or {}).get("sessions", [])
    if run.status not in (TimetableRun.Status.FINISHED, TimetableRun.Status.STOPPED) or not (
        sessions
    ):
        raise InvalidError(
            {"status": [gettext_noop("Only a finished or stopped run with sessions is published.")]}
        )
    earlier = list(
        TimetableRun.objects.select_for_update()
        .filter(organisation_id=run.organisation_id, quarter=run.quarter)
        .exclude(pk=run.pk)
        .exclude(published_at=None)
    )
    old_courses = Course.objects.filter(timetable_runs__in=earlier)
    if Enrolment.objects.filter(course__in=old_courses).exists():
        raise InvalidError(
            {
                "run": [
                    gettext_noop(
                        "The quarter's published timetable already has enrolments: it is "
                        "not replaced."
                    )
                ]
            }
        )
    codes = {f"y{s['year']}-{s['theme']}" for s in sessions}
    themes = {t.code: t for t in Theme.objects.filter(code__in=codes)}
    missing = sorted(codes - set(themes))
    if missing:
        raise InvalidError(
            {"result": [f"No theme of the curriculum has the code {', '.join(missing)}."]}
        )
    for old_course in old_courses:
        record_change(
            "course", old_course.pk, A.DELETE, {"id": [str(old_course.pk), None]}, actor=acting_user
        )
    for earlier_run in earlier:
        before = {"published_at": earlier_run.published_at}
        earlier_run.published_at = None
        earlier_run.save(update_fields=["published_at"])
        record_change(
            "timetable_run",
            earlier_run.pk,
            A.UPDATE,
            diff(before, {"published_at": None}),
            actor=acting_user,
        )
    old_courses.delete()
    year, quarter = run.year_quarter
    by_demand: dict[str, list[dict[str, Any]]] = {}
    for s in sessions:
        by_demand.setdefault(s["demand"], []).append(s)
    made: list[Course] = []
    for demand, rows in sorted(by_demand.items()):
        first = rows[0]
        course = Course.objects.create(
            theme=themes[f"y{first['year']}-{first['theme']}"],
            language=first["language"],
            year=year,
            quarter=quarter,
            organiser_id=run.organisation_id,
            capacity=min(r["room_capacity"] for r in rows),
        )
        for r in sorted(rows, key=lambda r: r["index"]):
            starts, ends = _session_times(r["date"], r["start"], r["end"])
            Session.objects.create(
                course=course,
                starts_at=starts,
                ends_at=ends,
                place_text=f"{r['room_name']}, {r['municipality']}",
                interpreter_language=first["language"] if r["interpreter"] else "",
                interpreter=r["interpreter_title"],
            )
        record_change(
            "course",
            course.pk,
            A.CREATE,
            {"demand": [None, demand], "sessions": [None, len(rows)]},
            actor=acting_user,
        )
        made.append(course)
    run.courses.set(made)
    run.published_at = timezone.now()
    run.published_by = acting_user
    run.save(update_fields=["published_at", "published_by"])
    record_change(
        "timetable_run",
        run.pk,
        A.UPDATE,
        {"published_at": [None, run.published_at.isoformat()]},
        actor=acting_user,
    )
    return _published(run)


def _published(run: TimetableRun) -> list[Course]:
    return list(run.courses.select_related("theme").order_by("theme__code", "language", "pk"))
