"""The region's quarterly timetable: group guidance sessions in many languages (issue 16, item 3).

Plain Python, independent of the courses models: a `Quarter` (slots, demands, facilitators,
interpreters, rooms, integration-training blocks, pins and the soft-cost weights) goes in, a
`QuarterResult` (sessions, unplaced demands with the reasons, objective, bound and the cost of
each soft term) comes out. docs/timetabling.md ("The quarterly timetable") describes the model.

1. `validate(quarter)` refuses bad input with a message naming the field (`QuarterError`).
2. `precheck(quarter)` finds the demands that cannot be placed whatever the rest does (no
   facilitator or interpreter for the language, no room big enough in the area, every slot
   blocked by integration training, no slot where a room and a facilitator are both free...).
3. `solve(quarter, time_limit, ...)` builds the CP-SAT model of the other demands (every one
   placed, hard) and solves it. When CP-SAT proves that model infeasible, it solves a relaxation
   in which placing a demand is optional and an unplaced demand costs far more than any soft
   term, and explains each demand left out from the timetable it got.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from kotopolku.core.datafile import is_language
from kotopolku.courses.timetable.solver import _Watch

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The eight municipalities of the Joensuu region (Pohjois-Karjala), and the approximate road
# distances between their centres in km (rounded to 5 km, from the main roads: vt 6, 9, 23, 74
# and the regional roads; not measured, good enough to prefer the near room over the far one).
JOENSUU_REGION = (
    "Joensuu",
    "Kontiolahti",
    "Liperi",
    "Ilomantsi",
    "Outokumpu",
    "Juuka",
    "Polvijärvi",
    "Heinävesi",
)
JOENSUU_DISTANCES_KM: dict[tuple[str, str], int] = {
    ("Joensuu", "Kontiolahti"): 20,
    ("Joensuu", "Liperi"): 25,
    ("Joensuu", "Ilomantsi"): 70,
    ("Joensuu", "Outokumpu"): 45,
    ("Joensuu", "Juuka"): 80,
    ("Joensuu", "Polvijärvi"): 45,
    ("Joensuu", "Heinävesi"): 100,
    ("Kontiolahti", "Liperi"): 40,
    ("Kontiolahti", "Ilomantsi"): 85,
    ("Kontiolahti", "Outokumpu"): 60,
    ("Kontiolahti", "Juuka"): 65,
    ("Kontiolahti", "Polvijärvi"): 45,
    ("Kontiolahti", "Heinävesi"): 115,
    ("Liperi", "Ilomantsi"): 95,
    ("Liperi", "Outokumpu"): 30,
    ("Liperi", "Juuka"): 80,
    ("Liperi", "Polvijärvi"): 35,
    ("Liperi", "Heinävesi"): 85,
    ("Ilomantsi", "Outokumpu"): 115,
    ("Ilomantsi", "Juuka"): 140,
    ("Ilomantsi", "Polvijärvi"): 115,
    ("Ilomantsi", "Heinävesi"): 170,
    ("Outokumpu", "Juuka"): 75,
    ("Outokumpu", "Polvijärvi"): 30,
    ("Outokumpu", "Heinävesi"): 70,
    ("Juuka", "Polvijärvi"): 45,
    ("Juuka", "Heinävesi"): 140,
    ("Polvijärvi", "Heinävesi"): 100,
}

# What a demand left out costs in the relaxation: more than every soft term together could.
UNPLACED_COST = 1_000_000


class QuarterError(ValueError):
    """Input that cannot be solved as given; the message names the entry and the field."""


@dataclass(frozen=True)
class Weights:
    """The soft terms' weights, in points of the objective (shown with every result)."""

    same_time: int = 20  # per later session of a series not on the first one's weekday and time
    same_week: int = 15  # per two consecutive sessions of a series in one week
    peak_week: int = 5  # per session in the busiest week of the quarter (spread over it)
    load_balance: int = 10  # per session between the busiest and the least busy facilitator
    interpreter_hour: int = 10  # per hour of a session that needs an interpreter
    travel_km: int = 1  # per km from the facilitator's home municipality to the room's, one way

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Availability:
    """When someone or something is available: every day of the quarter unless narrowed.

    weekdays: 0 = Monday (empty: every weekday); times: start times of slots (empty: all);
    periods: date ranges (inclusive) when available (empty: the whole quarter);
    absences: date ranges (inclusive) when not.
    """

    weekdays: frozenset[int] = frozenset()
    times: frozenset[str] = frozenset()
    periods: tuple[tuple[dt.date, dt.date], ...] = ()
    absences: tuple[tuple[dt.date, dt.date], ...] = ()

    def allows(self, day: dt.date, start: str) -> bool:
        if self.weekdays and day.weekday() not in self.weekdays:
            return False
        if self.times and start not in self.times:
            return False
        if self.periods and not any(a <= day <= b for a, b in self.periods):
            return False
        return not any(a <= day <= b for a, b in self.absences)


ALWAYS = Availability()


@dataclass(frozen=True)
class Facilitator:
    key: str
    title: str  # a role title ("Ohjaaja 1 (arabia)"), never a person's name in demo data
    languages: tuple[str, ...]
    home: str  # municipality
    municipalities: tuple[str, ...] = ()  # where they work (empty: the whole region)
    availability: Availability = ALWAYS
    max_sessions: int | None = None  # in the quarter


@dataclass(frozen=True)
class Interpreter:
    key: str
    title: str
    languages: tuple[str, ...]
    availability: Availability = ALWAYS


@dataclass(frozen=True)
class Room:
    key: str
    name: str
    municipality: str
    capacity: int
    availability: Availability = ALWAYS


@dataclass(frozen=True)
class Demand:
    """A theme needed in a language by clients of one integration year, `sessions` times."""

    key: str
    theme: str
    language: str
    year: int  # year of integration, 1-3
    group_size: int
    sessions: int = 1
    municipalities: tuple[str, ...] = ()  # where its room may be (empty: the whole region)

    @property
    def cohort(self) -> tuple[str, int]:
        return (self.language, self.year)


