"""The timetable-run API: start (202), read, stop, publish, the 409 of a second run, errors
naming fields, and 404 for those outside the organising organisation's coordinators (answers
checked against the OpenAPI document by tests/conftest)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.test import Client as HttpClient

from kotopolku.courses.models import Course, TimetableRun
from tests.courses.conftest import api
from tests.courses.test_runs import _tiny_quarter  # noqa: F401  (the tiny quarter, autouse)


def post(caller: HttpClient, path: str, body: dict[str, Any] | None = None) -> Any:
    return caller.post(path, json.dumps(body or {}), content_type="application/json")


def test_start_read_and_publish_a_run(
    token_for: Callable[[str], str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    caller = api(token_for("coordinator.joensuu"))
    with django_capture_on_commit_callbacks(execute=True):
        started = post(caller, "/api/v1/timetable-runs", {"quarter": "2027Q1", "time_limit": 2})
    assert started.status_code == 202
    run_id = started.json()["id"]
    got = caller.get(f"/api/v1/timetable-runs/{run_id}")
    assert got.status_code == 200
    body = got.json()
    assert body["status"] == "finished"
    assert body["organisation"] == "toivo"
    assert len(body["result"]["sessions"]) == 4
    assert body["result"]["unplaced"][0]["demand"] == "residence-permits/so"
    assert body["progress"]["objective"] == body["result"]["objective"]
    published = post(caller, f"/api/v1/timetable-runs/{run_id}/publish")
    assert published.status_code == 200
    assert len(published.json()["courses"]) == 3
    assert published.json()["run"]["published_at"]
    again = post(caller, f"/api/v1/timetable-runs/{run_id}/publish")
    assert again.json()["courses"] == published.json()["courses"]
    assert Course.objects.filter(year=2027, quarter=1).count() == 3


def test_a_second_run_is_409_and_bad_fields_are_named(
    token_for: Callable[[str], str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    caller = api(token_for("coordinator.joensuu"))
    with django_capture_on_commit_callbacks(execute=False):  # the task does not run: queued
        first = post(caller, "/api/v1/timetable-runs", {"quarter": "2027Q1"})
    assert first.status_code == 202
    assert first.json()["status"] == "queued"
    second = post(caller, "/api/v1/timetable-runs", {"quarter": "2027Q1"})
    assert second.status_code == 409
    assert "quarter" in second.json()["error"]["fields"]
    bad = post(caller, "/api/v1/timetable-runs", {"quarter": "Q1-2027", "time_limit": 99999})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"quarter", "time_limit"}
    pins = post(
        caller,
        "/api/v1/timetable-runs",
        {"quarter": "2027Q2", "pins": ["kela/fi#1"]},
    )
    assert pins.status_code == 422
    assert set(pins.json()["error"]["fields"]) == {"pins"}
    unpublishable = post(caller, f"/api/v1/timetable-runs/{first.json()['id']}/publish")
    assert unpublishable.status_code == 409
    assert "status" in unpublishable.json()["error"]["fields"]
    assert TimetableRun.objects.count() == 1


def test_stop_sets_the_flag_and_a_finished_run_is_409(
    token_for: Callable[[str], str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    caller = api(token_for("coordinator.joensuu"))
    with django_capture_on_commit_callbacks(execute=False):
        run_id = post(caller, "/api/v1/timetable-runs", {"quarter": "2027Q1"}).json()["id"]
    stopped = post(caller, f"/api/v1/timetable-runs/{run_id}/stop")
    assert stopped.status_code == 200
    assert stopped.json()["stop_requested"] is True
    TimetableRun.objects.filter(pk=run_id).update(status="finished")
    late = post(caller, f"/api/v1/timetable-runs/{run_id}/stop")
    assert late.status_code == 409
    assert "status" in late.json()["error"]["fields"]


def test_others_get_404(
    token_for: Callable[[str], str], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    caller = api(token_for("coordinator.joensuu"))
    with django_capture_on_commit_callbacks(execute=False):
        run_id = post(caller, "/api/v1/timetable-runs", {"quarter": "2027Q1"}).json()["id"]
    kokkola = api(token_for("coordinator.kokkola"))
    for path in ("", "/stop", "/publish"):
        url = f"/api/v1/timetable-runs/{run_id}{path}"
        answer = kokkola.get(url) if not path else post(kokkola, url)
        assert answer.status_code == 404, path
    # a coordinator elsewhere cannot start one for Toivo
    refused = post(
        kokkola, "/api/v1/timetable-runs", {"quarter": "2027Q1", "organisation": "toivo"}
    )
    assert refused.status_code == 422
    assert "organisation" in refused.json()["error"]["fields"]
    counsellor = api(token_for("counsellor.joensuu"))
    assert counsellor.get(f"/api/v1/timetable-runs/{run_id}").status_code == 404
    assert post(counsellor, "/api/v1/timetable-runs", {"quarter": "2027Q1"}).status_code == 404
    assert TimetableRun.objects.get(pk=run_id).stop_requested is False
