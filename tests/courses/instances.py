"""Tiny hand-made ITC-2007 instances for the tests."""

from __future__ import annotations

from collections.abc import Sequence


def ctt(
    courses: Sequence[str],
    rooms: Sequence[str],
    curricula: Sequence[str] = (),
    unavailable: Sequence[str] = (),
    days: int = 2,
    periods_per_day: int = 3,
) -> str:
    """A .ctt text from its section lines."""
    lines = [
        "Name: tiny",
        f"Courses: {len(courses)}",
        f"Rooms: {len(rooms)}",
        f"Days: {days}",
        f"Periods_per_day: {periods_per_day}",
        f"Curricula: {len(curricula)}",
        f"Constraints: {len(unavailable)}",
        "",
        "COURSES:",
        *courses,
        "",
        "ROOMS:",
        *rooms,
        "",
        "CURRICULA:",
        *curricula,
        "",
        "UNAVAILABILITY_CONSTRAINTS:",
        *unavailable,
        "",
        "END.",
    ]
    return "\n".join(lines) + "\n"


# Two curricula over five courses, two teachers shared, one unavailability: solvable with cost 0.
SMALL = ctt(
    courses=[
        "cA tA 3 2 30",
        "cB tB 2 2 20",
        "cC tA 2 1 10",
        "cD tC 2 2 25",
        "cE tD 1 1 40",
    ],
    rooms=["R1 30", "R2 20", "R3 40"],
    curricula=["q1 2 cA cB", "q2 3 cC cD cE"],
    unavailable=["cA 0 0", "cE 1 2"],
    days=3,
    periods_per_day=4,
)
