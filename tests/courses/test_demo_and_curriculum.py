"""The curriculum file is checked as it is read; the demo quarter loads once."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from kotopolku.audit.context import acting
from kotopolku.clients import demo as clients_demo
from kotopolku.core.datafile import DataFileError
from kotopolku.courses import curriculum, demo
from kotopolku.courses.models import Attendance, Course, Enrolment, Session, Theme


def test_the_demo_curriculum_has_the_toivo_themes_by_year_and_the_four_finnish_levels() -> None:
    themes = curriculum.read_curriculum()
    by_year = {y: [t for t in themes if t.year == y] for y in (1, 2, 3)}
    assert [len(by_year[y]) for y in (1, 2, 3)] == [6, 4, 2]
    assert len([t for t in themes if t.kind == "finnish_level"]) == 4
    civic = [t for t in themes if t.kind == "civic_orientation"]
    assert civic and all(t.hours and t.hours > 0 for t in civic)
    assert all({"fi", "sv", "en"} <= set(t.name) for t in themes)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('kind = "lecture"\nyear = 1', "theme 1 (x): field 'kind': 'lecture' is not one of"),
        ('kind = "group_guidance"', "theme 1 (x): field 'year': missing"),
        ('kind = "group_guidance"\nyear = 4', "field 'year': 4 is not between 1 and 3"),
        ('kind = "finnish_level"\nhours = 3', "field 'hours': only civic-orientation units"),
        ('kind = "civic_orientation"\nhours = 0', "field 'hours': expected a number of hours"),
    ],
)
def test_a_bad_theme_is_refused_naming_file_entry_and_field(
    tmp_path: Path, entry: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        f'[[themes]]\ncode = "x"\norder = 1\n{entry}\n'
        'name = {fi = "a", sv = "b", en = "c"}\ndescription = {fi = "a", sv = "b", en = "c"}\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as error:
        curriculum.read_curriculum(path)
    assert str(error.value).startswith("bad.toml: ")
    assert message in str(error.value)


def test_a_missing_translation_is_named(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[themes]]\ncode = "x"\nkind = "finnish_level"\norder = 1\n'
        'name = {fi = "a", en = "c"}\ndescription = {fi = "a", sv = "b", en = "c"}\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"c.toml: theme 1 \(x\): field 'name.sv': missing"):
        curriculum.read_curriculum(path)


def test_a_quarter_course_of_an_unknown_theme_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.toml"
    path.write_text(
        'organiser = "toivo"\n[[courses]]\ntheme = "nope"\nlanguage = "fi"\ncapacity = 3\n'
        'weekday = 1\nstart = "10:00"\nminutes = 60\nsessions = 1\nplace = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"q.toml: course 1 \(nope\): field 'theme'"):
        curriculum.read_quarter(path, theme_codes={"y1-kela"})


def test_the_session_days_stay_inside_the_quarter() -> None:
    days = demo._session_days(1, 13, datetime.date(2026, 12, 7), 2026, 4)
    assert days[0] == datetime.date(2026, 11, 23)
    assert days[-1] <= datetime.date(2026, 12, 31)
    assert all(d.weekday() == 0 for d in days)


@pytest.mark.django_db
def test_the_demo_loader_is_idempotent(demo_world: dict[str, Any]) -> None:
    with acting(view="test:demo"):
        clients_demo.load()
        made = demo.load(datetime.date(2026, 12, 7))
        counts = (
            Theme.objects.count(),
            Course.objects.count(),
            Session.objects.count(),
            Enrolment.objects.count(),
            Attendance.objects.count(),
        )
        assert demo.load(datetime.date(2026, 12, 7)) == []
    assert len(made) == 5
    assert counts[0] == 20
    assert {c.language for c in made} >= {"fi", "en", "ru", "ar"}
    assert counts[3] > 0 and counts[4] > 0
    assert Enrolment.objects.filter(status="waitlisted").exists()
    assert Attendance.objects.missed_without_cancelling().exists()
    assert (
        Theme.objects.count(),
        Course.objects.count(),
        Session.objects.count(),
        Enrolment.objects.count(),
        Attendance.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_the_demo_quarter_shows_on_the_pages(demo_world: dict[str, Any], login: Any) -> None:
    with acting(view="test:demo"):
        clients_demo.load()
        demo.load()
    browser = login("counsellor.joensuu")
    listing = browser.get("/courses/")
    assert listing.status_code == 200
    course = Course.objects.filter(language="ar").get()
    assert f"/courses/{course.pk}/" in listing.content.decode()
    assert browser.get(f"/courses/{course.pk}/").status_code == 200
    session = course.sessions.first()
    assert session is not None
    # the demo's facilitator is the Joensuu counsellor
    assert browser.get(f"/courses/sessions/{session.pk}/attendance/").status_code == 200
    enrolled = Enrolment.objects.filter(course=course).first()
    assert enrolled is not None
    page = browser.get(f"/clients/{enrolled.client_id}/")
    assert 'id="courses"' in page.content.decode()
