"""Every change of an enrolment and of attendance: enrolling (a place or the waiting list),
cancelling (the first on the waiting list moves up), marking attendance.

Each action checks the acting user's right (`courses.scopes`) and refuses with
`NotAllowedError` (the caller answers 404), refuses bad input with `InvalidError` naming the
field, and writes its change-log rows with old and new values in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_noop

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.courses import scopes as course_scopes
from kotopolku.courses.models import Attendance, Course, Enrolment, EnrolmentStatus, Session

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
