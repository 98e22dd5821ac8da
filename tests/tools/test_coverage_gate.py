"""The coverage gate of `make test` (tools/coverage_gate.py) on a small synthetic coverage data set."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest


def _load() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "tools" / "coverage_gate.py"
    spec = importlib.util.spec_from_file_location("coverage_gate", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["coverage_gate"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


coverage_gate = _load()

SOURCES = {
    "kotopolku/__init__.py": "",
    "kotopolku/app/__init__.py": "",
    "kotopolku/app/rules.py": """
        def size(n):
            if n > 10:
                return "big"
            return "small"
    """,
    "kotopolku/app/actions/__init__.py": "",
    "kotopolku/app/actions/deep/__init__.py": "",
    "kotopolku/app/actions/deep/do.py": """
        def act(x):
            return x

        def never(x):
            return x
    """,
    "kotopolku/access/__init__.py": "",
    "kotopolku/access/policy.py": """
        def allowed(user):
            return user == "a"
    """,
    "kotopolku/other.py": """
        def unused():
            return 1
    """,
}
RUN = """
from kotopolku.app.rules import size
from kotopolku.app.actions.deep.do import act
from kotopolku.access.policy import allowed
size(1)
act(1)
allowed("a")
"""
FLOORS = """
[total]
floor = {total}

[groups.rules]
include = ["kotopolku/*/rules.py"]
floor = {rules}

[groups.actions]
include = ["kotopolku/*/actions.py", "kotopolku/*/actions/**"]
floor = {actions}

[groups.access]
include = ["kotopolku/access/**"]
floor = 100
"""


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project with one branch half taken and one function never called, measured once
    by coverage.py in a subprocess (the suite's own measurement stays untouched)."""
    root = tmp_path_factory.mktemp("project")
    for name, text in SOURCES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    (root / "run.py").write_text(RUN)
    data = root / ".coverage"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            "--branch",
            "--source=kotopolku",
            f"--data-file={data}",
            "run.py",
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return root, data


def _gate(
    measured: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], **floors: float
) -> tuple[int, str]:
    root, data = measured
    values = {"total": 0, "rules": 0, "actions": 0, **floors}
    (tmp_path / "floors.toml").write_text(FLOORS.format(**values))
    (tmp_path / "none.toml").write_text("")  # not the repository's pyproject.toml
    code = coverage_gate.main(
        [
            "--data",
            str(data),
            "--floors",
            str(tmp_path / "floors.toml"),
            "--root",
            str(root),
            "--config",
            str(tmp_path / "none.toml"),
        ]
    )
    return code, capsys.readouterr().out


def test_the_groups_figures(measured: tuple[Path, Path]) -> None:
    root, data = measured
    groups = [
        coverage_gate.Group("total", ["*"], 0),
        coverage_gate.Group("rules", ["kotopolku/*/rules.py"], 0),
        coverage_gate.Group("actions", ["kotopolku/*/actions.py", "kotopolku/*/actions/**"], 0),
        coverage_gate.Group("access", ["kotopolku/access/**"], 0),
        coverage_gate.Group("none", ["kotopolku/nowhere/*.py"], 0),
    ]
    figures = {r.group.name: r.figure for r in coverage_gate.measure(data, groups, root, None)}
    # rules.py: 4 statements (1 missed) and 2 branches (1 taken): 4/6
    assert figures["rules"] == pytest.approx(100 * 4 / 6)
    # the actions package two levels down is in its group: 3 of 4 statements
    assert figures["actions"] == pytest.approx(75.0)
    assert figures["access"] == pytest.approx(100.0)
    # other.py was never imported and still counts (source = kotopolku): 12 statements (4
    # missed) and 2 branches (1 taken)
    assert figures["total"] == pytest.approx(100 * 9 / 14)
    assert figures["none"] is None


