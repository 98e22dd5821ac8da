"""The caseload's and the unit view's CPU time per request, in process, against the floor.

`kotopolku bench cpu --requests 40 --json` (on a database a `bench worklist` or `bench
deadlines` run has filled; it builds no data): the Django test client, in this process, logs
the synth counsellor and the synth unit manager in through the login form and the TOTP step,
then, after `--warmup` requests of each, sends `--requests` rounds of four requests: the
counsellor's caseload (`/clients/`), the floor (`/whoami/`), the unit view
(`/clients/unit/?sort=due`) and the floor again as the manager. Each request is timed with
`time.process_time()` (the CPU time of this process: middleware, view, ORM, template,
psycopg; not the database server's) and with the wall clock.

Unlike the end-to-end benchmarks this measure hardly moves with the load of a shared machine
(a loaded machine stretches the wall time, not the CPU time a request needs), so two versions
of the code can be compared in one sitting: run it from each code tree in turn against the
same database, e.g. an older commit from `git archive` with `PYTHONPATH` pointing at it
(docs/performance.md).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.deadlines import FLOOR_MARKER, FLOOR_PAGE, PAGE_MARKER, UNIT_PAGE, Login, _login_for
from bench.worklist import _totp

CASELOAD_PAGE = "/clients/"


def _client(login: Login) -> Any:
    from django.test import Client

    browser = Client(HTTP_HOST="127.0.0.1")
    response = browser.post(
        "/accounts/login/", {"username": login.username, "password": login.password}
    )
    if response.status_code != 302:
        raise RuntimeError(f"login of {login.username} failed: {response.status_code}")
    if response["Location"].endswith("/accounts/login/verify/"):
        response = browser.post("/accounts/login/verify/", {"code": _totp(login.secret)})
        if response.status_code != 302:
            raise RuntimeError(f"second factor of {login.username} failed")
    return browser


def _timed(browser: Any, path: str, marker: str) -> tuple[float, float]:
    """(CPU ms, wall ms) of one GET, checked for its marker."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = browser.get(path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if response.status_code != 200 or marker not in response.content.decode():
        raise RuntimeError(f"GET {path}: {response.status_code}")
    return cpu * 1000, wall * 1000


def _figures(name: str, samples: list[tuple[float, float]]) -> dict[str, float]:
    cpu = [c for c, _w in samples]
    wall = [w for _c, w in samples]
    return {
        f"{name}_cpu_p50_ms": round(statistics.median(cpu), 2),
        f"{name}_cpu_mean_ms": round(statistics.fmean(cpu), 2),
        f"{name}_wall_p50_ms": round(statistics.median(wall), 2),
    }


def run(
    *, requests: int, warmup: int, log: Callable[[str], Any] | None = None, **_: Any
) -> dict[str, Any]:
    from django.db import connection

    from kotopolku.clients.models import Client
    from kotopolku.ops.synth import BENCH_COUNSELLOR, BENCH_MANAGER

    clients = Client.objects.count()
    if not clients:
        raise SystemExit("no clients: fill the database with `kotopolku bench worklist` first")
    counsellor = _client(_login_for(BENCH_COUNSELLOR))
    manager = _client(_login_for(BENCH_MANAGER))
    pages = (
        ("caseload", counsellor, CASELOAD_PAGE, PAGE_MARKER),
        ("floor", counsellor, FLOOR_PAGE, FLOOR_MARKER),
        ("unit", manager, UNIT_PAGE, PAGE_MARKER),
        ("unit_floor", manager, FLOOR_PAGE, FLOOR_MARKER),
    )
    for _round in range(warmup):
        for _name, browser, path, marker in pages:
            _timed(browser, path, marker)
    samples: dict[str, list[tuple[float, float]]] = {page[0]: [] for page in pages}
    for _round in range(requests):
        for name, browser, path, marker in pages:
            samples[name].append(_timed(browser, path, marker))
    figures: dict[str, Any] = {"clients": clients, "database": connection.vendor}
    figures["requests"] = requests
    for name, found in samples.items():
        figures.update(_figures(name, found))
    figures["caseload_cpu_ratio"] = round(
        figures["caseload_cpu_p50_ms"] / figures["floor_cpu_p50_ms"], 3
    )
    figures["unit_cpu_ratio"] = round(
        figures["unit_cpu_p50_ms"] / figures["unit_floor_cpu_p50_ms"], 3
    )
    return figures


if __name__ == "__main__":  # `python -m bench.cpu [REQUESTS]`: also from an older code tree
    import json
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotopolku.config.settings")
    django.setup()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    print(json.dumps(run(requests=count, warmup=10)))
