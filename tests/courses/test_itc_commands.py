"""`kotopolku timetable solve-ctt` and `kotopolku bench itc2007`."""

from __future__ import annotations

import json
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kotopolku.courses.timetable.itc2007 import parse_ctt, parse_solution
from kotopolku.courses.timetable.problem import evaluate
from tests.courses.instances import SMALL
from tests.courses.itc_checker import check

REPO = Path(__file__).resolve().parents[2]


def test_solve_ctt_json_and_out(tmp_path: Path) -> None:
    instance = tmp_path / "small.ctt"
    instance.write_text(SMALL)
    out = tmp_path / "small.sol"
    stdout = StringIO()
    call_command(
        "timetable",
        "solve-ctt",
        str(instance),
        "--time-limit",
        "2",
        "--out",
        str(out),
        "--json",
        "--seed",
        "4",
        stdout=stdout,
    )
    figures = json.loads(stdout.getvalue())
    assert figures["instance"] == "tiny"
    assert figures["feasible"] is True
    for key in (
        "cost",
        "room_capacity",
        "min_working_days",
        "isolated_lectures",
        "room_stability",
        "seconds",
        "hard_violations",
    ):
        assert isinstance(figures[key], int | float), key
    problem = parse_ctt(SMALL)
    solution = out.read_text()
    assert len(parse_solution(problem, solution)) == problem.total_lectures
    assert evaluate(problem, parse_solution(problem, solution)).soft == figures["cost"]
    assert check(SMALL, solution)["soft"] == figures["cost"]


def test_solve_ctt_text_output(tmp_path: Path) -> None:
    instance = tmp_path / "small.ctt"
    instance.write_text(SMALL)
    stdout = StringIO()
    call_command("timetable", "solve-ctt", str(instance), "--time-limit", "1", stdout=stdout)
    assert "feasible: True" in stdout.getvalue()
    assert "min_working_days:" in stdout.getvalue()


def test_solve_ctt_bad_file_names_line_and_field(tmp_path: Path) -> None:
    instance = tmp_path / "bad.ctt"
    instance.write_text(SMALL.replace("R2 20", "R2 0"))
    with pytest.raises(CommandError) as caught:
        call_command("timetable", "solve-ctt", str(instance), "--time-limit", "1")
    line = SMALL.splitlines().index("R2 20") + 1
    assert str(caught.value) == f"{instance}: line {line}: capacity: must be at least 1, got 0"


def test_solve_ctt_missing_file_and_bad_limit(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="FILE: cannot read"):
        call_command("timetable", "solve-ctt", str(tmp_path / "none.ctt"), "--time-limit", "1")
    instance = tmp_path / "small.ctt"
    instance.write_text(SMALL)
    with pytest.raises(CommandError, match="--time-limit"):
        call_command("timetable", "solve-ctt", str(instance), "--time-limit", "0")


def test_bench_itc2007_shape() -> None:
    stdout = StringIO()
    call_command(
        "bench", "itc2007", "--instances", "comp01", "--time-limit", "3", "--json", stdout=stdout
    )
    figures = json.loads(stdout.getvalue())
    assert (figures["feasible"], figures["total"]) == (1, 1)
    row = figures["instances"]["comp01"]
    assert row["feasible"] is True
    assert row["cost"] == (
        row["room_capacity"]
        + row["min_working_days"]
        + row["isolated_lectures"]
        + row["room_stability"]
    )
    assert row["winner_cost"] == 5 and row["plain_cpsat_60s_cost"] == 5
    assert row["ratio_to_winner"] == round(row["cost"] / 5, 3)
    assert row["seconds"] <= 6


def test_bench_itc2007_unknown_instance() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bench import itc2007

    with pytest.raises(SystemExit, match="instances: unknown comp99"):
        itc2007.run(instances="comp01,comp99", time_limit=1)


def test_solve_ctt_bad_file_exits_non_zero(tmp_path: Path) -> None:
    import os
    import subprocess

    instance = tmp_path / "bad.ctt"
    instance.write_text(SMALL.replace("ROOMS:", "HALLS:"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kotopolku",
            "timetable",
            "solve-ctt",
            str(instance),
            "--time-limit",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kotopolku.config.test_settings"},
    )
    assert done.returncode != 0
    assert f"{instance}: line " in done.stderr and "section: unknown section 'HALLS'" in done.stderr
