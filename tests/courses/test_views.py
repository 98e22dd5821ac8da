"""The course pages: the list, a course, enrolling (from the course and from the client's
page), cancelling, the attendance page, the client page's section; fi/sv/en; 404s."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.clients.models import Client
from kotopolku.courses.models import Attendance, Course, Enrolment
from tests.courses.test_actions import enrol, mark


def test_the_course_list_shows_the_quarter_by_kind(
    sign_in: Callable[..., Any], course: Course
) -> None:
    page = sign_in("counsellor.joensuu").get("/courses/?year=2026&quarter=4")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kela matters" in body
    assert f"/courses/{course.pk}/" in body
    assert "Group guidance" in body and "Civic orientation" in body


@pytest.mark.parametrize(
    ("language", "text"),
    [("fi", "Kela-asiat"), ("sv", "FPA-ärenden"), ("en", "Kela matters")],
)
def test_the_course_page_renders_in_each_ui_language(
    sign_in: Callable[..., Any], course: Course, language: str, text: str
) -> None:
    page = sign_in("counsellor.joensuu", language).get(f"/courses/{course.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert text in body
    assert f'lang="{language}"' in body


def test_a_counsellor_enrols_from_the_course_page_and_the_read_is_logged(
    world: dict[str, User],
    sign_in: Callable[..., Any],
    add_client: Callable[..., Client],
    course: Course,
) -> None:
    client = add_client()
    browser = sign_in("counsellor.joensuu")
    page = browser.get(f"/courses/{course.pk}/")
    assert client.full_name in page.content.decode()
    answer = browser.post(f"/courses/{course.pk}/enrol/", {"client": str(client.pk)})
    assert answer.status_code == 302
    row = Enrolment.objects.get(client=client)
    assert row.status == "enrolled"
    page = browser.get(f"/courses/{course.pk}/")
    assert AccessEvent.objects.filter(subject_type="course_enrolment", client_id=client.pk).exists()


def test_an_enrolment_without_a_client_is_refused_naming_the_field(
    sign_in: Callable[..., Any], course: Course
) -> None:
    answer = sign_in("counsellor.joensuu").post(f"/courses/{course.pk}/enrol/", {"client": ""})
    assert answer.status_code == 422
    assert 'id="id_client_error"' in answer.content.decode()
    assert not course.enrolments.exists()


def test_the_client_page_enrols_and_shows_the_section(
    world: dict[str, User],
    sign_in: Callable[..., Any],
    add_client: Callable[..., Client],
    make_course: Callable[..., Course],
) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    course = make_course()
    Course.objects.filter(pk=course.pk).update(year=today.year, quarter=(today.month - 1) // 3 + 1)
    client = add_client()
    browser = sign_in("counsellor.joensuu")
    form = browser.get(f"/courses/client/{client.pk}/")
    assert form.status_code == 200 and str(course.pk) in form.content.decode()
    answer = browser.post(f"/courses/client/{client.pk}/", {"course": str(course.pk)})
    assert answer.status_code == 302
    enrolment = Enrolment.objects.get(client=client)
    mark(world, course.sessions.first(), {enrolment.pk: "present"})
    page = browser.get(f"/clients/{client.pk}/")
    body = page.content.decode()
    assert 'id="courses"' in body
    assert "1 session attended" in body


def test_civic_orientation_hours_count_on_the_client_page(
    world: dict[str, User],
    sign_in: Callable[..., Any],
    add_client: Callable[..., Client],
    make_course: Callable[..., Course],
) -> None:
    course = make_course(theme="co-finland-society")
    client = add_client()
    enrolment = enrol(world, client, course)
    for session in course.sessions.all():
        mark(world, session, {enrolment.pk: "present"})
    body = sign_in("counsellor.joensuu").get(f"/clients/{client.pk}/").content.decode()
    assert "civic orientation: 4 hours attended" in body


def test_the_attendance_page_marks_with_one_form_post(
    world: dict[str, User],
    sign_in: Callable[..., Any],
    add_client: Callable[..., Client],
    course: Course,
) -> None:
    a, b = enrol(world, add_client(), course), enrol(world, add_client(), course)
    session = course.sessions.first()
    browser = sign_in("facilitator.joensuu")
    page = browser.get(f"/courses/sessions/{session.pk}/attendance/")
    assert page.status_code == 200
    assert a.client.full_name in page.content.decode()
    answer = browser.post(
        f"/courses/sessions/{session.pk}/attendance/",
        {f"mark-{a.pk}": "present", f"mark-{b.pk}": "absent"},
    )
    assert answer.status_code == 302
    assert dict(Attendance.objects.values_list("enrolment_id", "status")) == {
        a.pk: "present",
        b.pk: "absent",
    }


def test_a_bad_mark_is_refused_naming_the_participant(
    world: dict[str, User],
    sign_in: Callable[..., Any],
    add_client: Callable[..., Client],
    course: Course,
) -> None:
    a = enrol(world, add_client(), course)
    session = course.sessions.first()
    answer = sign_in("facilitator.joensuu").post(
        f"/courses/sessions/{session.pk}/attendance/", {f"mark-{a.pk}": "late"}
    )
    assert answer.status_code == 422
    assert f'id="id_mark-{a.pk}_error"' in answer.content.decode()
    assert not Attendance.objects.exists()


def test_strangers_get_404(
    world: dict[str, User],
    sign_in: Callable[..., Any],
    add_client: Callable[..., Client],
    course: Course,
) -> None:
    row = enrol(world, add_client(), course)
    session = course.sessions.first()
    kokkola = sign_in("counsellor.kokkola")
    assert kokkola.get(f"/courses/{course.pk}/").status_code == 404
    assert kokkola.post(f"/courses/enrolments/{row.pk}/cancel/").status_code == 404
    # the counsellor sees the course but neither facilitates nor coordinates the session
    joensuu = sign_in("counsellor.joensuu")
    assert joensuu.get(f"/courses/sessions/{session.pk}/attendance/").status_code == 404
    other = add_client(owner="counsellor.kokkola")
    assert joensuu.get(f"/courses/client/{other.pk}/").status_code == 404


def test_cancelling_from_the_course_page_moves_the_first_waiting_up(
    world: dict[str, User],
    sign_in: Callable[..., Any],
    add_client: Callable[..., Client],
    course: Course,
) -> None:
    first, _second, waiting = (enrol(world, add_client(), course) for _ in range(3))
    answer = sign_in("counsellor.joensuu").post(f"/courses/enrolments/{first.pk}/cancel/")
    assert answer.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"
