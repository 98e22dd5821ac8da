"""`bench/search.py` on a small data set in the test database: it builds its entries, measures
the Finnish protocol (here on the first 200 dev sentences), times ranked queries with filters
and returns its figures. No time is asserted (docs/performance.md), only that the figures are
there and sane; the refusal of a database that already holds entries is checked too."""

from __future__ import annotations

from typing import Any

import pytest

from bench import search as bench_search
from kotopolku.catalog.models import SearchTerm, Service, ServiceFacet
from kotopolku.catalog.search.query import SearchQuery, search

pytestmark = pytest.mark.django_db

KEYS = {
    "services",
    "database",
    "requests",
    "p50_ms",
    "p95_ms",
    "max_ms",
    "median_matches",
    "queries_with_results",
    "insert_s",
    "index_s",
    "index_entries_per_s",
    "protocol_voikko",
    "protocol_sentences",
    "protocol_set_a_queries",
    "protocol_set_a_recall_at_5",
    "protocol_set_a_mrr",
    "protocol_set_b_queries",
    "protocol_set_b_recall_at_5",
    "protocol_set_b_mrr",
    "protocol_catalogue",
}


def _run(**extra: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"services": 300, "requests": 20, "warmup": 2, "reuse": False}
    options.update(extra)
    return bench_search.run(protocol_sentences=200, **options)


def test_bench_builds_its_data_and_reports_sane_figures() -> None:
    figures = _run()
    assert set(figures) >= KEYS
    assert figures["services"] == 300 and figures["requests"] == 20
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert figures["queries_with_results"] > 0
    assert figures["protocol_sentences"] == 200
    assert figures["protocol_set_a_queries"] > 0 and figures["protocol_set_b_queries"] > 0
    for key in ("set_a_recall_at_5", "set_a_mrr", "set_b_recall_at_5", "set_b_mrr"):
        assert 0.0 < figures[f"protocol_{key}"] <= 1.0
    assert figures["protocol_catalogue"] == "dev sentences only"
    # The protocol's entries are gone; the bench's own are indexed and searchable.
    assert Service.objects.count() == 300
    assert Service.objects.filter(source=bench_search.SOURCE).count() == 300
    assert SearchTerm.objects.exists() and ServiceFacet.objects.exists()
    published = Service.objects.filter(status="published").count()
    assert search(SearchQuery()).count == published
    page = search(SearchQuery(q="palveluja", lang="fi"))
    assert page.count > 0


def test_bench_refuses_a_database_with_entries_unless_reuse() -> None:
    _run()
    with pytest.raises(SystemExit, match="catalogue entries"):
        _run()
    with pytest.raises(SystemExit, match="catalogue entries"):
        _run(services=200, reuse=True)  # not the same size
    again = _run(reuse=True)
    assert again["protocol_catalogue"] == "shared"
    assert "index_s" not in again  # nothing built
    assert Service.objects.count() == 300