def test_it_passes_at_the_floors(
    measured: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _gate(measured, tmp_path, capsys, total=64, rules=66.6, actions=75)
    assert code == 0, out
    assert "ok   rules: 66.66 % >= floor 66.60 %" in out
    assert "ok   actions: 75.00 % >= floor 75.00 %" in out


def test_a_group_below_its_floor_fails_naming_group_figure_and_floor(
    measured: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _gate(measured, tmp_path, capsys, total=64, rules=100, actions=75.1)
    assert code == 1
    assert "FAIL rules: branch coverage 66.66 % is below its floor 100.00 %" in out
    assert "FAIL actions: branch coverage 75.00 % is below its floor 75.10 %" in out
    # and shows where: the missed line of rules.py
    table = out.split("\nrules:\n")[1]
    assert re.search(r"app/rules\.py\s.*67%\s+4$", table, re.M), table


def test_the_total_below_its_floor_fails(
    measured: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _gate(measured, tmp_path, capsys, total=64.3)
    assert code == 1
    assert "FAIL total: branch coverage 64.28 % is below its floor 64.30 %" in out


def test_a_figure_a_point_above_its_floor_asks_for_the_floor_to_rise(
    measured: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _gate(measured, tmp_path, capsys, total=60, actions=75)
    assert code == 0
    assert "ok   total: 64.28 % >= floor 60.00 % (raise the floor to 64.2)" in out
    assert "actions: 75.00 % >= floor 75.00 %\n" in out


def test_missing_data_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert coverage_gate.main(["--data", str(tmp_path / "none")]) == 2
    assert "no coverage data" in capsys.readouterr().err


def test_the_committed_floors_name_the_issues_groups() -> None:
    groups = {g.name: g for g in coverage_gate.read_floors(coverage_gate.FLOORS)}
    assert set(groups) == {"total", "rules", "actions", "access", "audit"}
    assert all(0 < g.floor <= 100 for g in groups.values())


@pytest.mark.parametrize(
    ("url", "other"),
    [
        ("", "postgresql"),
        ("sqlite:////tmp/k.sqlite3", "postgresql"),
        ("postgres://postgres@127.0.0.1:5432/k", "sqlite"),
        ("postgresql://u@h/k", "sqlite"),
        ("pgsql://u@h/k", "sqlite"),
    ],
)
def test_the_other_database_follows_database_url(url: str, other: str) -> None:
    assert coverage_gate.other_database(url) == other


VENDOR_SOURCE = """
def insert(vendor):
    if vendor == "postgresql":
        return "unnest"  # only on postgresql
    else:  # only on sqlite
        return "executemany"
"""


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_each_database_is_measured_on_its_own_lines(
    vendor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repository's own exclusion: a run on one database leaves out the lines marked for
    the other one, and only those (the run's side still counts)."""
    root = tmp_path / "project"
    (root / "kotopolku").mkdir(parents=True)
    (root / "kotopolku" / "__init__.py").write_text("")
    (root / "kotopolku" / "bulk.py").write_text(VENDOR_SOURCE)
    (root / "run.py").write_text(f"from kotopolku.bulk import insert\ninsert({vendor!r})\n")
    config = root / "pyproject.toml"
    config.write_text((Path(coverage_gate.CONFIG)).read_text())
    data = root / ".coverage"
    subprocess.run(
        [sys.executable, "-m", "coverage", "run", "--branch", f"--data-file={data}", "run.py"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    url = "postgres://u@h/k" if vendor == "postgresql" else ""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv(coverage_gate.OTHER_DB, raising=False)
    group = coverage_gate.Group("bulk", ["kotopolku/bulk.py"], 100)
    [result] = coverage_gate.measure(data, [group], root, config)
    assert result.figure == pytest.approx(100.0)
    assert coverage_gate.OTHER_DB not in os.environ  # set for the reading only
    # the same data read as the other database's run misses this run's line
    monkeypatch.setenv(coverage_gate.OTHER_DB, vendor)
    [result] = coverage_gate.measure(data, [group], root, config)
    assert result.figure is not None and result.figure < 100
