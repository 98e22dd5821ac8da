"""Branches of the course actions the story tests leave out (issue 13 item 6: the actions group
at 100 %): a stranger's cancellation, an empty attendance list, a mark given again unchanged."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from kotopolku.clients.models import Client
from kotopolku.core.errors import InvalidError
from kotopolku.courses import actions
from kotopolku.courses.models import Attendance, Course, Enrolment
from tests.courses.test_actions import cancel, enrol, mark

S = Enrolment.Status


def test_a_user_who_neither_enrols_the_client_nor_coordinates_cannot_cancel(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    enrolment = enrol(world, add_client(), course)
    before = ChangeEvent.objects.count()
    with pytest.raises(actions.NotAllowedError):
        cancel(world, enrolment, by="counsellor.kokkola")
    enrolment.refresh_from_db()
    assert enrolment.status == S.ENROLLED
    assert ChangeEvent.objects.count() == before


def test_an_empty_attendance_list_is_refused_naming_marks(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    enrol(world, add_client(), course)
    with pytest.raises(InvalidError) as refused:
        mark(world, course.sessions.first(), {})
    assert set(refused.value.errors) == {"marks"}
    assert not Attendance.objects.exists()


def test_a_mark_given_again_unchanged_writes_nothing(
    world: dict[str, User], add_client: Callable[..., Client], course: Course
) -> None:
    a, b = enrol(world, add_client(), course), enrol(world, add_client(), course)
    session = course.sessions.first()
    mark(world, session, {a.pk: "present", b.pk: "absent"})
    before = ChangeEvent.objects.filter(subject_type="course_attendance").count()
    rows = mark(world, session, {a.pk: "present", b.pk: "excused"})
    assert {r.enrolment_id: r.status for r in rows} == {a.pk: "present", b.pk: "excused"}
    events = ChangeEvent.objects.filter(subject_type="course_attendance")
    # only b's change is logged: a's unchanged mark is returned as it was
    assert events.count() == before + 1
    assert events.get(action="update").changes["status"] == ["absent", "excused"]
