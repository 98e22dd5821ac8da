"""Hold the branch coverage of `make test` to its floors (issue 13, item 6).

Run by `make test` after pytest: reads the coverage data pytest-cov wrote (var/coverage/.coverage,
[tool.coverage.run] in pyproject.toml) and the floors in tools/coverage_floors.toml, and fails
naming every group whose figure is below its floor. A figure is coverage.py's percentage with
branch measurement: (run statements + taken branches) / (statements + branches) of the group's
files. The floors only rise: when a figure passes its floor by a whole point the gate says so,
and the floor is raised in the same change.

Lines that only one database runs are marked `# only on postgresql` or `# only on sqlite`; the
report leaves out the other database's marked lines ([tool.coverage.report] in pyproject.toml
reads KOTOPOLKU_COVERAGE_OTHER_DB, which the gate sets from DATABASE_URL as the test run did).

    python tools/coverage_gate.py [--data FILE] [--floors FILE] [--show-missing]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "var" / "coverage" / ".coverage"
FLOORS = ROOT / "tools" / "coverage_floors.toml"
CONFIG = ROOT / "pyproject.toml"  # the run's [tool.coverage.*]: its exclusions and omissions


@dataclass(frozen=True)
class Group:
    name: str
    include: list[str]  # coverage.py file patterns, relative to the repository
    floor: float


@dataclass(frozen=True)
class Result:
    group: Group
    figure: float | None  # None: no file of the group was measured

    @property
    def passed(self) -> bool:
        return self.figure is not None and self.figure + 1e-9 >= self.group.floor


def read_floors(path: Path) -> list[Group]:
    """The total first, then the groups, as the floors file lists them."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    groups = [Group("total", ["*"], float(data["total"]["floor"]))]
    for name, entry in data.get("groups", {}).items():
        groups.append(Group(name, list(entry["include"]), float(entry["floor"])))
    return groups


def _patterns(include: list[str], root: Path) -> list[str]:
    # coverage.py matches patterns against absolute file names
    return [p if p == "*" or p.startswith("/") else f"{root}/{p}" for p in include]


OTHER_DB = "KOTOPOLKU_COVERAGE_OTHER_DB"


def other_database(database_url: str) -> str:
    """The database whose `# only on …` lines a run on `database_url` does not run: the
    tests run on SQLite unless DATABASE_URL names PostgreSQL (kotopolku/config/settings.py)."""
    scheme = database_url.partition(":")[0].lower()
    return "sqlite" if scheme.startswith(("postgres", "pgsql")) else "postgresql"


def _load(data_file: Path, config: Path | None) -> object:
    import coverage

    # the config is read (and the variable substituted) when Coverage is made
    added = OTHER_DB not in os.environ
    if added:
        os.environ[OTHER_DB] = other_database(os.environ.get("DATABASE_URL", ""))
    try:
        cov = coverage.Coverage(
            data_file=str(data_file), config_file=str(config) if config else False, branch=True
        )
    finally:
        if added:
            del os.environ[OTHER_DB]
    cov.load()
    return cov


def measure(
    data_file: Path, groups: list[Group], root: Path = ROOT, config: Path | None = CONFIG
) -> list[Result]:
    from coverage.exceptions import NoDataError

    cov: Any = _load(data_file, config)
    results = []
    for group in groups:
        try:
            figure = cov.report(
                include=_patterns(group.include, root), file=io.StringIO(), ignore_errors=True
            )
        except NoDataError:
            results.append(Result(group, None))
            continue
        results.append(Result(group, figure))
    return results


def missing(data_file: Path, group: Group, root: Path = ROOT, config: Path | None = CONFIG) -> str:
    """coverage.py's table of the group's files that are not whole, with the missing lines."""
    cov: Any = _load(data_file, config)
    out = io.StringIO()
    cov.report(
        include=_patterns(group.include, root),
        file=out,
        show_missing=True,
        skip_covered=True,
        ignore_errors=True,
    )
    return out.getvalue()


def render(results: list[Result]) -> tuple[list[str], bool]:
    lines, ok = [], True
    for r in results:
        g = r.group
        if r.figure is None:
            lines.append(f"FAIL {g.name}: no file measured (patterns {', '.join(g.include)})")
            ok = False
            continue
        shown = math.floor(r.figure * 100) / 100  # never shown above what it is
        if not r.passed:
            ok = False
            lines.append(
                f"FAIL {g.name}: branch coverage {shown:.2f} % is below its floor {g.floor:.2f} %"
            )
        else:
            note = ""
            if r.figure - g.floor >= 1:
                note = f" (raise the floor to {math.floor(r.figure * 10) / 10:.1f})"
            lines.append(f"ok   {g.name}: {shown:.2f} % >= floor {g.floor:.2f} %{note}")
    return lines, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--floors", type=Path, default=FLOORS)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--show-missing", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(
            f"coverage gate: no coverage data at {args.data} (run `make pytest`)", file=sys.stderr
        )
        return 2
    groups = read_floors(args.floors)
    results = measure(args.data, groups, args.root, args.config)
    lines, ok = render(results)
    print(f"coverage gate (branch coverage of {args.data}, floors in {args.floors}):")
    print("\n".join(lines))
    if args.show_missing or not ok:
        for r in results:
            if r.group.name != "total" and (args.show_missing or not r.passed):
                print(f"\n{r.group.name}:")
                print(missing(args.data, r.group, args.root, args.config))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
