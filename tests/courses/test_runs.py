"""Timetable runs through the actions: queuing and the refusal of a second run, the solve
through the task (ImmediateBackend) on a tiny synthetic quarter, the stop flag, pins from an
earlier run, publishing (courses and sessions, idempotent, replacing only without enrolments)
and the change-log rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.clients.models import Client
from kotopolku.core.errors import InvalidError
from kotopolku.courses import actions, runs
from kotopolku.courses.models import Course, Session, TimetableRun
from kotopolku.orgs.models import Organisation
from tests.courses.conftest import persona_context
from tests.courses.test_actions import enrol

QUARTER_FILE = Path(__file__).resolve().parent / "run_quarter.toml"
R = TimetableRun.Status


@pytest.fixture(autouse=True)
def _tiny_quarter(settings: Any) -> Iterator[None]:
    settings.KOTOPOLKU_TIMETABLE_QUARTER_FILE = QUARTER_FILE
    settings.KOTOPOLKU_TIMETABLE_SECONDS = 2
    yield


@pytest.fixture
def toivo(world: dict[str, User]) -> Organisation:
    return Organisation.objects.get(slug="toivo")


def start(
    world: dict[str, User],
    capture: Callable[..., Any],
    *,
    by: str = "coordinator.joensuu",
    quarter: str = "2027Q1",
    run_task: bool = True,
    **kwargs: Any,
) -> TimetableRun:
    user = world[by]
    organisation = Organisation.objects.get(slug="toivo")
    with acting(view="test:run", **persona_context(user)), capture(execute=run_task):
        run = actions.do_start_timetable_run(organisation, quarter, acting_user=user, **kwargs)
    run.refresh_from_db()
    return run


def test_a_run_solves_the_quarter_and_stores_the_result(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    run = start(world, django_capture_on_commit_callbacks)
    assert run.status == R.FINISHED
    assert run.started_at is not None and run.finished_at is not None
    result = run.result
    keys = sorted(s["key"] for s in result["sessions"])
    assert keys == ["kela/ar#1", "kela/ar#2", "kela/fi#1", "residence-permits/ru#1"]
    # Somali has neither a facilitator nor an interpreter: unplaced, with the reason
    assert [u["demand"] for u in result["unplaced"]] == ["residence-permits/so"]
    assert "so" in result["unplaced"][0]["reasons"][0]
    assert (
        set(result["breakdown"])
        == set(result["weights"])
        == {
            "same_time",
            "same_week",
            "peak_week",
            "load_balance",
            "interpreter_hour",
            "travel_km",
        }
    )
    assert result["objective"] == sum(result["breakdown"].values())
    assert run.progress["objective"] == result["objective"]
    assert run.progress["elapsed"] <= 2.5
    ru = next(s for s in result["sessions"] if s["language"] == "ru")
    assert ru["interpreter"] == "i1"  # nobody speaks Russian: the interpreter bridges to Finnish
    created = ChangeEvent.objects.filter(subject_type="timetable_run", subject_id=str(run.pk))
    assert created.filter(action="create").exists()


def test_a_second_run_of_the_quarter_is_refused_while_one_is_queued(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    first = start(world, django_capture_on_commit_callbacks, run_task=False)
    assert first.status == R.QUEUED
    with pytest.raises(actions.RunConflictError) as refused:
        start(world, django_capture_on_commit_callbacks, run_task=False)
    assert "quarter" in refused.value.errors
    assert TimetableRun.objects.count() == 1
    # another quarter is another matter (it fails in the task: the file holds 2027Q1 only)
    other = start(world, django_capture_on_commit_callbacks, quarter="2027Q2")
    assert other.status == R.FAILED
    assert "2027Q2" in other.error


def test_bad_input_names_the_field_and_saves_nothing(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with pytest.raises(InvalidError) as refused:
        start(world, django_capture_on_commit_callbacks, quarter="2027-1", time_limit=0)
    assert set(refused.value.errors) == {"quarter", "time_limit"}
    with pytest.raises(InvalidError) as no_source:
        start(world, django_capture_on_commit_callbacks, pins=["kela/fi#1"])
    assert set(no_source.value.errors) == {"pins"}
    assert not TimetableRun.objects.exists()


def test_only_the_organisations_coordinators_start_and_stop(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    for outsider in ("counsellor.joensuu", "coordinator.kokkola"):
        with pytest.raises(actions.NotAllowedError):
            start(world, django_capture_on_commit_callbacks, by=outsider)
    run = start(world, django_capture_on_commit_callbacks, run_task=False)
    with pytest.raises(actions.NotAllowedError):
        actions.do_stop_timetable_run(run, acting_user=world["coordinator.kokkola"])


def test_a_stop_requested_before_the_solve_ends_it_stopped(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    user = world["coordinator.joensuu"]
    run = start(world, django_capture_on_commit_callbacks, run_task=False, time_limit=30)
    with acting(view="test:stop", **persona_context(user)):
        actions.do_stop_timetable_run(run, acting_user=user)
    runs.execute(run.pk)
    run.refresh_from_db()
    assert run.status == R.STOPPED
    assert run.result["stopped"] is True
    # the engine was stopped at once, far before the 30 s limit
    assert run.result["seconds"] < 10
    stop_row = ChangeEvent.objects.get(
        subject_type="timetable_run", subject_id=str(run.pk), action="update"
    )
    assert stop_row.changes["stop_requested"] == [False, True]
    with pytest.raises(InvalidError) as refused:
        actions.do_stop_timetable_run(run, acting_user=user)
    assert "status" in refused.value.errors


def test_the_task_leaves_a_run_that_is_no_longer_queued_alone(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    run = start(world, django_capture_on_commit_callbacks)
    finished_at = run.finished_at
    runs.execute(run.pk)
    run.refresh_from_db()
    assert run.status == R.FINISHED and run.finished_at == finished_at


def test_pins_from_an_earlier_run_are_kept(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    first = start(world, django_capture_on_commit_callbacks)
    chosen = next(s for s in first.result["sessions"] if s["key"] == "kela/ar#1")
    second = start(world, django_capture_on_commit_callbacks, pins=["kela/ar#1"])
    assert second.status == R.FINISHED
    assert second.pins["from_run"] == str(first.pk)
    again = next(s for s in second.result["sessions"] if s["key"] == "kela/ar#1")
    for field in ("date", "start", "room", "facilitator"):
        assert again[field] == chosen[field]
    with pytest.raises(InvalidError) as refused:
        start(world, django_capture_on_commit_callbacks, pins=["kela/ar#1", "nope#1"])
    assert set(refused.value.errors) == {"pins[1]"}


def publish(world: dict[str, User], run: TimetableRun) -> list[Course]:
    user = world["coordinator.joensuu"]
    with acting(view="test:publish", **persona_context(user)):
        return actions.do_publish_timetable_run(run, acting_user=user)


def test_publishing_makes_courses_and_sessions_once(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    run = start(world, django_capture_on_commit_callbacks)
    made = publish(world, run)
    assert sorted((c.theme.code, c.language) for c in made) == [
        ("y1-kela", "ar"),
        ("y1-kela", "fi"),
        ("y2-residence-permits", "ru"),
    ]
    assert {(c.year, c.quarter, c.organiser.slug) for c in made} == {(2027, 1, "toivo")}
    sessions = Session.objects.filter(course__in=made)
    assert sessions.count() == 4
    ru = sessions.get(course__language="ru")
    assert (ru.interpreter_language, ru.interpreter) == ("ru", "Tulkkikeskus, venäjä")
    local = timezone.localtime(ru.starts_at)  # Europe/Helsinki
    assert local.strftime("%H:%M") in ("09:00", "13:00") and ru.hours == 3
    assert ru.place_text in ("Toivo, ryhmätila, Joensuu", "Liperin kirjasto, Liperi")
    # again: the same courses, nothing new
    assert {c.pk for c in publish(world, run)} == {c.pk for c in made}
    assert Course.objects.filter(year=2027, quarter=1).count() == 3
    assert ChangeEvent.objects.filter(subject_type="course", action="create").count() == 3


def test_a_republish_replaces_only_without_enrolments(
    world: dict[str, User],
    django_capture_on_commit_callbacks: Callable[..., Any],
    add_client: Callable[..., Client],
) -> None:
    first = start(world, django_capture_on_commit_callbacks)
    old = publish(world, first)
    second = start(world, django_capture_on_commit_callbacks)
    new = publish(world, second)
    assert not Course.objects.filter(pk__in=[c.pk for c in old]).exists()
    first.refresh_from_db()
    assert first.published_at is None
    third = start(world, django_capture_on_commit_callbacks)
    enrol(world, add_client(), new[0])
    with pytest.raises(InvalidError) as refused:
        publish(world, third)
    assert "run" in refused.value.errors
    assert Course.objects.filter(pk__in=[c.pk for c in new]).count() == len(new)
    third.refresh_from_db()
    assert third.published_at is None


def test_a_run_without_a_result_is_not_published(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    run = start(world, django_capture_on_commit_callbacks, run_task=False)
    with pytest.raises(InvalidError) as refused:
        publish(world, run)
    assert "status" in refused.value.errors
    assert not Course.objects.filter(year=2027).exists()


def test_a_missing_quarter_file_fails_the_run_with_a_message(
    world: dict[str, User],
    django_capture_on_commit_callbacks: Callable[..., Any],
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.KOTOPOLKU_TIMETABLE_QUARTER_FILE = tmp_path / "missing.toml"
    run = start(world, django_capture_on_commit_callbacks)
    assert run.status == R.FAILED
    assert run.error.startswith("quarter: the quarter file cannot be read")
    assert run.result == {}


def test_progress_is_written_at_most_once_a_second_while_solving(
    world: dict[str, User],
    django_capture_on_commit_callbacks: Callable[..., Any],
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kotopolku.courses.timetable.quarter_data import DEMO

    settings.KOTOPOLKU_TIMETABLE_QUARTER_FILE = DEMO  # 74 demands: a solve that takes its time
    writes: list[dict[str, Any]] = []
    real = runs._progress

    def counted(entry: dict[str, Any], elapsed: float) -> dict[str, Any]:
        out = real(entry, elapsed)
        writes.append(out)
        return out

    monkeypatch.setattr(runs, "_progress", counted)
    run = start(world, django_capture_on_commit_callbacks, time_limit=3)
    assert run.status == R.FINISHED
    during, final = writes[:-1], writes[-1]
    # one write when the loop first turns, then at most one a second, then the final one
    assert 1 <= len(during) <= run.progress["elapsed"] + 2
    assert final == run.progress and final["objective"] == run.result["objective"]
    assert [w["elapsed"] for w in during] == sorted(w["elapsed"] for w in during)
