"""The course timetabling engine on the public ITC-2007 Track 3 instances.

`kotopolku bench itc2007 [--instances comp01,...] --time-limit SECONDS [--seed N] --json`:
solve each instance of bench/data/itc2007/ctt/ (all 21 by default) for SECONDS with the courses
timetabling engine and print, per instance, `feasible`, `cost`, each ITC-2007 component and
`seconds`, next to the published competition winner's cost (comp01-07) and the plain CP-SAT
model given 60 s on this machine (issue 16), as ratios. docs/performance.md has the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kotopolku.courses.timetable.itc2007 import parse_ctt
from kotopolku.courses.timetable.problem import evaluate
from kotopolku.courses.timetable.solver import solve

DATA = Path(__file__).resolve().parent / "data" / "itc2007" / "ctt"

# The ITC-2007 Track 3 winner (Müller), as published, and a plain CP-SAT model (boolean
# lecture-period-room variables, the soft costs as linear terms) given 60 s on this 2-core
# machine: the two reference points of issue 16.
WINNER = {
    "comp01": 5,
    "comp02": 43,
    "comp03": 72,
    "comp04": 35,
    "comp05": 298,
    "comp06": 41,
    "comp07": 14,
}
PLAIN_CPSAT_60S = {
    "comp01": 5,
    "comp02": 157,
    "comp03": 168,
    "comp04": 56,
    "comp05": 482,
    "comp06": 168,
    "comp07": 144,
}

COMPONENTS = ("room_capacity", "min_working_days", "isolated_lectures", "room_stability")


def _ratio(cost: int, reference: int | None) -> float | None:
    if reference is None:
        return None
    if reference == 0:
        return None if cost else 1.0
    return round(cost / reference, 3)


def run(
    log: Callable[[str], Any] | None = None,
    *,
    instances: str | None = None,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 2,
    **_options: Any,
) -> dict[str, Any]:
    available = sorted(path.stem for path in DATA.glob("*.ctt"))
    names = [n.strip() for n in instances.split(",") if n.strip()] if instances else available
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SystemExit(
            f"instances: unknown {', '.join(unknown)} (there are: {', '.join(available)})"
        )
    rows: dict[str, Any] = {}
    for name in names:
        problem = parse_ctt((DATA / f"{name}.ctt").read_text(encoding="utf-8"))
        result = solve(problem, time_limit, seed=seed, workers=workers)
        cost = evaluate(problem, result.assignment)  # re-scored from the timetable itself
        row: dict[str, Any] = {
            "feasible": cost.feasible,
            "cost": cost.soft if cost.feasible else None,
            "hard_violations": cost.hard,
            **{component: getattr(cost, component) for component in COMPONENTS},
            "seconds": round(result.seconds, 2),
            "first_feasible_seconds": (
                round(result.first_feasible_seconds, 2)
                if result.first_feasible_seconds is not None
                else None
            ),
            "lns_steps": result.steps,
            "winner_cost": WINNER.get(name),
            "plain_cpsat_60s_cost": PLAIN_CPSAT_60S.get(name),
        }
        row["ratio_to_winner"] = _ratio(cost.soft, WINNER.get(name)) if cost.feasible else None
        row["ratio_to_plain_cpsat_60s"] = (
            _ratio(cost.soft, PLAIN_CPSAT_60S.get(name)) if cost.feasible else None
        )
        rows[name] = row
        if log:
            log(
                f"{name}: feasible={row['feasible']} cost={row['cost']} "
                f"winner={row['winner_cost']} seconds={row['seconds']}\n"
            )
    return {
        "time_limit": time_limit,
        "seed": seed,
        "workers": workers,
        "instances": rows,
        "feasible": sum(1 for row in rows.values() if row["feasible"]),
        "total": len(rows),
    }
