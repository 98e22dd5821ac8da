"""The coordinator's timetable-run pages: the quarter's runs, Solve, the run with its status
region, result, pin boxes and unplaced list, Stop, Publish; 404 for anyone else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from kotopolku.courses.models import Course, TimetableRun
from tests.courses.test_runs import _tiny_quarter  # noqa: F401  (the tiny quarter, autouse)


def solve(browser: HttpClient, capture: Callable[..., Any], **data: Any) -> Any:
    with capture(execute=True):
        return browser.post(
            "/courses/runs/start/", {"quarter": "2027Q1", "organisation": "toivo", **data}
        )


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_runs_page_renders_in_each_language(
    sign_in: Callable[..., HttpClient], language: str
) -> None:
    page = sign_in("coordinator.joensuu", language).get("/courses/runs/?quarter=2027Q1")
    assert page.status_code == 200
    assert page.context["quarter"] == "2027Q1"
    assert b'action="/courses/runs/start/"' in page.content


def test_solve_show_pin_and_publish_from_the_pages(
    sign_in: Callable[..., HttpClient], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    browser = sign_in("coordinator.joensuu")
    answer = solve(browser, django_capture_on_commit_callbacks)
    run = TimetableRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/courses/runs/{run.pk}/"
    page = browser.get(answer["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "<progress" in text and 'role="status"' in text
    assert 'value="kela/ar#1"' in text  # a pin box per session
    assert "no facilitator speaks so" in text  # the unplaced demand with its reason
    assert "hx-trigger" not in text  # finished: no polling
    status = browser.get(f"/courses/runs/{run.pk}/?part=status")
    assert status["HX-Refresh"] == "true"
    again = solve(browser, django_capture_on_commit_callbacks, pins=["kela/ar#1"], from_run=run.pk)
    second = TimetableRun.objects.exclude(pk=run.pk).get()
    assert again["Location"] == f"/courses/runs/{second.pk}/"
    assert second.pins["keys"] == ["kela/ar#1"]
    published = browser.post(f"/courses/runs/{second.pk}/publish/")
    assert published.status_code == 302
    assert Course.objects.filter(year=2027, quarter=1, organiser__slug="toivo").count() == 3


def test_a_running_run_polls_and_can_be_stopped(
    sign_in: Callable[..., HttpClient], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    browser = sign_in("coordinator.joensuu")
    with django_capture_on_commit_callbacks(execute=False):
        browser.post("/courses/runs/start/", {"quarter": "2027Q1", "organisation": "toivo"})
    run = TimetableRun.objects.get()
    page = browser.get(f"/courses/runs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert f'action="/courses/runs/{run.pk}/stop/"' in page
    refused = solve(browser, django_capture_on_commit_callbacks)
    assert refused.status_code == 302 and "/courses/runs/?" in refused["Location"]
    assert TimetableRun.objects.count() == 1
    browser.post(f"/courses/runs/{run.pk}/stop/")
    run.refresh_from_db()
    assert run.stop_requested


def test_a_counsellor_and_another_regions_coordinator_get_404(
    sign_in: Callable[..., HttpClient], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    solve(sign_in("coordinator.joensuu"), django_capture_on_commit_callbacks)
    run = TimetableRun.objects.get()
    for username in ("counsellor.joensuu", "coordinator.kokkola"):
        browser = sign_in(username)
        assert browser.get(f"/courses/runs/{run.pk}/").status_code == 404
        assert browser.post(f"/courses/runs/{run.pk}/publish/").status_code == 404
        assert browser.post(f"/courses/runs/{run.pk}/stop/").status_code == 404
    assert sign_in("counsellor.joensuu").get("/courses/runs/").status_code == 404
    assert not Course.objects.filter(year=2027).exists()
