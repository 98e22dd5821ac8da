"""`kotopolku timetable solve-ctt FILE --time-limit SECONDS [--out FILE] [--json] [--seed N]`.

Solves an ITC-2007 curriculum-based course timetabling instance (`.ctt`) with the courses
timetabling engine and prints the ITC-2007 cost breakdown; --out writes the solution in the
standard format (one line per lecture: `COURSE ROOM DAY PERIOD`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.courses.timetable.itc2007 import CttError, format_solution, parse_ctt
from kotopolku.courses.timetable.solver import solve


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise CommandError(f"--time-limit: expected seconds, got {value!r}") from None
    if number <= 0:
        raise CommandError(f"--time-limit: must be more than 0 seconds, got {value}")
    return number


class Command(BaseCommand):
    help = "Course timetabling: `solve-ctt FILE --time-limit SECONDS` solves an ITC-2007 instance."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        solve_ctt = actions.add_parser(
            "solve-ctt", help="solve an ITC-2007 .ctt instance and print its cost"
        )
        solve_ctt.add_argument("file", help="the .ctt instance")
        solve_ctt.add_argument("--time-limit", type=_positive, required=True, help="seconds")
        solve_ctt.add_argument("--out", help="write the solution here (COURSE ROOM DAY PERIOD)")
        solve_ctt.add_argument("--json", action="store_true", dest="as_json")
        solve_ctt.add_argument("--seed", type=int, default=0)
        solve_ctt.add_argument("--workers", type=int, default=2, help="CP-SAT workers")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "solve-ctt":
            self.solve_ctt(**options)

    def solve_ctt(
        self,
        *,
        file: str,
        time_limit: float,
        out: str | None,
        as_json: bool,
        seed: int,
        workers: int,
        **_options: Any,
    ) -> None:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"FILE: cannot read {file}: {exc}") from exc
        try:
            problem = parse_ctt(text)
        except CttError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        if workers < 1:
            raise CommandError(f"--workers: must be at least 1, got {workers}")
        result = solve(problem, time_limit, seed=seed, workers=workers)
        figures: dict[str, Any] = {"instance": problem.name, **result.cost.as_dict()}
        figures["seconds"] = round(result.seconds, 2)
        figures["first_feasible_seconds"] = (
            round(result.first_feasible_seconds, 2)
            if result.first_feasible_seconds is not None
            else None
        )
        figures["lns_steps"] = result.steps
        if out:
            Path(out).write_text(format_solution(problem, result.assignment), encoding="utf-8")
        if as_json:
            self.stdout.write(json.dumps(figures))
        else:
            for key, value in figures.items():
                self.stdout.write(f"{key}: {value}")
        if not result.cost.feasible:
            raise CommandError(
                f"no feasible timetable found in {time_limit} s "
                f"({result.cost.hard} hard violations)"
            )