@dataclass(frozen=True)
class Block:
    """Integration training in a municipality: its cohorts are busy then."""

    municipality: str
    languages: tuple[str, ...] = ()  # empty: every language
    years: tuple[int, ...] = ()  # empty: every integration year
    availability: Availability = ALWAYS  # when the training runs

    def blocks(self, demand: Demand, day: dt.date, start: str) -> bool:
        if demand.municipalities and self.municipality not in demand.municipalities:
            return False
        if self.languages and demand.language not in self.languages:
            return False
        if self.years and demand.year not in self.years:
            return False
        return self.availability.allows(day, start)


@dataclass(frozen=True)
class Pin:
    """A session fixed by the user; what is left None stays the solver's choice."""

    demand: str
    session: int  # 0-based within the series
    date: dt.date
    start: str
    room: str | None = None
    facilitator: str | None = None
    interpreter: str | None = None


@dataclass(frozen=True)
class Slot:
    index: int
    date: dt.date
    start: str
    end: str
    week: int  # 0-based week of the quarter

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)

    @property
    def pattern(self) -> tuple[int, str]:
        return (self.date.weekday(), self.start)


@dataclass
class Quarter:
    name: str
    start: dt.date
    weeks: int
    times: tuple[tuple[str, str], ...]  # (start, end) of each daily slot, "HH:MM"
    municipalities: tuple[str, ...]
    distances: dict[tuple[str, str], int]
    demands: list[Demand]
    facilitators: list[Facilitator]
    interpreters: list[Interpreter]
    rooms: list[Room]
    blocks: list[Block] = field(default_factory=list)
    pins: list[Pin] = field(default_factory=list)
    holidays: tuple[dt.date, ...] = ()
    weekdays: frozenset[int] = frozenset(range(5))
    weights: Weights = field(default_factory=Weights)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=7 * self.weeks - 1)

    def slots(self) -> list[Slot]:
        out: list[Slot] = []
        for offset in range(7 * self.weeks):
            day = self.start + dt.timedelta(days=offset)
            if day.weekday() not in self.weekdays or day in self.holidays:
                continue
            for start, end in sorted(self.times):
                out.append(Slot(len(out), day, start, end, offset // 7))
        return out

    def distance(self, a: str, b: str) -> int:
        if a == b:
            return 0
        return self.distances.get((a, b), self.distances.get((b, a), 0))


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


# --- validation -------------------------------------------------------------------------------


def _time_ok(value: str) -> bool:
    parts = value.split(":")
    return (
        len(parts) == 2
        and all(p.isdigit() and len(p) == 2 for p in parts)
        and 0 <= int(parts[0]) < 24
        and 0 <= int(parts[1]) < 60
    )


def validate(quarter: Quarter) -> None:
    """Raise QuarterError naming the first bad field; return None for a usable quarter."""
    q = quarter
    if q.weeks < 1 or q.weeks > 27:
        raise QuarterError(f"quarter: field 'weeks': {q.weeks} is not between 1 and 27")
    if not q.times:
        raise QuarterError("quarter: field 'times': no daily time slots")
    for i, (start, end) in enumerate(q.times):
        for name, value in (("start", start), ("end", end)):
            if not _time_ok(value):
                raise QuarterError(f"times[{i}]: field {name!r}: {value!r} is not HH:MM")
        if _minutes(end) <= _minutes(start):
            raise QuarterError(f"times[{i}]: field 'end': {end} is not after the start {start}")
    ordered = sorted(q.times)
    for (_s1, e1), (s2, _e2) in itertools.pairwise(ordered):
        if _minutes(s2) < _minutes(e1):
            raise QuarterError(f"times: field 'start': the slot at {s2} overlaps the one before")
    starts = {start for start, _end in q.times}
    municipalities = set(q.municipalities)
    if not municipalities:
        raise QuarterError("quarter: field 'municipalities': none given")
    for (a, b), km in q.distances.items():
        for m in (a, b):
            if m not in municipalities:
                raise QuarterError(f"distances: field {a}-{b}: unknown municipality {m!r}")
        if km < 0:
            raise QuarterError(f"distances: field {a}-{b}: {km} km is negative")

    def where(kind: str, i: int, key: str) -> str:
        return f"{kind}[{i}] ({key!r})"

    def check_availability(label: str, a: Availability) -> None:
        for d in a.weekdays:
            if not 0 <= d <= 6:
                raise QuarterError(f"{label}: field 'weekdays': {d} is not a weekday")
        for t in a.times:
            if t not in starts:
                raise QuarterError(
                    f"{label}: field 'times': {t!r} is not the start of a slot "
                    f"(the slots start at {', '.join(sorted(starts))})"
                )
        for name, ranges in (("periods", a.periods), ("absences", a.absences)):
            for first, last in ranges:
                if last < first:
                    raise QuarterError(f"{label}: field {name!r}: {last} is before {first}")
                if first < q.start or last > q.end:
                    raise QuarterError(
                        f"{label}: field {name!r}: {first} – {last} is outside the quarter "
                        f"({q.start} – {q.end})"
                    )

    def check_languages(label: str, languages: Iterable[str]) -> None:
        for code in languages:
            if not is_language(code):
                raise QuarterError(f"{label}: field 'languages': unknown language {code!r}")

    def check_municipalities(label: str, name: str, values: Iterable[str]) -> None:
        for m in values:
            if m not in municipalities:
                raise QuarterError(f"{label}: field {name!r}: unknown municipality {m!r}")

    def unique(kind: str, keys: Sequence[str]) -> None:
        seen: set[str] = set()
        for i, key in enumerate(keys):
            if not key:
                raise QuarterError(f"{kind}[{i}]: field 'key': empty")
            if key in seen:
                raise QuarterError(f"{kind}[{i}]: field 'key': {key!r} is used twice")
            seen.add(key)

    unique("rooms", [r.key for r in q.rooms])
    unique("facilitators", [f.key for f in q.facilitators])
    unique("interpreters", [i.key for i in q.interpreters])
    unique("demands", [d.key for d in q.demands])
    for i, r in enumerate(q.rooms):
        label = where("rooms", i, r.key)
        if r.capacity < 1:
            raise QuarterError(f"{label}: field 'capacity': must be at least 1, got {r.capacity}")
        check_municipalities(label, "municipality", [r.municipality])
        check_availability(label, r.availability)
    for i, f in enumerate(q.facilitators):
        label = where("facilitators", i, f.key)
        if not f.languages:
            raise QuarterError(f"{label}: field 'languages': none given")
        check_languages(label, f.languages)
        check_municipalities(label, "home", [f.home])
        check_municipalities(label, "municipalities", f.municipalities)
        check_availability(label, f.availability)
        if f.max_sessions is not None and f.max_sessions < 0:
            raise QuarterError(f"{label}: field 'max_sessions': {f.max_sessions} is negative")
    for i, interpreter in enumerate(q.interpreters):
        label = where("interpreters", i, interpreter.key)
        if len(interpreter.languages) < 2:
            raise QuarterError(f"{label}: field 'languages': an interpreter needs two or more")
        check_languages(label, interpreter.languages)
        check_availability(label, interpreter.availability)
    for i, d in enumerate(q.demands):
        label = where("demands", i, d.key)
        check_languages(label, [d.language])
        if d.year not in (1, 2, 3):
            raise QuarterError(f"{label}: field 'year': {d.year} is not 1, 2 or 3")
        if d.group_size < 1:
            raise QuarterError(f"{label}: field 'group_size': must be at least 1")
        if d.sessions < 1:
            raise QuarterError(f"{label}: field 'sessions': must be at least 1")
        check_municipalities(label, "municipalities", d.municipalities)
    for i, block in enumerate(q.blocks):
        label = f"blocks[{i}] ({block.municipality})"
        check_municipalities(label, "municipality", [block.municipality])
        check_languages(label, block.languages)
        for y in block.years:
            if y not in (1, 2, 3):
                raise QuarterError(f"{label}: field 'years': {y} is not 1, 2 or 3")
        check_availability(label, block.availability)
    _validate_pins(q)


def _validate_pins(q: Quarter) -> None:
    demands = {d.key: d for d in q.demands}
    rooms = {r.key: r for r in q.rooms}
    facilitators = {f.key: f for f in q.facilitators}
    interpreters = {i.key: i for i in q.interpreters}
    slots = {(s.date, s.start): s for s in q.slots()}
    taken: dict[tuple[str, str, int], int] = {}
    series: dict[tuple[str, int], int] = {}
    for n, pin in enumerate(q.pins):
        label = f"pins[{n}] ({pin.demand} #{pin.session + 1})"
        demand = demands.get(pin.demand)
        if demand is None:
            raise QuarterError(f"{label}: field 'demand': unknown demand {pin.demand!r}")
        if not 0 <= pin.session < demand.sessions:
            raise QuarterError(
                f"{label}: field 'session': the series has {demand.sessions} session(s)"
            )
        if (pin.demand, pin.session) in series:
            raise QuarterError(f"{label}: field 'session': pinned twice")
        slot = slots.get((pin.date, pin.start))
        if slot is None:
            raise QuarterError(
                f"{label}: field 'date': {pin.date} {pin.start} is not a slot of the quarter"
            )
        series[pin.demand, pin.session] = slot.index
        if any(b.blocks(demand, slot.date, slot.start) for b in q.blocks):
            raise QuarterError(f"{label}: field 'date': integration training blocks that slot")
        room = facilitator = None
        if pin.room is not None:
            room = rooms.get(pin.room)
            if room is None:
                raise QuarterError(f"{label}: field 'room': unknown room {pin.room!r}")
            if room.capacity < demand.group_size:
                raise QuarterError(
                    f"{label}: field 'room': capacity {room.capacity} < group {demand.group_size}"
                )
            if demand.municipalities and room.municipality not in demand.municipalities:
                raise QuarterError(f"{label}: field 'room': outside the demand's municipalities")
            if not room.availability.allows(slot.date, slot.start):
                raise QuarterError(f"{label}: field 'room': {room.key} is not available then")
        if pin.facilitator is not None:
            facilitator = facilitators.get(pin.facilitator)
            if facilitator is None:
                raise QuarterError(
                    f"{label}: field 'facilitator': unknown facilitator {pin.facilitator!r}"
                )
            if not facilitator.availability.allows(slot.date, slot.start):
                raise QuarterError(
                    f"{label}: field 'facilitator': {facilitator.key} is not available then"
                )
            if room is not None and not _works_in(facilitator, room.municipality):
                raise QuarterError(
                    f"{label}: field 'facilitator': does not work in {room.municipality}"
                )
        if pin.interpreter is not None:
            interpreter = interpreters.get(pin.interpreter)
            if interpreter is None:
                raise QuarterError(
                    f"{label}: field 'interpreter': unknown interpreter {pin.interpreter!r}"
                )
            if demand.language not in interpreter.languages:
                raise QuarterError(
                    f"{label}: field 'interpreter': does not interpret {demand.language}"
                )
            if not interpreter.availability.allows(slot.date, slot.start):
                raise QuarterError(
                    f"{label}: field 'interpreter': {interpreter.key} is not available then"
                )
            if facilitator is None and not any(
                _bridges(interpreter, f, demand) for f in q.facilitators
            ):
                raise QuarterError(
                    f"{label}: field 'interpreter': no facilitator needs {interpreter.key} "
                    f"for {demand.language}"
                )
            if facilitator is not None and not _bridges(interpreter, facilitator, demand):
                raise QuarterError(
                    f"{label}: field 'interpreter': not needed or no common language with "
                    f"{facilitator.key}"
                )
        for kind, key in (
            ("room", pin.room),
            ("facilitator", pin.facilitator),
            ("interpreter", pin.interpreter),
            ("cohort", f"{demand.language}/{demand.year}"),
        ):
            if key is None:
                continue
            other = taken.get((kind, key, slot.index))
            if other is not None:
                raise QuarterError(
                    f"{label}: field {'date' if kind == 'cohort' else kind!r}: pins[{other}] "
                    f"already puts {kind} {key} at {slot.date} {slot.start}"
                )
            taken[kind, key, slot.index] = n
    for (key, session), index in series.items():
        later = series.get((key, session + 1))
        if later is not None and later <= index:
            raise QuarterError(
                f"pins ({key}): field 'date': session {session + 2} is pinned before "
                f"session {session + 1}"
            )


def _works_in(f: Facilitator, municipality: str) -> bool:
    return not f.municipalities or municipality in f.municipalities


def _bridges(i: Interpreter, f: Facilitator, d: Demand) -> bool:
    """The interpreter can interpret between this facilitator and this group."""
    if d.language in f.languages or d.language not in i.languages:
        return False
    return any(lang in f.languages for lang in i.languages if lang != d.language)


# --- pre-checks -------------------------------------------------------------------------------


@dataclass
class _Options:
    """What a demand's sessions may use, from its own constraints alone."""

    slots: list[int]  # not blocked by integration training, and some room + facilitator free
    rooms: list[int]
    facilitators: list[int]  # speak the language or can be interpreted
    interpreters: list[int]


def _options(q: Quarter, slots: list[Slot], d: Demand) -> tuple[_Options | None, list[str]]:
    """The demand's options, or None and the reasons it cannot be placed."""
    lang = d.language
    area = set(d.municipalities) or set(q.municipalities)
    interpreters = [n for n, i in enumerate(q.interpreters) if lang in i.languages]
    facilitators = [
        n
        for n, f in enumerate(q.facilitators)
        if lang in f.languages or any(_bridges(q.interpreters[i], f, d) for i in interpreters)
    ]
    in_area = [n for n, r in enumerate(q.rooms) if r.municipality in area]
    rooms = [n for n in in_area if q.rooms[n].capacity >= d.group_size]
    reasons: list[str] = []
    if not facilitators:
        reasons.append(
            f"no facilitator speaks {lang} and no interpreter for {lang} shares a language "
            "with a facilitator"
        )
    if not rooms:
        largest = max((q.rooms[n].capacity for n in in_area), default=0)
        reasons.append(
            f"no room of capacity >= {d.group_size} in the area ({', '.join(sorted(area))}); "
            f"the largest there holds {largest}"
        )
    rooms = (
        [
            n
            for n in rooms
            if any(_works_in(q.facilitators[f], q.rooms[n].municipality) for f in facilitators)
        ]
        if facilitators
        else rooms
    )
    if facilitators and not rooms and not reasons:
        reasons.append("none of its facilitators works in a municipality with a room that fits")
    free = [s for s in slots if not any(b.blocks(d, s.date, s.start) for b in q.blocks)]
    if not free:
        reasons.append(
            f"all slots of the quarter are blocked by integration training for {lang}, year "
            f"{d.year}"
        )
    if reasons:
        return None, reasons
    usable: list[int] = []
    for s in free:
        room_ok = any(q.rooms[r].availability.allows(s.date, s.start) for r in rooms)
        if not room_ok:
            continue
        for f in facilitators:
            fac = q.facilitators[f]
            if not fac.availability.allows(s.date, s.start):
                continue
            if not any(
                _works_in(fac, q.rooms[r].municipality)
                and q.rooms[r].availability.allows(s.date, s.start)
                for r in rooms
            ):
                continue
            if lang in fac.languages or any(
                _bridges(q.interpreters[i], fac, d)
                and q.interpreters[i].availability.allows(s.date, s.start)
                for i in interpreters
            ):
                usable.append(s.index)
                break
    if len(usable) < d.sessions:
        fac_days = sorted({q.facilitators[f].title for f in facilitators})
        reasons.append(
            f"only {len(usable)} slot(s) of the quarter have a room (capacity >= "
            f"{d.group_size}), a facilitator for {lang} ({', '.join(fac_days)})"
            + (
                ""
                if any(lang in q.facilitators[f].languages for f in facilitators)
                else " and an interpreter"
            )
            + f" all available and no integration training; the series needs {d.sessions}"
        )
        return None, reasons
    return _Options(usable, rooms, facilitators, interpreters), []


def precheck(quarter: Quarter) -> dict[str, list[str]]:
    """The demands that cannot be placed whatever else happens, with the reasons."""
    slots = quarter.slots()
    out: dict[str, list[str]] = {}
    for d in quarter.demands:
        _opts, reasons = _options(quarter, slots, d)
        if reasons:
            out[d.key] = reasons
    return out


# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    demand: str
    index: int  # 0-based within the series
    slot: int
    date: dt.date
    start: str
    end: str
    room: str
    facilitator: str
    interpreter: str | None


@dataclass
class Unplaced:
    demand: str
    reasons: list[str]


@dataclass
class QuarterResult:
    status: str  # "complete", "partial" (some demands unplaced) or "none" (nothing found in time)
    sessions: list[Session]
    unplaced: list[Unplaced]
    objective: int | None  # the soft cost (without the unplaced penalty)
    bound: int | None  # CP-SAT's proven lower bound on it (None: the relaxation ran)
    breakdown: dict[str, int]  # soft cost per term, recomputed from the sessions
    weights: dict[str, int]
    seconds: float
    first_feasible_seconds: float | None
    stopped: bool
    optimal: bool
    phase: str  # "strict" or "relaxed"
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return round((self.objective - self.bound) / self.objective, 4)


Progress = Callable[[dict[str, Any]], None]


@dataclass
class _Vars:
    slot: dict[int, Any]
    room: dict[tuple[int, int], Any]
    fac: dict[tuple[int, int], Any]
    interp: dict[tuple[int, int], Any]
    present: dict[int, Any]  # per demand index


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(
        self, started: float, phase: str, progress: Progress | None, history: list[dict[str, Any]]
    ) -> None:
        super().__init__()
        self.started, self.phase, self.progress, self.history = started, phase, progress, history
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        elapsed = time.monotonic() - self.started
        if self.first is None:
            self.first = elapsed
        entry: dict[str, Any] = {
            "phase": self.phase,
            "elapsed": round(elapsed, 3),
            "objective": int(self.objective_value),
            "bound": int(self.best_objective_bound),
            "solutions": len(self.history) + 1,
        }
        if self.phase == "relaxed":  # the objective carries UNPLACED_COST per demand left out
            entry["unplaced"] = entry["objective"] // UNPLACED_COST
        self.history.append(entry)
        if self.progress is not None:
            self.progress(dict(entry))


def _build(
    q: Quarter,
    slots: list[Slot],
    demands: list[tuple[int, Demand, _Options]],
    relaxed: bool,
) -> tuple[cp_model.CpModel, _Vars, dict[str, Any]]:
    model = cp_model.CpModel()
    w = q.weights
    v = _Vars({}, {}, {}, {}, {})
    terms: dict[str, list[Any]] = defaultdict(list)
    pins = {(p.demand, p.session): p for p in q.pins}
    slot_at = {(s.date, s.start): s.index for s in slots}
    room_keys = {r.key: n for n, r in enumerate(q.rooms)}
    fac_keys = {f.key: n for n, f in enumerate(q.facilitators)}
    int_keys = {i.key: n for n, i in enumerate(q.interpreters)}
    week_of = [s.week for s in slots]
    patterns = sorted({s.pattern for s in slots})
    pattern_of = [patterns.index(s.pattern) for s in slots]
    room_iv: dict[int, list[Any]] = defaultdict(list)
    fac_iv: dict[int, list[Any]] = defaultdict(list)
    int_iv: dict[int, list[Any]] = defaultdict(list)
    cohort_iv: dict[tuple[str, int], list[Any]] = defaultdict(list)
    week_count: dict[int, list[Any]] = defaultdict(list)
    load: dict[int, list[Any]] = defaultdict(list)
    max_km = max([*q.distances.values(), 0])
    sid = 0
    for dn, d, opts in demands:
        present = model.new_bool_var(f"present_{d.key}") if relaxed else model.new_constant(1)
        v.present[dn] = present
        if relaxed:
            terms["unplaced"].append(UNPLACED_COST * (1 - present))
        series: list[int] = []
        for k in range(d.sessions):
            s = sid
            sid += 1
            series.append(s)
            v.slot[s] = model.new_int_var_from_domain(
                cp_model.Domain.from_values(opts.slots), f"slot_{d.key}_{k}"
            )
            x = v.slot[s]
            rooms = {r: model.new_bool_var("") for r in opts.rooms}
            facs = {f: model.new_bool_var("") for f in opts.facilitators}
            ints = {i: model.new_bool_var("") for i in opts.interpreters}
            model.add_exactly_one(rooms.values()) if not relaxed else model.add(
                sum(rooms.values()) == present
            )
            model.add(sum(facs.values()) == present)
            need = sum(b for f, b in facs.items() if d.language not in q.facilitators[f].languages)
            model.add(sum(ints.values()) == need)
            for r, b in rooms.items():
                v.room[s, r] = b
                avail = [
                    t
                    for t in opts.slots
                    if q.rooms[r].availability.allows(slots[t].date, slots[t].start)
                ]
                model.add_linear_expression_in_domain(
                    x, cp_model.Domain.from_values(avail)
                ).only_enforce_if(b)
                room_iv[r].append(model.new_optional_fixed_size_interval_var(x, 1, b, ""))
                for f, fb in facs.items():
                    if not _works_in(q.facilitators[f], q.rooms[r].municipality):
                        model.add_bool_or([b.Not(), fb.Not()])
            for f, b in facs.items():
                v.fac[s, f] = b
                fac = q.facilitators[f]
                avail = [
                    t for t in opts.slots if fac.availability.allows(slots[t].date, slots[t].start)
                ]
                model.add_linear_expression_in_domain(
                    x, cp_model.Domain.from_values(avail)
                ).only_enforce_if(b)
                fac_iv[f].append(model.new_optional_fixed_size_interval_var(x, 1, b, ""))
                load[f].append(b)
                if d.language not in fac.languages:
                    for i, ib in ints.items():
                        if not _bridges(q.interpreters[i], fac, d):
                            model.add_bool_or([b.Not(), ib.Not()])
            for i, b in ints.items():
                v.interp[s, i] = b
                avail = [
                    t
                    for t in opts.slots
                    if q.interpreters[i].availability.allows(slots[t].date, slots[t].start)
                ]
                model.add_linear_expression_in_domain(
                    x, cp_model.Domain.from_values(avail)
                ).only_enforce_if(b)
                int_iv[i].append(model.new_optional_fixed_size_interval_var(x, 1, b, ""))
            cohort_iv[d.cohort].append(
                model.new_optional_fixed_size_interval_var(x, 1, present, "")
            )
            # week of the session, for the spread
            weeks = sorted({week_of[t] for t in opts.slots})
            wk = {n: model.new_bool_var("") for n in weeks}
            model.add(sum(wk.values()) == present)
            for n, b in wk.items():
                model.add_linear_expression_in_domain(
                    x, cp_model.Domain.from_values([t for t in opts.slots if week_of[t] == n])
                ).only_enforce_if(b)
                week_count[n].append(b)
            # interpreter hours
            if w.interpreter_hour and any(
                d.language not in q.facilitators[f].languages for f in facs
            ):
                table = [round(w.interpreter_hour * s_.minutes / 60) for s_ in slots]
                cost = model.new_int_var(0, max(table), "")
                model.add_element(x, table, cost)
                paid = model.new_int_var(0, max(table), "")
                model.add(paid >= cost - max(table) * (1 - need))
                terms["interpreter_hour"].append(paid)
            # travel: the facilitator's home to the room's municipality
            if w.travel_km and max_km:
                km = model.new_int_var(0, max_km, "")
                homes: dict[str, list[Any]] = defaultdict(list)
                for f, b in facs.items():
                    homes[q.facilitators[f].home].append(b)
                places: dict[str, list[Any]] = defaultdict(list)
                for r, b in rooms.items():
                    places[q.rooms[r].municipality].append(b)
                for home, hb in homes.items():
                    for place, pb in places.items():
                        dist = q.distance(home, place)
                        if dist:
                            model.add(km >= dist * (sum(hb) + sum(pb) - 1))
                terms["travel_km"].append(w.travel_km * km)
            pin = pins.get((d.key, k))
            if pin is not None:
                model.add(x == slot_at[pin.date, pin.start]).only_enforce_if(present)
                for key, index, chosen in (
                    (pin.room, room_keys, rooms),
                    (pin.facilitator, fac_keys, facs),
                    (pin.interpreter, int_keys, ints),
                ):
                    if key is not None:
                        pinned_var = chosen.get(index[key])
                        if pinned_var is None:
                            raise QuarterError(
                                f"pins ({d.key} #{k + 1}): {key} cannot serve this demand "
                                "(language, area or capacity)"
                            )
                        model.add_implication(present, pinned_var)
        for first, then in itertools.pairwise(series):
            model.add(v.slot[first] < v.slot[then]).only_enforce_if(present)
        if len(series) > 1:
            first_pattern = model.new_int_var(0, len(patterns) - 1, "")
            model.add_element(v.slot[series[0]], pattern_of, first_pattern)
            first_week = model.new_int_var(0, q.weeks, "")
            model.add_element(v.slot[series[0]], week_of, first_week)
            prev_week = first_week
            for s in series[1:]:
                pat = model.new_int_var(0, len(patterns) - 1, "")
                model.add_element(v.slot[s], pattern_of, pat)
                same = model.new_bool_var("")
                model.add(pat == first_pattern).only_enforce_if(same)
                terms["same_time"].append(w.same_time * (1 - same))
                week = model.new_int_var(0, q.weeks, "")
                model.add_element(v.slot[s], week_of, week)
                apart = model.new_bool_var("")
                model.add(week > prev_week).only_enforce_if(apart)
                terms["same_week"].append(w.same_week * (1 - apart))
                prev_week = week
    for group in (*room_iv.values(), *fac_iv.values(), *int_iv.values(), *cohort_iv.values()):
        if len(group) > 1:
            model.add_no_overlap(group)
    if week_count and w.peak_week:
        peak = model.new_int_var(0, sid, "peak")
        for bs in week_count.values():
            model.add(peak >= sum(bs))
        terms["peak_week"].append(w.peak_week * peak)
    loads = {f: bs for f, bs in load.items()}
    for f, bs in loads.items():
        cap = q.facilitators[f].max_sessions
        if cap is not None:
            model.add(sum(bs) <= cap)
    if len(loads) > 1 and w.load_balance:
        most = model.new_int_var(0, sid, "most")
        least = model.new_int_var(0, sid, "least")
        for bs in loads.values():
            model.add(most >= sum(bs))
            model.add(least <= sum(bs))
        terms["load_balance"].append(w.load_balance * (most - least))
    model.minimize(sum(sum(ts) for ts in terms.values()))
    # Search: the most constrained session's earliest slot first, then its people and room.
    model.add_decision_strategy(
        list(v.slot.values()), cp_model.CHOOSE_MIN_DOMAIN_SIZE, cp_model.SELECT_MIN_VALUE
    )
    model.add_decision_strategy(
        [*v.fac.values(), *v.room.values(), *v.interp.values()],
        cp_model.CHOOSE_FIRST,
        cp_model.SELECT_MAX_VALUE,
    )
    return model, v, terms


def _greedy(
    q: Quarter, slots: list[Slot], demands: list[tuple[int, Demand, _Options]]
) -> dict[int, tuple[int, int, int, int | None]]:
    """A quick first placement (session -> slot, room, facilitator, interpreter), hardest demand
    first, for the solver's hint; sessions it finds no place for are left out."""
    busy: set[tuple[str, Any, int]] = set()
    load: dict[int, int] = defaultdict(int)
    out: dict[int, tuple[int, int, int, int | None]] = {}
    pins = {(p.demand, p.session): p for p in q.pins}
    firsts: dict[int, int] = {}
    sid = 0
    for dn, d, _opts in demands:
        firsts[dn] = sid
        sid += d.sessions
    order = sorted(demands, key=lambda e: (len(e[2].slots) / e[1].sessions, -e[1].group_size))
    order.sort(key=lambda e: not any(p.demand == e[1].key for p in q.pins))
    for dn, d, opts in order:
        after = -1
        for k in range(d.sessions):
            s = firsts[dn] + k
            pin = pins.get((d.key, k))
            choice = None
            for t in opts.slots:
                slot = slots[t]
                if t <= after or ("cohort", d.cohort, t) in busy:
                    continue
                if pin is not None and (slot.date, slot.start) != (pin.date, pin.start):
                    continue
                rooms = [
                    r
                    for r in opts.rooms
                    if ("room", r, t) not in busy
                    and q.rooms[r].availability.allows(slot.date, slot.start)
                    and (pin is None or pin.room in (None, q.rooms[r].key))
                ]
                for f in opts.facilitators:
                    fac = q.facilitators[f]
                    if ("fac", f, t) in busy or not fac.availability.allows(slot.date, slot.start):
                        continue
                    if fac.max_sessions is not None and load[f] >= fac.max_sessions:
                        continue
                    if pin is not None and pin.facilitator not in (None, fac.key):
                        continue
                    room = next((r for r in rooms if _works_in(fac, q.rooms[r].municipality)), None)
                    if room is None:
                        continue
                    interp: int | None = None
                    if d.language not in fac.languages:
                        interp = next(
                            (
                                i
                                for i in opts.interpreters
                                if ("int", i, t) not in busy
                                and _bridges(q.interpreters[i], fac, d)
                                and q.interpreters[i].availability.allows(slot.date, slot.start)
                                and (
                                    pin is None or pin.interpreter in (None, q.interpreters[i].key)
                                )
                            ),
                            None,
                        )
                        if interp is None:
                            continue
                    choice = (t, room, f, interp)
                    break
                if choice is not None:
                    break
            if choice is None:
                break
            t, room, f, interp = choice
            out[s] = choice
            after = t
            load[f] += 1
            busy.update({("cohort", d.cohort, t), ("room", room, t), ("fac", f, t)})
            if interp is not None:
                busy.add(("int", interp, t))
    return out


def _previous(
    q: Quarter, demands: list[tuple[int, Demand, _Options]], previous: Sequence[Session]
) -> dict[int, tuple[int, int, int, int | None]]:
    """An earlier timetable's sessions as a placement, those that still fit the options."""
    before = {(x.demand, x.index): x for x in previous}
    pinned = {(p.demand, p.session) for p in q.pins}
    rooms = {r.key: n for n, r in enumerate(q.rooms)}
    facs = {f.key: n for n, f in enumerate(q.facilitators)}
    interps = {i.key: n for n, i in enumerate(q.interpreters)}
    out: dict[int, tuple[int, int, int, int | None]] = {}
    sid = 0
    for _dn, d, opts in demands:
        for k in range(d.sessions):
            x = before.get((d.key, k))
            if x is None or (d.key, k) in pinned:
                continue
            room, fac = rooms.get(x.room), facs.get(x.facilitator)
            interp = interps.get(x.interpreter) if x.interpreter else None
            if (
                room is not None
                and fac is not None
                and x.slot in opts.slots
                and room in opts.rooms
                and fac in opts.facilitators
            ):
                out[sid + k] = (x.slot, room, fac, interp)
        sid += d.sessions
    return out


def _hint(
    model: cp_model.CpModel, v: _Vars, placement: dict[int, tuple[int, int, int, int | None]]
) -> None:
    for s, (t, room, fac, interp) in placement.items():
        model.add_hint(v.slot[s], t)
        for (s2, r), b in v.room.items():
            if s2 == s:
                model.add_hint(b, r == room)
        for (s2, f), b in v.fac.items():
            if s2 == s:
                model.add_hint(b, f == fac)
        for (s2, i), b in v.interp.items():
            if s2 == s:
                model.add_hint(b, i == interp)


def _read(
    q: Quarter,
    slots: list[Slot],
    demands: list[tuple[int, Demand, _Options]],
    v: _Vars,
    solver: cp_model.CpSolver,
) -> tuple[list[Session], list[int]]:
    sessions: list[Session] = []
    left_out: list[int] = []
    sid = 0
    for dn, d, _opts in demands:
        placed = solver.boolean_value(v.present[dn])
        if not placed:
            left_out.append(dn)
        for k in range(d.sessions):
            s = sid
            sid += 1
            if not placed:
                continue
            t = slots[solver.value(v.slot[s])]
            room = next(r for (s2, r), b in v.room.items() if s2 == s and solver.boolean_value(b))
            fac = next(f for (s2, f), b in v.fac.items() if s2 == s and solver.boolean_value(b))
            interp = next(
                (i for (s2, i), b in v.interp.items() if s2 == s and solver.boolean_value(b)),
                None,
            )
            sessions.append(
                Session(
                    d.key,
                    k,
                    t.index,
                    t.date,
                    t.start,
                    t.end,
                    q.rooms[room].key,
                    q.facilitators[fac].key,
                    q.interpreters[interp].key if interp is not None else None,
                )
            )
    return sessions, left_out


def soft_costs(quarter: Quarter, sessions: Sequence[Session]) -> dict[str, int]:
    """The soft cost of a timetable per term, from the sessions alone (for the result)."""
    q, w = quarter, quarter.weights
    demands = {d.key: d for d in q.demands}
    facs = {f.key: f for f in q.facilitators}
    rooms = {r.key: r for r in q.rooms}
    slots = q.slots()
    out = dict.fromkeys(
        ("same_time", "same_week", "peak_week", "load_balance", "interpreter_hour", "travel_km"),
        0,
    )
    by_series: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        by_series[s.demand].append(s)
        if s.interpreter is not None:
            out["interpreter_hour"] += round(w.interpreter_hour * slots[s.slot].minutes / 60)
        out["travel_km"] += w.travel_km * q.distance(
            facs[s.facilitator].home, rooms[s.room].municipality
        )
    for series in by_series.values():
        series.sort(key=lambda s: s.index)
        first = slots[series[0].slot]
        for a, b in itertools.pairwise(series):
            if slots[b.slot].pattern != first.pattern:
                out["same_time"] += w.same_time
            if slots[b.slot].week <= slots[a.slot].week:
                out["same_week"] += w.same_week
    if sessions:
        per_week: dict[int, int] = defaultdict(int)
        for s in sessions:
            per_week[slots[s.slot].week] += 1
        out["peak_week"] = w.peak_week * max(per_week.values())
    # the facilitators who could run a session of a demand in the timetable (the model's set)
    placed = {demands[x.demand] for x in sessions}
    eligible = [
        f.key
        for f in q.facilitators
        if any(
            d.language in f.languages or any(_bridges(i, f, d) for i in q.interpreters)
            for d in placed
        )
    ]
    if len(eligible) > 1:
        counts = {key: 0 for key in eligible}
        for s in sessions:
            counts[s.facilitator] = counts.get(s.facilitator, 0) + 1
        out["load_balance"] = w.load_balance * (max(counts.values()) - min(counts.values()))
    return out


def _explain(
    q: Quarter, slots: list[Slot], d: Demand, opts: _Options, sessions: Sequence[Session]
) -> list[str]:
    """Why a demand the relaxation left out found no place, from the timetable it got."""
    busy: dict[tuple[str, str], set[int]] = defaultdict(set)
    demands = {x.key: x for x in q.demands}
    for s in sessions:
        busy["room", s.room].add(s.slot)
        busy["facilitator", s.facilitator].add(s.slot)
        if s.interpreter:
            busy["interpreter", s.interpreter].add(s.slot)
        busy["cohort", "/".join(map(str, demands[s.demand].cohort))].add(s.slot)
    load: dict[str, int] = defaultdict(int)
    for s in sessions:
        load[s.facilitator] += 1
    full = {
        f
        for f in opts.facilitators
        if q.facilitators[f].max_sessions is not None
        and load[q.facilitators[f].key] >= (q.facilitators[f].max_sessions or 0)
    }
    cohort_key = f"{d.language}/{d.year}"
    counts = {"cohort": 0, "room": 0, "facilitator": 0, "maximum": 0, "interpreter": 0}
    free_slots = 0
    for t in opts.slots:
        slot = slots[t]
        if t in busy["cohort", cohort_key]:
            counts["cohort"] += 1
            continue
        rooms = [
            r
            for r in opts.rooms
            if q.rooms[r].availability.allows(slot.date, slot.start)
            and t not in busy["room", q.rooms[r].key]
        ]
        if not rooms:
            counts["room"] += 1
            continue
        facs = [
            f
            for f in opts.facilitators
            if q.facilitators[f].availability.allows(slot.date, slot.start)
            and t not in busy["facilitator", q.facilitators[f].key]
        ]
        if not facs:
            counts["facilitator"] += 1
            continue
        facs = [f for f in facs if f not in full]
        if not facs:
            counts["maximum"] += 1
            continue
        if all(d.language not in q.facilitators[f].languages for f in facs) and not any(
            q.interpreters[i].availability.allows(slot.date, slot.start)
            and t not in busy["interpreter", q.interpreters[i].key]
            and any(_bridges(q.interpreters[i], q.facilitators[f], d) for f in facs)
            for i in opts.interpreters
        ):
            counts["interpreter"] += 1
            continue
        free_slots += 1
    titles = sorted({q.facilitators[f].title for f in opts.facilitators})
    who = ", ".join(titles) if len(titles) <= 3 else f"{len(titles)} facilitators"
    parts = [
        f"{counts['cohort']} have its cohort ({d.language}, year {d.year}) in another session",
        f"{counts['room']} have every room of capacity >= {d.group_size} taken",
        f"{counts['facilitator']} have every facilitator for {d.language} ({who}) taken",
    ]
    if counts["maximum"]:
        maxed = ", ".join(sorted(q.facilitators[f].title for f in full))
        parts.append(
            f"{counts['maximum']} have only facilitators who reached their quarterly maximum "
            f"free ({maxed})"
        )
    if counts["interpreter"]:
        parts.append(f"{counts['interpreter']} have no interpreter for {d.language} free")
    reasons = [f"of the {len(opts.slots)} slot(s) where it could meet: " + "; ".join(parts)]
    if free_slots:
        reasons.append(
            f"{free_slots} slot(s) are still free, fewer than the {d.sessions} sessions of the "
            "series in order, or the search ran out of time before placing it"
        )
    return reasons


def solve(
    quarter: Quarter,
    time_limit: float,
    *,
    seed: int = 0,
    workers: int = 2,
    stop: threading.Event | None = None,
    progress: Progress | None = None,
    previous: Sequence[Session] = (),
) -> QuarterResult:
    """The quarter's timetable within `time_limit` s; setting `stop` ends the search and keeps
    the best timetable found so far. `progress` gets {phase, elapsed, objective, bound,
    solutions} at each better timetable. `previous` (an earlier result's sessions, e.g. before
    a pin was added) is the search's starting point where it still fits; the greedy placement
    fills in the rest."""
    validate(quarter)
    started = time.monotonic()
    slots = quarter.slots()
    unplaced: list[Unplaced] = []
    demands: list[tuple[int, Demand, _Options]] = []
    for dn, d in enumerate(quarter.demands):
        opts, reasons = _options(quarter, slots, d)
        if opts is None:
            unplaced.append(Unplaced(d.key, reasons))
        else:
            demands.append((dn, d, opts))
    pinned = {p.demand for p in quarter.pins}
    for u in unplaced:
        if u.demand in pinned:
            raise QuarterError(f"pins ({u.demand}): the demand cannot be placed: {u.reasons[0]}")
    history: list[dict[str, Any]] = []
    result: QuarterResult | None = None
    for phase in ("strict", "relaxed"):
        remaining = time_limit - (time.monotonic() - started)
        model, v, _terms = _build(quarter, slots, demands, relaxed=phase == "relaxed")
        placement = _greedy(quarter, slots, demands)
        placement.update(_previous(quarter, demands, previous))
        _hint(model, v, placement)
        if phase == "relaxed":
            hinted = set(placement)
            sid = 0
            for dn, d, _o in demands:
                model.add_hint(v.present[dn], all(sid + k in hinted for k in range(d.sessions)))
                sid += d.sessions
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, remaining)
        solver.parameters.random_seed = seed
        solver.parameters.num_workers = workers
        # Probing in presolve took seconds on the demo quarter and found little.
        solver.parameters.cp_model_probing_level = 0
        callback = _Callback(started, phase, progress, history)
        with _Watch(solver, stop):
            status = solver.solve(model, callback)
        stopped = stop is not None and stop.is_set()
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            sessions, left_out = _read(quarter, slots, demands, v, solver)
            for dn, d, opts in demands:
                if dn in left_out:
                    unplaced.append(Unplaced(d.key, _explain(quarter, slots, d, opts, sessions)))
            breakdown = soft_costs(quarter, sessions)
            objective = sum(breakdown.values())
            bound = int(solver.best_objective_bound) if phase == "strict" else None
            result = QuarterResult(
                status="complete" if not unplaced else "partial",
                sessions=sessions,
                unplaced=unplaced,
                objective=objective,
                bound=bound,
                breakdown=breakdown,
                weights=quarter.weights.as_dict(),
                seconds=time.monotonic() - started,
                first_feasible_seconds=callback.first,
                stopped=stopped,
                optimal=status == cp_model.OPTIMAL,
                phase=phase,
                history=history,
            )
            break
        if status != cp_model.INFEASIBLE or stopped:
            why = "stopped" if stopped else f"no timetable found in {time_limit:g} s"
            result = QuarterResult(
                status="none",
                sessions=[],
                unplaced=unplaced + [Unplaced(d.key, [why]) for _dn, d, _o in demands],
                objective=None,
                bound=None,
                breakdown={},
                weights=quarter.weights.as_dict(),
                seconds=time.monotonic() - started,
                first_feasible_seconds=None,
                stopped=stopped,
                optimal=False,
                phase=phase,
                history=history,
            )
            break
        # proven infeasible with every demand placed: relax "placed at least once"
    assert result is not None
    return result
