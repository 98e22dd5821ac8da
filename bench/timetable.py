"""The region's quarterly timetable on the demo quarter (issue 16, item 3).

`kotopolku bench timetable [--time-limits 10,60] [--seed N] [--workers N] --json`: solve the
Joensuu-region demo quarter (kotopolku/courses/timetable/data/joensuu_quarter.toml) once per
time limit and print, per limit, the seconds to the first feasible timetable, the objective
(recomputed from the timetable), CP-SAT's proven bound and the gap, the soft cost per term and
the weights. docs/performance.md has the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kotopolku.courses.timetable.quarter import solve
from kotopolku.courses.timetable.quarter_data import DEMO, load_quarter


def run(
    log: Callable[[str], Any] | None = None,
    *,
    time_limits: str | None = None,
    seed: int = 0,
    workers: int = 2,
    **_options: Any,
) -> dict[str, Any]:
    try:
        limits = [float(x) for x in (time_limits or "10,60").split(",") if x.strip()]
    except ValueError:
        raise SystemExit(
            f"time-limits: expected seconds separated by commas, got {time_limits!r}"
        ) from None
    if not limits or any(limit <= 0 for limit in limits):
        raise SystemExit("time-limits: give one or more positive numbers of seconds")
    quarter = load_quarter()
    runs: dict[str, Any] = {}
    for limit in limits:
        result = solve(quarter, limit, seed=seed, workers=workers)
        row = {
            "status": result.status,
            "phase": result.phase,
            "first_feasible_seconds": (
                round(result.first_feasible_seconds, 2)
                if result.first_feasible_seconds is not None
                else None
            ),
            "objective": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "optimal": result.optimal,
            "seconds": round(result.seconds, 2),
            "sessions": len(result.sessions),
            "unplaced": [u.demand for u in result.unplaced],
            "breakdown": result.breakdown,
            "solutions": len(result.history),
        }
        runs[f"{limit:g}s"] = row
        if log:
            log(
                f"{limit:g} s: {row['status']} first feasible {row['first_feasible_seconds']} s, "
                f"objective {row['objective']}, bound {row['bound']}, gap {row['gap']}\n"
            )
    return {
        "quarter": quarter.name,
        "file": DEMO.name,
        "demands": len(quarter.demands),
        "sessions_needed": sum(d.sessions for d in quarter.demands),
        "slots": len(quarter.slots()),
        "languages": sorted({d.language for d in quarter.demands}),
        "seed": seed,
        "workers": workers,
        "weights": quarter.weights.as_dict(),
        "runs": runs,
    }
