"""The field map: types refused with the field's path, dropped fields reported, docs generated."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from kotopolku.catalog.exchange import fieldmap
from kotopolku.catalog.exchange.fields import HELSINKI, MAPS
from tests.catalog.helpers_exchange import DATA, HELSINKI_FULL, counts, run_import

DOC = Path(__file__).resolve().parents[2] / "docs" / "catalog-import.md"


def test_docs_are_generated_from_the_field_map() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert fieldmap.document(text) == text, "run `kotopolku catalog fieldmap --write`"
    for fmap in MAPS.values():
        for field in fmap.fields:
            assert f"| `{field.path}` |" in text


def test_a_dropped_field_has_a_reason() -> None:
    for fmap in MAPS.values():
        for field in fmap.fields:
            assert field.target or field.note, (fmap.format, field.path)


def test_every_field_of_the_helsinki_file_is_in_the_map() -> None:
    records = json.loads(HELSINKI_FULL.read_text(encoding="utf-8"))
    unknown: set[str] = set()
    for record in records:
        walk = fieldmap.Walk(HELSINKI).record(record)
        assert walk.problems == [], record["id"]
        unknown |= {p for p in walk.dropped if p not in HELSINKI.by_path}
    assert unknown == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            lambda r: r["fi"].__setitem__("name", ["a", "b"]),
            "fi.name",
            "Expected text, got an array",
        ),
        (lambda r: r["fi"].__setitem__("name", {"x": "y"}), "fi.name", "got an object"),
        (lambda r: r.__setitem__("id", True), "id", "got true"),
        (
            lambda r: r["fi"].__setitem__("provided_languages", "fi"),
            "fi.provided_languages",
            "Expected an array of strings, got the text “fi”",
        ),
    ],
)
def test_wrong_types_are_refused_with_the_path(
    tmp_path: Path, change: object, field: str, message: str
) -> None:
    records = json.loads((DATA / "helsinki_sample.json").read_text(encoding="utf-8"))
    change(records[0])  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    before = counts()
    report = run_import(path)
    assert not report.ok and counts() == before
    found = {(r.field, r.message) for r in report.rejected}
    assert any(f == field and message in m for f, m in found), found


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r.__setitem__("name", ["a", "b"]), "name"),
        (lambda r: r.__setitem__("id", True), "id"),
        (
            lambda r: r["service_at_locations"][0]["location"].__setitem__("latitude", "north"),
            "service_at_locations[0].location.latitude",
        ),
        (
            lambda r: r["service_at_locations"][0]["location"].__setitem__("latitude", 200),
            "places[0].latitude",
        ),
    ],
)
def test_hsds_types_and_ranges(tmp_path: Path, change: object, field: str) -> None:
    records = json.loads((DATA / "hsds_services.json").read_text(encoding="utf-8"))
    change(records[0])  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    report = run_import(path)
    assert field in {r.field for r in report.rejected}, report.rejected


@pytest.mark.django_db
def test_ptv_name_as_a_number_is_refused(tmp_path: Path) -> None:
    page = json.loads((DATA / "ptv_page.json").read_text(encoding="utf-8"))
    page["itemList"][0]["serviceNames"][0]["value"] = 123
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    report = run_import(path)
    assert not report.ok
    assert any("Expected text" in r.message for r in report.rejected), report.rejected


@pytest.mark.django_db
def test_dropped_fields_are_reported_and_written(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    stderr = io.StringIO()
    call_command(
        "catalog",
        "import",
        str(DATA / "helsinki_sample.json"),
        "--report",
        str(out),
        stdout=io.StringIO(),
        stderr=stderr,
    )
    dropped = json.loads(out.read_text(encoding="utf-8"))["dropped"]
    assert dropped["{lang}.responsible_depts"]["why"] == "department ids without names"
    assert "dropped {lang}.responsible_depts: in" in stderr.getvalue()
