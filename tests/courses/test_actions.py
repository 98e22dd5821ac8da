"""Enrolment, the waiting list, move-up and attendance through the actions, with their
change-log rows and the permission refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.clients.models import Client
from kotopolku.core.errors import InvalidError
from kotopolku.courses import actions
from kotopolku.courses.models import Attendance, Course, Enrolment
from tests.courses.conftest import persona_context

S = Enrolment.Status


def enrol(world: dict[str, User], client: Client, course: Course, by: str = "counsellor.joensuu"):
    user = world[by]
    with acting(view="test:enrol", **persona_context(user)):
        return actions.do_enrol_client(client, course, acting_user=user)


def cancel(world: dict[str, User], enrolment: Enrolment, by: str = "counsellor.joensuu"):
    user = world[by]
    with acting(view="test:cancel", **persona_context(user)):
        return actions.do_cancel_enrolment(enrolment, acting_user=user)


def mark(world: dict[str, User], session, marks, by: str = "facilitator.joensuu"):
    user = world[by]
    with acting(view="test:mark", **persona_context(user)):
        return actions.do_mark_attendance(session, marks, acting_user=user)


def test_enrolment_fills_the_capacity_then_the_waiting_list_in_order(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    rows = [enrol(world, add_client(), course) for _ in range(4)]
    assert [(r.status, r.position) for r in rows] == [
        (S.ENROLLED, None),
        (S.ENROLLED, None),
        (S.WAITLISTED, 1),
        (S.WAITLISTED, 2),
    ]
    events = ChangeEvent.objects.filter(subject_type="course_enrolment", action="create")
    assert events.count() == 4
    event = events.get(subject_id=str(rows[2].pk))
    assert event.client_id == rows[2].client_id
    assert event.changes["status"] == [None, "waitlisted"]
    assert event.changes["position"] == [None, 1]


def test_a_client_is_enrolled_once_and_nothing_changes(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    client = add_client()
    enrol(world, client, course)
    before = ChangeEvent.objects.count()
    with pytest.raises(InvalidError) as refused:
        enrol(world, client, course)
    assert "client" in refused.value.errors
    assert course.enrolments.count() == 1
    assert ChangeEvent.objects.count() == before


def test_cancelling_a_place_moves_the_first_waiting_up_and_the_rest_forward(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    first, _second, w1, w2, w3 = [enrol(world, add_client(), course) for _ in range(5)]
    moved = cancel(world, first)
    assert moved is not None and moved.pk == w1.pk
    states = {e.pk: (e.status, e.position) for e in course.enrolments.all()}
    assert states[first.pk] == (S.CANCELLED, None)
    assert states[w1.pk] == (S.ENROLLED, None)
    assert states[w2.pk] == (S.WAITLISTED, 1)
    assert states[w3.pk] == (S.WAITLISTED, 2)
    cancelled = ChangeEvent.objects.get(subject_id=str(first.pk), action="update")
    assert cancelled.changes["status"] == ["enrolled", "cancelled"]
    up = ChangeEvent.objects.get(subject_id=str(w1.pk), action="update")
    assert up.changes["status"] == ["waitlisted", "enrolled"]
    assert up.changes["position"] == [1, None]
    forward = ChangeEvent.objects.get(subject_id=str(w3.pk), action="update")
    assert forward.changes["position"] == [3, 2]


def test_cancelling_a_waiting_place_closes_the_gap_and_moves_nobody_up(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    _a, _b, w1, w2 = [enrol(world, add_client(), course) for _ in range(4)]
    assert cancel(world, w1) is None
    w2.refresh_from_db()
    assert (w2.status, w2.position) == (S.WAITLISTED, 1)
    assert course.enrolments.filter(status=S.ENROLLED).count() == 2


def test_a_cancelled_enrolment_cannot_be_cancelled_again(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    row = enrol(world, add_client(), course)
    cancel(world, row)
    with pytest.raises(InvalidError) as refused:
        cancel(world, row)
    assert "status" in refused.value.errors


def test_the_client_can_enrol_again_after_cancelling(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    client = add_client()
    cancel(world, enrol(world, client, course))
    again = enrol(world, client, course)
    assert again.status == S.ENROLLED


def test_a_counsellor_enrols_only_clients_they_may_see(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    kokkola_client = add_client(owner="counsellor.kokkola")
    with pytest.raises(actions.NotAllowedError):
        enrol(world, kokkola_client, course)
    # a coordinator is no enroller, even of the organiser
    with pytest.raises(actions.NotAllowedError):
        enrol(world, add_client(), course, by="coordinator.joensuu")
    assert not course.enrolments.exists()


def test_attendance_is_marked_in_bulk_and_a_change_is_logged_with_old_and_new(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    a, b = enrol(world, add_client(), course), enrol(world, add_client(), course)
    session = course.sessions.first()
    rows = mark(world, session, {a.pk: "present", b.pk: "absent"})
    assert {r.enrolment_id: r.status for r in rows} == {a.pk: "present", b.pk: "absent"}
    assert (
        ChangeEvent.objects.filter(subject_type="course_attendance", action="create").count() == 2
    )
    mark(world, session, {b.pk: "absent_cancelled"})
    event = ChangeEvent.objects.get(subject_type="course_attendance", action="update")
    assert event.changes["status"] == ["absent", "absent_cancelled"]
    assert event.client_id == b.client_id
    assert Attendance.objects.filter(session=session).count() == 2


def test_an_absence_without_cancelling_is_flagged_for_the_interpreter_fee_rule(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    a, b, c = (enrol(world, add_client(), course) for _ in range(3))
    session = course.sessions.first()
    mark(world, session, {a.pk: "absent", b.pk: "absent_cancelled"})
    flagged = Attendance.objects.missed_without_cancelling()
    assert [r.enrolment_id for r in flagged] == [a.pk]
    assert flagged[0].missed_without_cancelling
    # without an interpreter booked, an absence is no case of the fee rule
    session.interpreter_language = ""
    session.save()
    assert not Attendance.objects.missed_without_cancelling().exists()
    assert c.status == S.WAITLISTED


def test_attendance_refuses_strangers_and_bad_marks_and_changes_nothing(
    world: dict[str, User],
    add_client: Callable[..., Client],
    make_course: Callable[..., Course],
    course: Course,
) -> None:
    a = enrol(world, add_client(), course)
    other = enrol(world, add_client(), make_course())
    session = course.sessions.first()
    with pytest.raises(InvalidError) as refused:
        mark(world, session, {a.pk: "late", other.pk: "present"})
    assert set(refused.value.errors) == {f"marks.{a.pk}", f"marks.{other.pk}"}
    assert not Attendance.objects.exists()
    # the counsellor neither facilitates nor coordinates: refused
    with pytest.raises(actions.NotAllowedError):
        mark(world, session, {a.pk: "present"}, by="counsellor.joensuu")
    # the organiser's coordinator may mark
    mark(world, session, {a.pk: "present"}, by="coordinator.joensuu")
    assert Attendance.objects.get().status == "present"


def test_a_cancelled_session_has_no_attendance(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    a = enrol(world, add_client(), course)
    session = course.sessions.first()
    session.cancelled = True
    session.save()
    with pytest.raises(InvalidError) as refused:
        mark(world, session, {a.pk: "present"})
    assert "session" in refused.value.errors
