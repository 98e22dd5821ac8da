# ruff: noqa: N999 (the benchmark name is fixed by `kotopolku bench import`)
"""Catalogue import: entries per second and peak memory, at N and N/5 entries.

`kotopolku bench import --services N --json` (default N = 50,000):
1. migrate; remove the entries of earlier runs (source helsinki, external id `bench-...`);
2. stream two files to a temporary directory, N/5 and N records, made by copying the
   records of bench/data/services/helsinki_tpr_errandservices.json with a unique
   id per copy (`bench-<size>-<copy>-<id>`);
3. import each through the command (`kotopolku catalog import FILE --json`): the same code
   path as an operator's import, all or nothing in one transaction, indexed for search and
   change-logged;
4. print the figures of the N file (`entries`, `seconds`, `entries_per_second`,
   `peak_rss_mb`, `rss_growth_mb`, and `search_index_seconds`: the part of `seconds` spent in
   `catalog.search.index.index_services`) and the same for the N/5 file (`small_*`), so the two
   peaks show whether memory stays flat as the file grows; `load_average`: the machine's
   1-minute load average before and after each import (on a shared machine it moves the
   figures a lot).

Peak RSS is the process's high-water mark (VmHWM), reset before each import through
/proc/self/clear_refs where Linux allows it; elsewhere `ru_maxrss` (never reset).
"""

from __future__ import annotations

import io
import json
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HELSINKI = REPO / "bench" / "data" / "services" / "helsinki_tpr_errandservices.json"
PREFIX = "bench-"


def _rss_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_kb() -> int:
    found = _rss_kb("VmHWM")
    return found if found is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def write_file(path: Path, entries: int, tag: str) -> None:
    """Stream `entries` copies of the Helsinki records, each with a unique id, as JSON."""
    import ijson

    with open(HELSINKI, "rb") as handle:
        records = list(ijson.items(handle, "item", use_float=True))
    with open(path, "w", encoding="utf-8") as out:
        out.write("[\n")
        for n in range(entries):
            record = records[n % len(records)]
            copy = {**record, "id": f"{PREFIX}{tag}-{n // len(records)}-{record['id']}"}
            out.write(("" if n == 0 else ",\n") + json.dumps(copy, ensure_ascii=False))
        out.write("\n]\n")


def _clean() -> None:
    from kotopolku.catalog.models import Place, Service

    Service.objects.filter(source="helsinki", external_id__startswith=PREFIX).delete()
    Place.objects.filter(services__isnull=True, owner__slug="helsingin-kaupunki").delete()


def _import(path: Path) -> tuple[dict[str, Any], float, int, int]:
    from django.core.management import call_command

    out = io.StringIO()
    before = _rss_kb("VmRSS") or 0
    exact = _reset_peak()
    start = time.perf_counter()
    call_command("catalog", "import", str(path), "--json", stdout=out)
    seconds = time.perf_counter() - start
    peak = _peak_kb()
    return json.loads(out.getvalue()), seconds, peak, (peak - before) if exact else -1


def run(
    services: int = 50_000, log: Callable[[str], Any] | None = None, **_: Any
) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    say = log or (lambda _message: None)
    call_command("migrate", verbosity=0)
    _clean()
    small = max(1, services // 5)
    figures: dict[str, Any] = {"database": connection.vendor}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for label, size in (("small_", small), ("", services)):
            path = Path(tmp) / f"helsinki-{size}.json"
            say(f"writing {size} entries to {path}")
            write_file(path, size, f"{label or 'n'}{size}")
            say(f"importing {path.stat().st_size / 1e6:.1f} MB")
            load_before = _load()
            report, seconds, peak, growth = _import(path)
            figures[f"{label}load_average"] = [load_before, _load()]
            if report["created"] != size:
                raise RuntimeError(f"expected {size} created entries, the report says {report}")
            figures[f"{label}entries"] = report["created"]
            figures[f"{label}file_mb"] = round(path.stat().st_size / 1e6, 1)
            figures[f"{label}seconds"] = round(seconds, 2)
            figures[f"{label}entries_per_second"] = round(size / seconds, 1)
            figures[f"{label}search_index_seconds"] = report["index_seconds"]
            figures[f"{label}peak_rss_mb"] = round(peak / 1024, 1)
            figures[f"{label}rss_growth_mb"] = round(growth / 1024, 1) if growth >= 0 else None
            path.unlink()
    return figures
