"""The curriculum and demo quarter data files (`demo_data/`), read and checked as they are read:
an error names the file, the entry and the field (`core.datafile`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kotopolku.core import datafile
from kotopolku.core.datafile import Where

DATA = Path(__file__).resolve().parent / "demo_data"
CURRICULUM_FILE = DATA / "curriculum.toml"
QUARTER_FILE = DATA / "joensuu_quarter.toml"
KINDS = ("group_guidance", "civic_orientation", "finnish_level")
REQUIRED_LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class ThemeData:
    code: str
    kind: str
    year: int | None
    hours: Decimal | None
    order: int
    name: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class CourseData:
    theme: str
    language: str
    capacity: int
    weekday: int
    start: datetime.time
    minutes: int
    sessions: int
    place: str
    interpreter: str
    facilitator: str


@dataclass(frozen=True)
class QuarterData:
    organiser: str
    courses: tuple[CourseData, ...]


def _texts(where: Where, table: dict[str, Any], key: str) -> dict[str, str]:
    texts = datafile.translations(where, key, table.get(key))
    for lang in REQUIRED_LANGUAGES:
        if lang not in texts:
            raise where.error(f"{key}.{lang}", "missing")
    return texts


def _theme(where: Where, table: dict[str, Any]) -> ThemeData:
    datafile.check_keys(
        where, table, ("code", "kind", "order", "name", "description"), ("year", "hours")
    )
    kind = datafile.string(where, table, "kind")
    if kind not in KINDS:
        raise where.error("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    year = datafile.whole_number(where, table, "year", 1, 3)
    if kind == "group_guidance" and year is None:
        raise where.error("year", "missing (a group-guidance theme serves year 1, 2 or 3)")
    if kind != "group_guidance" and year is not None:
        raise where.error("year", "only group-guidance themes have a year of integration")
    hours: Decimal | None = None
    if "hours" in table:
        raw = table["hours"]
        if kind != "civic_orientation":
            raise where.error("hours", "only civic-orientation units have hours")
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0 or raw > 500:
            raise where.error("hours", f"expected a number of hours above 0, got {raw!r}")
        hours = Decimal(str(raw))
    order = datafile.whole_number(where, table, "order", 0, 999)
    return ThemeData(
        code=datafile.string(where, table, "code"),
        kind=kind,
        year=year,
        hours=hours,
        order=order or 0,
        name=_texts(where, table, "name"),
        description=_texts(where, table, "description"),
    )


def read_curriculum(path: Path = CURRICULUM_FILE) -> list[ThemeData]:
    """The themes of a curriculum file, checked; codes are unique."""
    where = Where(path)
    data = datafile.read_toml(path)
    datafile.check_keys(where, data, ("themes",), ())
    themes: list[ThemeData] = []
    seen: set[str] = set()
    for n, table in enumerate(datafile.table_array(where, data, "themes"), start=1):
        entry = where.at(f"theme {n} ({table.get('code', '?')!s})")
        theme = _theme(entry, table)
        if theme.code in seen:
            raise entry.error("code", f"{theme.code!r} is used twice")
        seen.add(theme.code)
        themes.append(theme)
    return themes


def _time(where: Where, table: dict[str, Any], key: str) -> datetime.time:
    text = datafile.string(where, table, key)
    try:
        return datetime.time.fromisoformat(text)
    except ValueError:
        raise where.error(key, f"expected a time HH:MM, got {text!r}") from None


def read_quarter(path: Path = QUARTER_FILE, theme_codes: set[str] | None = None) -> QuarterData:
    """The demo quarter's courses, checked (themes against `theme_codes` when given)."""
    where = Where(path)
    data = datafile.read_toml(path)
    datafile.check_keys(where, data, ("organiser", "courses"), ())
    courses: list[CourseData] = []
    for n, table in enumerate(datafile.table_array(where, data, "courses"), start=1):
        entry = where.at(f"course {n} ({table.get('theme', '?')!s})")
        datafile.check_keys(
            entry,
            table,
            ("theme", "language", "capacity", "weekday", "start", "minutes", "sessions", "place"),
            ("interpreter", "facilitator"),
        )
        theme = datafile.string(entry, table, "theme")
        if theme_codes is not None and theme not in theme_codes:
            raise entry.error("theme", f"no theme {theme!r} in the curriculum")
        language = datafile.string(entry, table, "language")
        if not datafile.is_language(language):
            raise entry.error("language", f"unknown language code {language!r}")
        interpreter = datafile.string(entry, table, "interpreter", "")
        if interpreter and not datafile.is_language(interpreter):
            raise entry.error("interpreter", f"unknown language code {interpreter!r}")
        courses.append(
            CourseData(
                theme=theme,
                language=language,
                capacity=datafile.whole_number(entry, table, "capacity", 1, 500) or 1,
                weekday=datafile.whole_number(entry, table, "weekday", 1, 7) or 1,
                start=_time(entry, table, "start"),
                minutes=datafile.whole_number(entry, table, "minutes", 15, 600) or 60,
                sessions=datafile.whole_number(entry, table, "sessions", 1, 13) or 1,
                place=datafile.string(entry, table, "place"),
                interpreter=interpreter,
                facilitator=datafile.string(entry, table, "facilitator", ""),
            )
        )
    return QuarterData(organiser=datafile.string(where, data, "organiser"), courses=tuple(courses))
