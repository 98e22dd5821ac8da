"""The quarterly timetable solver: every timetable it returns passes the independent checker."""

from __future__ import annotations

import threading
from dataclasses import replace

from kotopolku.courses.timetable.quarter import (
    Availability,
    Block,
    Demand,
    Facilitator,
    Pin,
    precheck,
    soft_costs,
    solve,
)
from kotopolku.courses.timetable.quarter_data import load_quarter
from tests.courses.quarter_checker import violations
from tests.courses.quarter_instances import day, tiny


def test_tiny_quarter_is_solved_and_checked() -> None:
    seen: list[dict] = []
    q = tiny()
    result = solve(q, 3, seed=1, progress=seen.append)
    assert result.status == "complete"
    assert result.unplaced == []
    assert violations(q, result.sessions) == []
    assert len(result.sessions) == sum(d.sessions for d in q.demands) == 6
    # the objective is the weighted soft cost of the timetable, term by term
    assert result.breakdown == soft_costs(q, result.sessions)
    assert result.objective == sum(result.breakdown.values())
    assert result.bound is not None and result.bound <= result.objective
    assert result.weights["travel_km"] == q.weights.travel_km
    assert seen and {"objective", "bound", "elapsed"} <= set(seen[0])


def test_pins_are_honoured_and_the_rest_re_solved() -> None:
    q = tiny()
    first = solve(q, 3, seed=1)
    d4 = next(x for x in first.sessions if x.demand == "d4")
    # pin d4 somewhere else than it was: Tuesday afternoon in Liperi with f3 and the interpreter
    target = (day(1), "13:00") if (d4.date, d4.start) != (day(1), "13:00") else (day(2), "13:00")
    pinned = replace(
        q, pins=[Pin("d4", 0, target[0], target[1], room="r2", facilitator="f3", interpreter="i1")]
    )
    again = solve(pinned, 3, seed=1)
    assert again.status == "complete"
    assert violations(pinned, again.sessions) == []
    moved = next(x for x in again.sessions if x.demand == "d4")
    assert (moved.date, moved.start, moved.room, moved.facilitator, moved.interpreter) == (
        *target,
        "r2",
        "f3",
        "i1",
    )


def test_stop_keeps_the_best_timetable_so_far() -> None:
    q = load_quarter()
    stop = threading.Event()
    seen: list[dict] = []

    def progress(p: dict) -> None:
        seen.append(p)
        stop.set()  # stop at the first timetable

    result = solve(q, 60, seed=1, stop=stop, progress=progress)
    assert result.stopped
    assert result.seconds < 30
    assert result.status == "complete"
    assert result.objective is not None and result.objective <= seen[-1]["objective"]
    assert violations(q, result.sessions) == []


def test_demands_that_cannot_be_placed_are_explained_and_the_rest_solved() -> None:
    q = tiny(
        demands=[
            *tiny().demands,
            Demand("somali", "F", "so", 1, 5),  # nobody speaks or interprets Somali
            Demand("big", "G", "fi", 2, 50),  # no room holds 50
            Demand("blocked", "H", "fi", 3, 5, municipalities=("Liperi",)),
        ],
        blocks=[
            *tiny().blocks,
            Block("Liperi", languages=("fi",), years=(3,)),  # in training all week
        ],
    )
    result = solve(q, 3, seed=1)
    assert result.status == "partial"
    reasons = {u.demand: " ".join(u.reasons) for u in result.unplaced}
    assert set(reasons) == {"somali", "big", "blocked"}
    assert "no facilitator speaks so and no interpreter for so" in reasons["somali"]
    assert "no room of capacity >= 50" in reasons["big"]
    assert "the largest there holds 20" in reasons["big"]
    assert "blocked by integration training" in reasons["blocked"]
    assert precheck(q).keys() == reasons.keys()
    assert violations(q, result.sessions, unplaced=reasons) == []


def test_a_jointly_infeasible_quarter_lists_what_was_left_out() -> None:
    # Two Kurdish year-1 themes, one facilitator free only on Friday morning: each alone fits,
    # together they do not. The relaxation places one and explains the other.
    only_friday = Availability(frozenset({4}), frozenset({"09:00"}))
    q = tiny(
        demands=[Demand("k1", "A", "ku", 1, 5), Demand("k2", "B", "ku", 1, 5)],
        facilitators=[
            Facilitator("fk", "Ohjaaja K (kurdi)", ("ku", "fi"), "Joensuu", (), only_friday)
        ],
        interpreters=[],
        blocks=[],
    )
    assert precheck(q) == {}
    result = solve(q, 3, seed=1)
    assert result.status == "partial"
    assert result.phase == "relaxed"
    assert len(result.sessions) == 1
    assert len(result.unplaced) == 1
    text = " ".join(result.unplaced[0].reasons)
    assert "infeasible" not in text
    assert "1 have its cohort (ku, year 1) in another session" in text
    assert violations(q, result.sessions, unplaced=[result.unplaced[0].demand]) == []


def test_the_demo_quarter_is_solved_in_a_few_seconds() -> None:
    q = load_quarter()
    result = solve(q, 5, seed=2)
    assert result.status == "complete"
    assert result.first_feasible_seconds is not None
    assert len(result.sessions) == sum(d.sessions for d in q.demands)
    assert violations(q, result.sessions) == []


def test_a_facilitator_at_the_quarterly_maximum_is_named() -> None:
    q = tiny(
        demands=[Demand("k1", "A", "ku", 1, 5), Demand("k2", "B", "ku", 2, 5)],
        facilitators=[
            Facilitator("fk", "Ohjaaja K (kurdi)", ("ku", "fi"), "Joensuu", max_sessions=1)
        ],
        interpreters=[],
        blocks=[],
    )
    result = solve(q, 3, seed=1)
    assert (result.status, len(result.sessions), len(result.unplaced)) == ("partial", 1, 1)
    text = result.unplaced[0].reasons[0]
    assert "only facilitators who reached their quarterly maximum free (Ohjaaja K (kurdi))" in text
    assert violations(q, result.sessions, unplaced=[result.unplaced[0].demand]) == []


def test_a_re_solve_given_the_previous_timetable_keeps_its_optimum() -> None:
    # Pinning a session where the optimum already has it cannot change the optimum's cost.
    q = tiny()
    first = solve(q, 3, seed=1)
    d1 = next(x for x in first.sessions if x.demand == "d1")
    pinned = replace(q, pins=[Pin("d1", 0, d1.date, d1.start, room=d1.room)])
    again = solve(pinned, 3, seed=1, previous=first.sessions)
    assert again.status == "complete"
    assert violations(pinned, again.sessions) == []
    assert first.optimal and again.optimal
    assert again.objective == first.objective
