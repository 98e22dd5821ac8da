"""The solver: feasible timetables whose cost the independent checker confirms."""

from __future__ import annotations

import threading
from pathlib import Path

from kotopolku.courses.timetable.itc2007 import format_solution, parse_ctt
from kotopolku.courses.timetable.solver import reoptimise, solve
from tests.courses.instances import SMALL
from tests.courses.itc_checker import check

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "itc2007" / "ctt"


def test_small_instance_solved_to_zero_cost() -> None:
    problem = parse_ctt(SMALL)
    seen: list[dict] = []
    result = solve(problem, 3, seed=1, progress=seen.append)
    checked = check(SMALL, format_solution(problem, result.assignment))
    assert checked["hard"] == 0
    assert result.cost.feasible
    assert checked["soft"] == result.cost.soft == 0  # cost 0 exists: 2 rooms fit everything
    assert seen[0]["phase"] == "periods"
    assert any(p["feasible"] for p in seen)


def test_comp01_feasible_in_a_few_seconds() -> None:
    text = (DATA / "comp01.ctt").read_text()
    problem = parse_ctt(text)
    result = solve(problem, 4, seed=3)
    checked = check(text, format_solution(problem, result.assignment))
    assert checked["hard"] == 0
    assert checked["soft"] == result.cost.soft
    assert len(result.assignment) == problem.total_lectures == 160
    assert result.seconds < 8


def test_stop_ends_the_solve_early() -> None:
    problem = parse_ctt((DATA / "comp07.ctt").read_text())
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    timer.start()
    result = solve(problem, 60, seed=1, stop=stop)
    timer.join()
    assert result.stopped
    assert result.seconds < 10


def test_reoptimise_never_breaks_hard_constraints() -> None:
    text = (DATA / "comp01.ctt").read_text()
    problem = parse_ctt(text)
    start = solve(problem, 2, seed=5).assignment
    # free the lectures of the first ten courses, with everything else fixed
    free = [i for i, (c, _p, _r) in enumerate(start) if c < 10]
    outcome = reoptimise(problem, start, free, 2.0, seed=2)
    assert outcome is not None
    candidate, _optimal = outcome
    fixed_before = sorted(lecture for lecture in start if lecture[0] >= 10)
    assert sorted(lecture for lecture in candidate if lecture[0] >= 10) == fixed_before
    assert check(text, format_solution(problem, candidate))["hard"] == 0
