"""`bench/import.py` at a small size: the figures' keys and counts."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from kotopolku.catalog.models import Service

pytestmark = pytest.mark.django_db


def test_bench_import_runs_small() -> None:
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    bench = importlib.import_module("bench.import")
    figures = bench.run(services=200, requests=1, warmup=0, reuse=False, clients=1, log=None)
    assert figures["entries"] == 200 and figures["small_entries"] == 40
    for key in ("seconds", "entries_per_second", "peak_rss_mb", "small_peak_rss_mb"):
        assert figures[key] > 0, key
    assert "rss_growth_mb" in figures and "small_rss_growth_mb" in figures
    assert 0 <= figures["search_index_seconds"] <= figures["seconds"]
    assert Service.objects.filter(external_id__startswith=bench.PREFIX).count() == 240
    again = bench.run(services=200, log=None)  # earlier bench entries are removed first
    assert again["entries"] == 200
    assert Service.objects.filter(external_id__startswith=bench.PREFIX).count() == 240
