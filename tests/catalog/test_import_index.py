"""The import's own path into the search index (new entries: rows made before the insert, no
delete, time-ordered ids) gives the same rows as a full reindex."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kotopolku.catalog.exchange.writer import new_service_id
from kotopolku.catalog.models import SearchTerm, Service, ServiceFacet
from kotopolku.catalog.search.index import reindex_all
from kotopolku.catalog.search.query import SearchQuery, search
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


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_imported_index_equals_a_reindex(batch_size: int) -> None:
    # batch sizes 1 and 2: the search rows of full batches are written with the next batch,
    # and the last pending ones at the end
    report = run_import(DATA / "helsinki_sample.json", batch_size=batch_size)
    assert report.created == 3
    imported = _index()
    assert {sid for sid, *_rest in imported["terms"]} == {pk for pk, _n in imported["lengths"]}
    assert {sid for sid, *_rest in imported["facets"]} == {pk for pk, _n in imported["lengths"]}
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
