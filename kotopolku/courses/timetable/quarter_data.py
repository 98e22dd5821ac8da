"""A quarter read from TOML (`data/joensuu_quarter.toml` is the demo region's).

Bad input raises QuarterError naming the entry and the field, e.g.
`rooms[2] ('liperi-kirjasto'): field 'capacity': expected a whole number, got text`.
The shape (every table optional unless said):

    [quarter]  name, start (a date), weeks, times = [["09:00", "12:00"], ...], holidays = [dates]
    [region]   municipalities = [...], distances = "joensuu" or [[a, b, km], ...]
    [weights]  same_time, same_week, peak_week, load_balance, interpreter_hour, travel_km
    [themes]   key = year (the curriculum: each theme's integration year)
    [[rooms]]         key, name, municipality, capacity, + availability
    [[facilitators]]  key, title, languages, home, municipalities, max_sessions, + availability
    [[interpreters]]  key, title, languages, + availability
    [[demands]]       theme, language, group_size, sessions, municipalities (key: theme/lang)
    [[blocks]]        municipality, languages, years, + availability (integration training)
    [[pins]]          demand, session (1-based), date, start, room, facilitator, interpreter

availability: weekdays = ["mon", ...], times = ["09:00", ...], periods = [[from, until], ...],
absences = [[from, until], ...].
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from kotopolku.courses.timetable.quarter import (
    JOENSUU_DISTANCES_KM,
    JOENSUU_REGION,
    WEEKDAYS,
    Availability,
    Block,
    Demand,
    Facilitator,
    Interpreter,
    Pin,
    Quarter,
    QuarterError,
    Room,
    Weights,
    validate,
)

DEMO = Path(__file__).resolve().parent / "data" / "joensuu_quarter.toml"

_AVAILABILITY = ("weekdays", "times", "periods", "absences")


def _type(value: Any) -> str:
    return {str: "text", int: "a whole number", bool: "true/false", list: "a list"}.get(
        type(value), type(value).__name__
    )


class _At:
    def __init__(self, label: str, table: Any) -> None:
        if not isinstance(table, dict):
            raise QuarterError(f"{label}: expected a table, got {_type(table)}")
        self.label, self.table = label, table

    def error(self, key: str, problem: str) -> QuarterError:
        return QuarterError(f"{self.label}: field {key!r}: {problem}")

    def keys(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        for key in self.table:
            if key not in required and key not in optional:
                raise self.error(key, f"unknown (allowed: {', '.join(required + optional)})")
        for key in required:
            if key not in self.table:
                raise self.error(key, "missing")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected text, got {_type(value)}")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.table else None

    def number(self, key: str, default: int | None = None) -> int:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, got {_type(value)}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "expected a list of text")
        return tuple(v.strip() for v in value)

    def numbers(self, key: str) -> tuple[int, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise self.error(key, "expected a list of whole numbers")
        return tuple(value)

    def date(self, key: str, value: Any = None) -> dt.date:
        value = self.table.get(key) if value is None else value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(key, f"expected a date (YYYY-MM-DD), got {value!r}")

    def ranges(self, key: str) -> tuple[tuple[dt.date, dt.date], ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list):
            raise self.error(key, "expected a list of [from, until] dates")
        out = []
        for pair in value:
            if not isinstance(pair, list) or len(pair) != 2:
                raise self.error(key, f"expected [from, until], got {pair!r}")
            out.append((self.date(key, pair[0]), self.date(key, pair[1])))
        return tuple(out)

    def availability(self) -> Availability:
        days = []
        for name in self.texts("weekdays"):
            if name.lower()[:3] not in WEEKDAYS:
                raise self.error("weekdays", f"unknown weekday {name!r} (mon, tue, ... sun)")
            days.append(WEEKDAYS.index(name.lower()[:3]))
        return Availability(
            weekdays=frozenset(days),
            times=frozenset(self.texts("times")),
            periods=self.ranges("periods"),
            absences=self.ranges("absences"),
        )


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise QuarterError(f"{key}: expected a list of tables ([[{key}]])")
    return value


def parse_quarter(text: str, name: str = "quarter.toml") -> Quarter:
    """A validated Quarter from TOML text; QuarterError names the entry and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuarterError(f"{name}: not TOML: {exc}") from exc
    top = _At(name, data)
    top.keys(
        ("quarter", "region", "themes"),
        ("weights", "rooms", "facilitators", "interpreters", "demands", "blocks", "pins"),
    )
    head = _At("quarter", data["quarter"])
    head.keys(("name", "start", "weeks", "times"), ("holidays", "weekdays"))
    times = []
    raw_times = head.table["times"]
    if not isinstance(raw_times, list):
        raise head.error("times", "expected a list of [start, end]")
    for pair in raw_times:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        ):
            raise head.error("times", f"expected [start, end] as text, got {pair!r}")
        times.append((pair[0], pair[1]))
    region = _At("region", data["region"])
    region.keys(("municipalities",), ("distances",))
    municipalities = region.texts("municipalities")
    distances: dict[tuple[str, str], int] = {}
    raw = region.table.get("distances", [])
    if raw == "joensuu":
        distances = dict(JOENSUU_DISTANCES_KM)
        if not set(JOENSUU_REGION) <= set(municipalities):
            raise region.error(
                "distances", "'joensuu' needs the eight Joensuu-region municipalities"
            )
    elif isinstance(raw, list):
        for row in raw:
            if not (isinstance(row, list) and len(row) == 3 and isinstance(row[2], int)):
                raise region.error("distances", f"expected [a, b, km], got {row!r}")
            distances[str(row[0]), str(row[1])] = row[2]
    else:
        raise region.error("distances", "expected 'joensuu' or a list of [a, b, km]")
    weights = Weights()
    if "weights" in data:
        wt = _At("weights", data["weights"])
        wt.keys((), tuple(Weights.__dataclass_fields__))
        values = {}
        for key in wt.table:
            values[key] = wt.number(key)
            if values[key] < 0:
                raise wt.error(key, "a weight cannot be negative")
        weights = Weights(**values)
    themes_at = _At("themes", data["themes"])
    themes = {key: themes_at.number(key) for key in themes_at.table}

    rooms = []
    for i, table in enumerate(_list(data, "rooms")):
        at = _At(f"rooms[{i}]", table)
        at.keys(("key", "name", "municipality", "capacity"), _AVAILABILITY)
        at.label = f"rooms[{i}] ({at.text('key')!r})"
        rooms.append(
            Room(
                at.text("key"),
                at.text("name"),
                at.text("municipality"),
                at.number("capacity"),
                at.availability(),
            )
        )
    facilitators = []
    for i, table in enumerate(_list(data, "facilitators")):
        at = _At(f"facilitators[{i}]", table)
        at.keys(
            ("key", "title", "languages", "home"),
            ("municipalities", "max_sessions", *_AVAILABILITY),
        )
        at.label = f"facilitators[{i}] ({at.text('key')!r})"
        facilitators.append(
            Facilitator(
                at.text("key"),
                at.text("title"),
                at.texts("languages"),
                at.text("home"),
                at.texts("municipalities"),
                at.availability(),
                at.number("max_sessions") if "max_sessions" in at.table else None,
            )
        )
    interpreters = []
    for i, table in enumerate(_list(data, "interpreters")):
        at = _At(f"interpreters[{i}]", table)
        at.keys(("key", "title", "languages"), _AVAILABILITY)
        at.label = f"interpreters[{i}] ({at.text('key')!r})"
        interpreters.append(
            Interpreter(at.text("key"), at.text("title"), at.texts("languages"), at.availability())
        )
    demands = []
    for i, table in enumerate(_list(data, "demands")):
        at = _At(f"demands[{i}]", table)
        at.keys(("theme", "language", "group_size"), ("key", "sessions", "municipalities"))
        theme = at.text("theme")
        if theme not in themes:
            raise at.error("theme", f"unknown theme {theme!r} (not in [themes])")
        language = at.text("language")
        key = at.text("key", f"{theme}/{language}")
        at.label = f"demands[{i}] ({key!r})"
        demands.append(
            Demand(
                key,
                theme,
                language,
                themes[theme],
                at.number("group_size"),
                at.number("sessions", 1),
                at.texts("municipalities"),
            )
        )
    blocks = []
    for i, table in enumerate(_list(data, "blocks")):
        at = _At(f"blocks[{i}]", table)
        at.keys(("municipality",), ("languages", "years", *_AVAILABILITY))
        blocks.append(
            Block(
                at.text("municipality"),
                at.texts("languages"),
                at.numbers("years"),
                at.availability(),
            )
        )
    pins = []
    for i, table in enumerate(_list(data, "pins")):
        at = _At(f"pins[{i}]", table)
        at.keys(("demand", "date", "start"), ("session", "room", "facilitator", "interpreter"))
        session = at.number("session", 1)
        if session < 1:
            raise at.error("session", "sessions are numbered from 1")
        pins.append(
            Pin(
                at.text("demand"),
                session - 1,
                at.date("date"),
                at.text("start"),
                at.optional_text("room"),
                at.optional_text("facilitator"),
                at.optional_text("interpreter"),
            )
        )
    weekdays = frozenset(range(5))
    if "weekdays" in head.table:
        weekdays = head.availability().weekdays
    quarter = Quarter(
        name=head.text("name"),
        start=head.date("start"),
        weeks=head.number("weeks"),
        times=tuple(times),
        municipalities=municipalities,
        distances=distances,
        demands=demands,
        facilitators=facilitators,
        interpreters=interpreters,
        rooms=rooms,
        blocks=blocks,
        pins=pins,
        holidays=tuple(head.date("holidays", h) for h in head.table.get("holidays", [])),
        weekdays=weekdays,
        weights=weights,
    )
    validate(quarter)
    return quarter


def load_quarter(path: Path = DEMO) -> Quarter:
    return parse_quarter(path.read_text(encoding="utf-8"), path.name)
