"""The import's own path into the search index (new entries: rows made before the insert, no
delete, time-ordered ids) gives the same rows as a full reindex."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kotopolku.catalog.exchange.writer import new_service_id
from kotopolku.catalog.models import SearchTerm, Service, ServiceFacet
from kotopolku.catalog.search import SearchQuery, reindex_all, search
from tests.catalog.helpers_exchange import DATA, run_import

pytestmark = pytest.mark.django_db


def _index() -> dict[str, Any]:
    return {
        "terms": sorted(
            (str(sid), term, round(weight, 9), length)
            for sid, term, weight, length in SearchTerm.objects.values_list(
                "service_id", "term", "weight", "length"
            )
        ),
        "facets": sorted(
            (str(sid), kind, value)
            for sid, kind, value in ServiceFacet.objects.values_list("service_id", "kind", "value")
        ),
        "lengths": sorted(
            (str(pk), n) for pk, n in Service.objects.values_list("pk", "search_length")
        ),
    }


def test_new_service_ids_are_time_ordered_version_7() -> None:
    ids = [new_service_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids) == sorted(ids, key=str)  # the database's uuid order too
    assert {i.version for i in ids} == {7} and {i.variant for i in ids} == {ids[0].variant}
    assert ids[0].variant == "specified in RFC 4122"


def test_imported_index_equals_a_reindex() -> None:
    report = run_import(DATA / "helsinki_sample.json")
    assert report.created == 3
    imported = _index()
    assert len(imported["terms"]) > 50 and all(n > 0 for _pk, n in imported["lengths"])
    assert {length for _s, _t, _w, length in imported["terms"]} == {
        n for _pk, n in imported["lengths"]
    }
    assert all(Service.objects.get(pk=pk).pk.version == 7 for pk, _n in imported["lengths"])
    assert reindex_all() == 3
    assert _index() == imported


def test_updated_entry_is_reindexed(tmp_path: Path) -> None:
    run_import(DATA / "helsinki_sample.json")
    records = json.loads((DATA / "helsinki_sample.json").read_text(encoding="utf-8"))
    records[0]["fi"]["name"] = "Kummitusjuna"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(records), encoding="utf-8")
    report = run_import(changed)
    assert (report.created, report.updated) == (0, 1)
    found = search(SearchQuery(q="kummitusjuna", lang="fi")).results
    assert [s.external_id for s in found] == [str(records[0]["id"])]
    imported = _index()
    reindex_all()
    assert _index() == imported
