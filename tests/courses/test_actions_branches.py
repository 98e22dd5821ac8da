"""Branches of the course actions the story tests leave out (issue 13 item 6: the actions group
at 100 %): a stranger's cancellation, an empty attendance list, a mark given again unchanged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.clients.models import Client
from kotopolku.core.errors import InvalidError
from kotopolku.courses import actions
from kotopolku.courses.models import Attendance, Course, Enrolment, TimetableRun
from tests.courses.conftest import persona_context
from tests.courses.test_actions import cancel, enrol, mark
from tests.courses.test_runs import _tiny_quarter, publish, start  # noqa: F401 (fixture)

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


def test_a_second_stop_of_a_queued_run_writes_nothing_more(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    user = world["coordinator.joensuu"]
    run = start(world, django_capture_on_commit_callbacks, run_task=False)
    with acting(view="test:stop", **persona_context(user)):
        actions.do_stop_timetable_run(run, acting_user=user)
        again = actions.do_stop_timetable_run(run, acting_user=user)
    assert again.stop_requested and again.status == TimetableRun.Status.QUEUED
    rows = ChangeEvent.objects.filter(subject_type="timetable_run", action="update")
    assert rows.count() == 1


def test_only_the_organisations_coordinators_publish(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    run = start(world, django_capture_on_commit_callbacks)
    with pytest.raises(actions.NotAllowedError):
        actions.do_publish_timetable_run(run, acting_user=world["coordinator.kokkola"])
    run.refresh_from_db()
    assert run.published_at is None
    assert not Course.objects.filter(year=2027).exists()


def test_a_result_whose_theme_the_curriculum_lacks_is_not_published(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    run = start(world, django_capture_on_commit_callbacks)
    result = dict(run.result)
    result["sessions"] = [dict(s, theme="no-such-theme") for s in result["sessions"]]
    TimetableRun.objects.filter(pk=run.pk).update(result=result)
    run.refresh_from_db()
    with pytest.raises(InvalidError) as refused:
        publish(world, run)
    assert set(refused.value.errors) == {"result"}
    assert "no-such-theme" in str(refused.value.errors["result"])
    assert not Course.objects.filter(year=2027).exists()
