"""validate(): each bad field of a Quarter is named; pins are checked alone and against each other."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kotopolku.courses.timetable.quarter import (
    Availability,
    Block,
    Demand,
    Facilitator,
    Interpreter,
    Pin,
    Quarter,
    QuarterError,
    solve,
    validate,
)
from tests.courses.quarter_instances import MON, day, tiny

REPO = Path(__file__).resolve().parents[2]


def first_room(**changes: object) -> Callable[[Quarter], Quarter]:
    return lambda q: replace(q, rooms=[replace(q.rooms[0], **changes), *q.rooms[1:]])


def pins(*pinned: Pin) -> Callable[[Quarter], Quarter]:
    return lambda q: replace(q, pins=list(pinned))


CASES: list[tuple[str, Callable[[Quarter], Quarter], str]] = [
    ("weeks", lambda q: replace(q, weeks=0), "quarter: field 'weeks': 0 is not between 1 and 27"),
    ("no times", lambda q: replace(q, times=()), "quarter: field 'times': no daily time slots"),
    ("bad time", lambda q: replace(q, times=(("9", "12:00"),)), "times[0]: field 'start': '9'"),
    (
        "end before start",
        lambda q: replace(q, times=(("12:00", "09:00"),)),
        "times[0]: field 'end': 09:00 is not after the start 12:00",
    ),
    (
        "overlapping slots",
        lambda q: replace(q, times=(("09:00", "12:00"), ("11:00", "14:00"))),
        "times: field 'start': the slot at 11:00 overlaps the one before",
    ),
    (
        "no municipalities",
        lambda q: replace(q, municipalities=()),
        "quarter: field 'municipalities': none given",
    ),
    (
        "distance to nowhere",
        lambda q: replace(q, distances={("Joensuu", "Kuopio"): 160}),
        "distances: field Joensuu-Kuopio: unknown municipality 'Kuopio'",
    ),
    (
        "negative distance",
        lambda q: replace(q, distances={("Joensuu", "Liperi"): -1}),
        "-1 km is negative",
    ),
    (
        "duplicate room",
        lambda q: replace(q, rooms=[q.rooms[0], q.rooms[0]]),
        "rooms[1]: field 'key': 'r1' is used twice",
    ),
    (
        "weekday 9",
        first_room(availability=Availability(weekdays=frozenset({9}))),
        "rooms[0] ('r1'): field 'weekdays': 9 is not a weekday",
    ),
    (
        "absence backwards",
        first_room(availability=Availability(absences=((day(3), day(1)),))),
        "rooms[0] ('r1'): field 'absences': 2027-01-05 is before 2027-01-07",
    ),
    (
        "facilitator without a language",
        lambda q: replace(q, facilitators=[replace(q.facilitators[0], languages=())]),
        "facilitators[0] ('f1'): field 'languages': none given",
    ),
    (
        "facilitator in Kuopio",
        lambda q: replace(q, facilitators=[replace(q.facilitators[0], home="Kuopio")]),
        "facilitators[0] ('f1'): field 'home': unknown municipality 'Kuopio'",
    ),
    (
        "negative maximum",
        lambda q: replace(q, facilitators=[replace(q.facilitators[0], max_sessions=-1)]),
        "facilitators[0] ('f1'): field 'max_sessions': -1 is negative",
    ),
    (
        "interpreter of one language",
        lambda q: replace(q, interpreters=[Interpreter("i1", "Tulkki", ("ar",))]),
        "interpreters[0] ('i1'): field 'languages': an interpreter needs two or more",
    ),
    (
        "year 4",
        lambda q: replace(q, demands=[Demand("d", "A", "fi", 4, 5)]),
        "demands[0] ('d'): field 'year': 4 is not 1, 2 or 3",
    ),
    (
        "group of 0",
        lambda q: replace(q, demands=[Demand("d", "A", "fi", 1, 0)]),
        "demands[0] ('d'): field 'group_size': must be at least 1",
    ),
    (
        "no sessions",
        lambda q: replace(q, demands=[Demand("d", "A", "fi", 1, 5, sessions=0)]),
        "demands[0] ('d'): field 'sessions': must be at least 1",
    ),
    (
        "block in year 5",
        lambda q: replace(q, blocks=[Block("Joensuu", years=(5,))]),
        "blocks[0] (Joensuu): field 'years': 5 is not 1, 2 or 3",
    ),
    ("pin of no demand", pins(Pin("dx", 0, MON, "09:00")), "field 'demand': unknown demand 'dx'"),
    ("pin of session 3", pins(Pin("d3", 2, day(1), "09:00")), "the series has 2 session(s)"),
    (
        "pinned twice",
        pins(Pin("d1", 0, day(1), "09:00"), Pin("d1", 0, day(2), "09:00")),
        "pins[1] (d1 #1): field 'session': pinned twice",
    ),
    (
        "pin in training",
        pins(Pin("d1", 0, MON, "09:00")),
        "field 'date': integration training blocks that slot",
    ),
    ("pin too small", pins(Pin("d2", 0, day(1), "09:00", room="r1")), "capacity 10 < group 15"),
    (
        "pin room closed",
        pins(Pin("d1", 0, MON, "13:00", room="r2")),
        "field 'room': r2 is not available then",
    ),
    (
        "pin of nobody",
        pins(Pin("d1", 0, MON, "13:00", facilitator="fx")),
        "field 'facilitator': unknown facilitator 'fx'",
    ),
    (
        "pin facilitator away",
        pins(Pin("d1", 0, day(4), "13:00", facilitator="f2")),
        "field 'facilitator': f2 is not available then",
    ),
    (
        "pin of no interpreter",
        pins(Pin("d3", 0, day(1), "13:00", interpreter="ix")),
        "field 'interpreter': unknown interpreter 'ix'",
    ),
    (
        "pin interpreter off",
        pins(Pin("d3", 0, day(3), "13:00", interpreter="i1")),
        "field 'interpreter': i1 is not available then",
    ),
    (
        "pin interpreter not needed",
        pins(Pin("d3", 0, day(1), "13:00", facilitator="f1", interpreter="i1")),
        "field 'interpreter': not needed or no common language with f1",
    ),
    (
        "pin interpreter not wanted",
        pins(Pin("d1", 0, day(1), "13:00", interpreter="i1")),
        "field 'interpreter': no facilitator needs i1 for fi",
    ),
    (
        "pin interpreter of another language",
        lambda q: replace(
            q,
            interpreters=[*q.interpreters, Interpreter("i2", "Tulkki 2", ("so", "fi"))],
            pins=[Pin("d3", 0, day(1), "13:00", interpreter="i2")],
        ),
        "field 'interpreter': does not interpret ar",
    ),
    (
        "two pins in one room",
        pins(Pin("d1", 0, day(1), "13:00", room="r1"), Pin("d4", 0, day(1), "13:00", room="r1")),
        "pins[1] (d4 #1): field 'room': pins[0] already puts room r1 at 2027-01-05 13:00",
    ),
    (
        "two pins on one cohort",
        pins(Pin("d3", 0, day(1), "13:00"), Pin("d5", 0, day(1), "13:00")),
        "pins[1] (d5 #1): field 'date': pins[0] already puts cohort ar/2",
    ),
    (
        "series pinned backwards",
        pins(Pin("d3", 0, day(3), "13:00"), Pin("d3", 1, day(1), "13:00")),
        "pins (d3): field 'date': session 2 is pinned before session 1",
    ),
]


@pytest.mark.parametrize("change", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_field_is_named(change: Callable[[Quarter], Quarter]) -> None:
    message = next(c[2] for c in CASES if c[1] is change)
    with pytest.raises(QuarterError) as caught:
        validate(change(tiny()))
    assert message in str(caught.value)


def test_solve_refuses_bad_input_before_solving() -> None:
    with pytest.raises(QuarterError, match="field 'capacity'"):
        solve(first_room(capacity=0)(tiny()), 1)


def test_a_pin_of_a_demand_that_cannot_be_placed_is_refused() -> None:
    q = tiny(
        demands=[Demand("so", "A", "so", 2, 5)],
        pins=[Pin("so", 0, day(1), "09:00")],
        interpreters=[],
    )
    with pytest.raises(QuarterError, match=r"pins \(so\): the demand cannot be placed: no"):
        solve(q, 1)


def test_a_series_without_enough_slots_is_explained() -> None:
    only_tuesday = Availability(frozenset({1}))
    q = tiny(
        demands=[Demand("long", "A", "ku", 2, 5, sessions=3)],
        facilitators=[Facilitator("fk", "Ohjaaja K", ("ku",), "Joensuu", (), only_tuesday)],
        interpreters=[],
        blocks=[],
    )
    result = solve(q, 1)
    assert result.status == "partial"
    (unplaced,) = result.unplaced
    assert "only 2 slot(s) of the quarter have a room" in unplaced.reasons[0]
    assert "Ohjaaja K" in unplaced.reasons[0]
    assert "the series needs 3" in unplaced.reasons[0]


def test_a_solve_stopped_before_any_timetable_says_so() -> None:
    stop = threading.Event()
    stop.set()
    result = solve(tiny(), 5, stop=stop)
    if result.status == "none":  # CP-SAT may still finish a tiny model before it sees the stop
        assert result.sessions == []
        assert {" ".join(u.reasons) for u in result.unplaced} == {"stopped"}
    assert result.stopped


def test_bench_timetable_shape() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    stdout = StringIO()
    call_command("bench", "timetable", "--time-limits", "3", "--seed", "1", "--json", stdout=stdout)
    figures = json.loads(stdout.getvalue())
    assert figures["demands"] == 74 and figures["sessions_needed"] == 81
    assert len(figures["languages"]) >= 6
    row = figures["runs"]["3s"]
    assert row["status"] == "complete"
    assert row["objective"] == sum(row["breakdown"].values())
    assert row["bound"] <= row["objective"]
    assert row["first_feasible_seconds"] <= row["seconds"]


def test_bench_timetable_refuses_bad_limits() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bench.timetable import run

    with pytest.raises(SystemExit, match="time-limits: expected seconds"):
        run(time_limits="ten")
    with pytest.raises(SystemExit, match="positive"):
        run(time_limits="0")
