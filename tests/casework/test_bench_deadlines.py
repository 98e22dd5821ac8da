"""`kotopolku bench deadlines` runs end to end on a small data set and prints its figures.

The benchmark builds its own data (synth with casework) and drives a gunicorn server in
its own process, so it runs as a command in a subprocess against a database of its own: a
temporary SQLite file, or a fresh PostgreSQL database when DATABASE_URL points at
PostgreSQL. No figure is asserted (docs/performance.md: no test asserts a time).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KEYS = {
    "clients",
    "database",
    "requests",
    "counsellor_p50_ms",
    "counsellor_p95_ms",
    "unit_p50_ms",
    "unit_p95_ms",
    "floor_p50_ms",
    "floor_p95_ms",
    "counsellor_ratio_p50",
    "unit_ratio_p50",
    "unit_clients",
}

pytestmark = pytest.mark.xdist_group("bench")


@pytest.fixture
def bench_database(tmp_path: Path) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    import psycopg

    base, _, _name = url.rpartition("/")
    name = f"kotopolku_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _bench(database_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KOTOPOLKU_MODE": "demo",
        "DJANGO_SETTINGS_MODULE": "kotopolku.config.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "kotopolku", "bench", "deadlines", *extra],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_deadlines_bench_prints_its_figures_and_can_reuse_its_data(
    bench_database: str,
) -> None:
    args = ("--clients", "600", "--requests", "4", "--warmup", "1", "--json")
    result = _bench(bench_database, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) == KEYS
    assert figures["clients"] == 600
    assert figures["requests"] == 4
    assert figures["database"] == (
        "postgresql" if bench_database.startswith("postgres") else "sqlite"
    )
    assert figures["unit_clients"] >= 50
    for key in KEYS - {"clients", "database", "requests", "unit_clients"}:
        assert figures[key] > 0, key
    assert figures["counsellor_ratio_p50"] == pytest.approx(
        figures["counsellor_p50_ms"] / figures["floor_p50_ms"], rel=0.01
    )

    # the same data again with --reuse; without it, a database with clients is refused
    again = _bench(bench_database, *args, "--reuse")
    assert again.returncode == 0, again.stderr[-3000:]
    assert (
        json.loads(again.stdout.strip().splitlines()[-1])["unit_clients"] == figures["unit_clients"]
    )
    refused = _bench(bench_database, *args)
    assert refused.returncode != 0
    assert "--reuse" in refused.stderr
