"""The ITC-2007 cost function (problem.evaluate) against hand-computed cases and against the
independent checker of tests/courses/itc_checker.py, on each side of every soft component."""

from __future__ import annotations

import pytest

from kotopolku.courses.timetable.itc2007 import parse_ctt, parse_solution
from kotopolku.courses.timetable.problem import evaluate
from tests.courses.instances import ctt
from tests.courses.itc_checker import check

COMPONENT = {  # problem.Cost field -> checker field
    "room_capacity": "room_capacity",
    "min_working_days": "min_working_days",
    "isolated_lectures": "curriculum_compactness",
    "room_stability": "room_stability",
}


def both(instance: str, solution: str) -> tuple[dict, dict]:
    problem = parse_ctt(instance)
    ours = evaluate(problem, parse_solution(problem, solution)).as_dict()
    theirs = check(instance, solution)
    for field, checker_field in COMPONENT.items():
        assert ours[field] == theirs[checker_field], field
    assert ours["cost"] == theirs["soft"]
    assert ours["hard_violations"] == theirs["hard"]
    return ours, theirs


@pytest.mark.parametrize(("students", "expected"), [(30, 0), (31, 2)])
def test_room_capacity_at_capacity_and_one_over(students: int, expected: int) -> None:
    # Two lectures in a room of 30: one student over costs 1 per lecture.
    instance = ctt([f"cA tA 2 1 {students}"], ["R1 30"])
    ours, _ = both(instance, "cA R1 0 0\ncA R1 1 0\n")
    assert ours["room_capacity"] == expected
    assert ours["cost"] == expected


@pytest.mark.parametrize(("second_day", "expected"), [(1, 0), (0, 5)])
def test_min_working_days_met_and_one_short(second_day: int, expected: int) -> None:
    instance = ctt(["cA tA 2 2 10"], ["R1 30"])
    ours, _ = both(instance, f"cA R1 0 0\ncA R1 {second_day} 1\n")
    assert ours["min_working_days"] == expected


def test_min_working_days_two_short() -> None:
    instance = ctt(["cA tA 3 3 10"], ["R1 30"], days=3)
    ours, _ = both(instance, "cA R1 0 0\ncA R1 0 1\ncA R1 0 2\n")
    assert ours["min_working_days"] == 10


@pytest.mark.parametrize(
    ("cb_slot", "expected"),
    [
        ("0 1", 0),  # adjacent on the same day: neither isolated
        ("0 2", 4),  # a gap: both isolated, 2 each
        ("1 0", 4),  # next period number but the next day: both isolated
    ],
)
def test_isolated_lectures_adjacent_and_not(cb_slot: str, expected: int) -> None:
    instance = ctt(["cA tA 1 1 10", "cB tB 1 1 10"], ["R1 30"], curricula=["q1 2 cA cB"])
    ours, _ = both(instance, f"cA R1 0 0\ncB R1 {cb_slot}\n")
    assert ours["isolated_lectures"] == expected


def test_isolated_counts_per_curriculum() -> None:
    # cA is in two curricula; alone at 0 0 it is isolated in both (2 + 2); cB at 0 1 is adjacent
    # to cA in q1 but q2 has only cA.
    instance = ctt(
        ["cA tA 1 1 10", "cB tB 1 1 10"],
        ["R1 30", "R2 30"],
        curricula=["q1 2 cA cB", "q2 1 cA"],
    )
    ours, _ = both(instance, "cA R1 0 0\ncB R2 0 1\n")
    assert ours["isolated_lectures"] == 2


@pytest.mark.parametrize(("second_room", "expected"), [("R1", 0), ("R2", 1)])
def test_room_stability_one_room_and_two(second_room: str, expected: int) -> None:
    instance = ctt(["cA tA 2 1 10"], ["R1 30", "R2 30"])
    ours, _ = both(instance, f"cA R1 0 0\ncA {second_room} 1 0\n")
    assert ours["room_stability"] == expected


def test_all_components_together() -> None:
    instance = ctt(
        ["cA tA 3 3 35", "cB tB 1 1 10"],
        ["R1 30", "R2 40"],
        curricula=["q1 2 cA cB"],
        days=3,
    )
    # cA: days 0 and 0 and 1 (one short: 5), rooms R1, R1, R2 (stability 1),
    # 5 over capacity twice in R1 (10); q1: cA 0 0 + cA 0 1 adjacent, cA 1 0 isolated (2),
    # cB 2 2 isolated (2).
    solution = "cA R1 0 0\ncA R1 0 1\ncA R2 1 0\ncB R1 2 2\n"
    ours, _ = both(instance, solution)
    assert (ours["room_capacity"], ours["min_working_days"]) == (10, 5)
    assert (ours["isolated_lectures"], ours["room_stability"]) == (4, 1)
    assert ours["cost"] == 20
    assert ours["feasible"] is True


HARD = ctt(
    ["cA tA 2 1 10", "cB tA 1 1 10", "cC tC 1 1 10", "cD tD 1 1 10"],
    ["R1 30", "R2 30"],
    curricula=["q1 2 cC cD"],
    unavailable=["cD 1 2"],
)


@pytest.mark.parametrize(
    ("solution", "field", "checker_field"),
    [
        # one lecture of cA missing
        ("cA R1 0 0\ncB R1 0 1\ncC R1 1 0\ncD R1 1 1\n", "unscheduled", "lectures"),
        # cA's two lectures in one period
        ("cA R1 0 0\ncA R2 0 0\ncB R1 0 1\ncC R1 1 0\ncD R1 1 1\n", "same_period", "lectures"),
        # cA and cB share teacher tA in period 0 0
        ("cA R1 0 0\ncA R1 0 1\ncB R2 0 0\ncC R1 1 0\ncD R1 1 1\n", "conflicts", "conflicts"),
        # cC and cD share curriculum q1 in period 1 0
        ("cA R1 0 0\ncA R1 0 1\ncB R1 0 2\ncC R1 1 0\ncD R2 1 0\n", "conflicts", "conflicts"),
        # two lectures in R1 at 1 0
        ("cA R1 0 0\ncA R1 0 1\ncB R1 0 2\ncC R1 1 0\ncD R1 1 0\n", None, None),
        # cD in its unavailable period 1 2
        (
            "cA R1 0 0\ncA R1 0 1\ncB R1 0 2\ncC R1 1 0\ncD R1 1 2\n",
            "unavailability",
            "availability",
        ),
    ],
)
def test_hard_violations_are_seen_by_both(
    solution: str, field: str | None, checker_field: str | None
) -> None:
    ours, theirs = both(HARD, solution)
    assert ours["feasible"] is False
    assert theirs["hard"] > 0
    if field is None:  # R1 doubly used at 1 0, and cC/cD (q1) meet there
        assert ours["room_occupancy"] == theirs["room_occupancy"] == 1
        assert ours["conflicts"] == theirs["conflicts"] == 1
    else:
        assert ours[field] == 1
        assert theirs[checker_field] == 1


def test_a_feasible_timetable_has_no_hard_violations() -> None:
    ours, theirs = both(HARD, "cA R1 0 0\ncA R1 0 1\ncB R1 0 2\ncC R1 1 0\ncD R1 1 1\n")
    assert ours["feasible"] is True
    assert theirs["hard"] == 0
