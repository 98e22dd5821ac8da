"""A tiny hand-made quarter (one week, two municipalities) for the quarterly timetable tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kotopolku.courses.timetable.quarter import (
    Availability,
    Block,
    Demand,
    Facilitator,
    Interpreter,
    Pin,
    Quarter,
    Room,
    Session,
)

MON = dt.date(2027, 1, 4)


def day(n: int) -> dt.date:
    """Monday + n days."""
    return MON + dt.timedelta(days=n)


def tiny(**changes: object) -> Quarter:
    q = Quarter(
        name="tiny",
        start=MON,
        weeks=1,
        times=(("09:00", "12:00"), ("13:00", "16:00")),
        municipalities=("Joensuu", "Liperi"),
        distances={("Joensuu", "Liperi"): 25},
        demands=[
            Demand("d1", "A", "fi", 1, 8),
            Demand("d2", "B", "ar", 1, 15),
            Demand("d3", "C", "ar", 2, 5, sessions=2),
            Demand("d4", "D", "ar", 3, 5),
            Demand("d5", "E", "ar", 2, 5),
        ],
        facilitators=[
            Facilitator("f1", "Ohjaaja 1 (arabia)", ("fi", "ar"), "Joensuu"),
            Facilitator(
                "f2",
                "Ohjaaja 2 (suomi)",
                ("fi",),
                "Liperi",
                availability=Availability(absences=((day(4), day(4)),)),
            ),
            Facilitator("f3", "Ohjaaja 3 (suomi)", ("fi",), "Joensuu"),
        ],
        interpreters=[
            Interpreter(
                "i1", "Tulkki 1", ("ar", "fi"), Availability(weekdays=frozenset({0, 1, 2, 4}))
            )
        ],
        rooms=[
            Room("r1", "Toivo", "Joensuu", 10),
            Room("r2", "Liperi", "Liperi", 20, Availability(weekdays=frozenset({1, 2}))),
        ],
        blocks=[
            Block(
                "Joensuu",
                years=(1,),
                availability=Availability(frozenset({0}), frozenset({"09:00"})),
            )
        ],
    )
    return replace(q, **changes)


def s(
    demand: str, index: int, n_day: int, start: str, room: str, fac: str, interp: str | None = None
) -> Session:
    end = {"09:00": "12:00", "13:00": "16:00"}[start]
    slot = n_day * 2 + (0 if start == "09:00" else 1)
    return Session(demand, index, slot, day(n_day), start, end, room, fac, interp)


# A timetable of `tiny()` that keeps every hard constraint, built by hand.
GOOD = [
    s("d1", 0, 0, "13:00", "r1", "f2"),
    s("d2", 0, 1, "09:00", "r2", "f1"),
    s("d3", 0, 2, "09:00", "r1", "f2", "i1"),
    s("d3", 1, 3, "09:00", "r1", "f1"),
    s("d4", 0, 2, "13:00", "r1", "f1"),
    s("d5", 0, 4, "09:00", "r1", "f1"),
]

__all__ = ["GOOD", "MON", "Pin", "day", "s", "tiny"]
