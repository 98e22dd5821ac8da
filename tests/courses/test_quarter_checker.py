"""The independent checker accepts a hand-made timetable and refuses one broken per hard rule."""

from __future__ import annotations

import pytest

from kotopolku.courses.timetable.quarter import Pin
from tests.courses.quarter_checker import violations
from tests.courses.quarter_instances import GOOD, day, s, tiny


def with_session(i: int, session: object) -> list:
    out = list(GOOD)
    out[i] = session
    return out


def test_the_hand_made_timetable_keeps_every_hard_constraint() -> None:
    assert violations(tiny(), GOOD) == []


BROKEN = {
    # d3 #1 moves into r2 at Tue 09:00, where d2 already is
    "room": (with_session(2, s("d3", 0, 1, "09:00", "r2", "f2", "i1")), "room r2 double-booked"),
    "facilitator": (with_session(0, s("d1", 0, 1, "09:00", "r1", "f1")), "facilitator f1 double"),
    "interpreter": (
        with_session(4, s("d4", 0, 2, "09:00", "r2", "f3", "i1")),
        "interpreter i1 double",
    ),
    "cohort": (with_session(5, s("d5", 0, 2, "09:00", "r2", "f1")), "cohort ar/2 double"),
    "room availability": (
        with_session(0, s("d1", 0, 0, "13:00", "r2", "f2")),
        "room r2 unavailable",
    ),
    "facilitator availability": (
        with_session(5, s("d5", 0, 4, "09:00", "r1", "f2", "i1")),
        "facilitator f2 unavailable",
    ),
    "interpreter availability": (
        with_session(3, s("d3", 1, 3, "09:00", "r1", "f3", "i1")),
        "interpreter i1 unavailable",
    ),
    "capacity": (with_session(1, s("d2", 0, 1, "09:00", "r1", "f1")), "holds 10 < 15"),
    "placed at least once": (GOOD[1:], "d1: 0 of 1"),
    "integration training": (
        with_session(0, s("d1", 0, 0, "09:00", "r1", "f2")),
        "integration training in Joensuu",
    ),
    "language": (with_session(1, s("d2", 0, 1, "09:00", "r2", "f3")), "does not speak ar"),
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_a_timetable_breaking_one_hard_constraint_is_refused(rule: str) -> None:
    timetable, expected = BROKEN[rule]
    found = violations(tiny(), timetable)
    assert found, rule
    assert any(expected in v for v in found), found


def test_a_pin_not_honoured_is_refused() -> None:
    pinned = tiny(pins=[Pin("d1", 0, day(0), "13:00", facilitator="f2")])
    assert violations(pinned, GOOD) == []
    moved = with_session(0, s("d1", 0, 0, "13:00", "r1", "f3"))
    assert violations(pinned, moved) == ["pin d1 #1 not honoured"]


def test_series_out_of_order_is_refused() -> None:
    swapped = list(GOOD)
    swapped[2], swapped[3] = (
        s("d3", 0, 3, "09:00", "r1", "f1"),
        s("d3", 1, 2, "09:00", "r1", "f2", "i1"),
    )
    assert any("not after" in v for v in violations(tiny(), swapped))
