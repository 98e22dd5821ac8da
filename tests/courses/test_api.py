"""The courses API (answers checked against the OpenAPI document by tests/conftest)."""

from __future__ import annotations

import json
from collections.abc import Callable

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.clients.models import Client
from kotopolku.courses.models import Attendance, Course
from tests.courses.conftest import api
from tests.courses.test_actions import enrol


def test_the_course_list_and_a_course_with_its_sessions(
    token_for: Callable[[str], str], course: Course
) -> None:
    caller = api(token_for("counsellor.joensuu"))
    listed = caller.get("/api/v1/courses?year=2026&quarter=4")
    assert listed.status_code == 200
    ids = [row["id"] for row in listed.json()["results"]]
    assert str(course.pk) in ids
    one = caller.get(f"/api/v1/courses/{course.pk}")
    assert one.status_code == 200
    body = one.json()
    assert body["theme"]["code"] == "y1-kela"
    assert body["language"] == "ar"
    assert len(body["sessions"]) == 2
    assert body["sessions"][0]["interpreter_language"] == "ar"


def test_a_course_of_another_region_is_404(token_for: Callable[[str], str], course: Course) -> None:
    answer = api(token_for("counsellor.kokkola")).get(f"/api/v1/courses/{course.pk}")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"]


def test_enrolling_fills_then_waitlists(
    token_for: Callable[[str], str], add_client: Callable[..., Client], course: Course
) -> None:
    caller = api(token_for("counsellor.joensuu"))
    answers = [
        caller.post(
            f"/api/v1/courses/{course.pk}/enrolments",
            json.dumps({"client_id": str(add_client().pk)}),
            content_type="application/json",
        )
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [(a.json()["status"], a.json()["position"]) for a in answers] == [
        ("enrolled", None),
        ("enrolled", None),
        ("waitlisted", 1),
    ]


def test_enrolling_a_client_twice_or_a_stranger_names_the_field(
    token_for: Callable[[str], str], add_client: Callable[..., Client], course: Course
) -> None:
    caller = api(token_for("counsellor.joensuu"))
    client = add_client()
    url = f"/api/v1/courses/{course.pk}/enrolments"
    body = json.dumps({"client_id": str(client.pk)})
    assert caller.post(url, body, content_type="application/json").status_code == 201
    again = caller.post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert "client_id" in again.json()["error"]["fields"]
    stranger = add_client(owner="counsellor.kokkola")
    refused = caller.post(
        url, json.dumps({"client_id": str(stranger.pk)}), content_type="application/json"
    )
    assert refused.status_code == 422
    assert "client_id" in refused.json()["error"]["fields"]
    assert course.enrolments.count() == 1


def test_the_facilitator_reads_and_marks_attendance(
    world: dict[str, User],
    token_for: Callable[[str], str],
    add_client: Callable[..., Client],
    course: Course,
) -> None:
    a, b = enrol(world, add_client(), course), enrol(world, add_client(), course)
    session = course.sessions.first()
    caller = api(token_for("facilitator.joensuu"))
    url = f"/api/v1/sessions/{session.pk}/attendance"
    read = caller.get(url)
    assert read.status_code == 200
    assert {r["status"] for r in read.json()["rows"]} == {None}
    marks = {
        "marks": [
            {"enrolment_id": str(a.pk), "status": "present"},
            {"enrolment_id": str(b.pk), "status": "absent"},
        ]
    }
    put = caller.put(url, json.dumps(marks), content_type="application/json")
    assert put.status_code == 200
    rows = {r["enrolment_id"]: r for r in put.json()["rows"]}
    assert rows[str(a.pk)]["status"] == "present"
    assert rows[str(b.pk)]["missed_without_cancelling"] is True
    assert AccessEvent.objects.filter(
        subject_type="course_enrolment", client_id=a.client_id
    ).exists()


def test_a_bad_mark_names_its_place_in_the_list_and_changes_nothing(
    world: dict[str, User],
    token_for: Callable[[str], str],
    add_client: Callable[..., Client],
    course: Course,
) -> None:
    a = enrol(world, add_client(), course)
    session = course.sessions.first()
    body = {
        "marks": [
            {"enrolment_id": str(a.pk), "status": "present"},
            {"enrolment_id": str(a.pk).replace(str(a.pk)[:8], "00000000"), "status": "late"},
        ]
    }
    answer = api(token_for("facilitator.joensuu")).put(
        f"/api/v1/sessions/{session.pk}/attendance",
        json.dumps(body),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert list(answer.json()["error"]["fields"]) == ["marks[1]"]
    assert not Attendance.objects.exists()


def test_attendance_of_a_session_the_caller_does_not_run_is_404(
    token_for: Callable[[str], str], course: Course
) -> None:
    session = course.sessions.first()
    answer = api(token_for("counsellor.joensuu")).get(f"/api/v1/sessions/{session.pk}/attendance")
    assert answer.status_code == 404
