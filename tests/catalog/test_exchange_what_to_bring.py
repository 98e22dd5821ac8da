"""What to bring <-> HSDS 3.0 `required_documents` (one document per line), both ways:
the import's JSON and tabular forms, the export's data package checked against the
specification's schemas, and the round trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from kotopolku.catalog.exchange import hsds_schema
from kotopolku.catalog.exchange.export import export_hsds, required_documents
from kotopolku.catalog.exchange.tabular import package_services
from kotopolku.catalog.models import Service
from tests.catalog.helpers_exchange import DATA, run_import
from tests.catalog.test_exchange_export import validate_package

pytestmark = pytest.mark.django_db


def _cafe_file(tmp_path: Path, **changes: Any) -> Path:
    """The HSDS test file with the language café (…3a01) changed."""
    records = json.loads((DATA / "hsds_services.json").read_text(encoding="utf-8"))
    records[0].update(changes)
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


TWO_DOCUMENTS = [
    {"id": "b1e5b2c1-0000-4000-8000-000000000001", "document": "Henkilökortti tai passi"},
    {
        "id": "b1e5b2c1-0000-4000-8000-000000000002",
        "document": "Oleskelulupakortti",
        "uri": "https://migri.fi/oleskelulupakortti",
    },
]


def _cafe() -> Service:
    return Service.objects.get(external_id__endswith="3a01")


def test_two_required_documents_are_what_to_bring_not_requirements(tmp_path: Path) -> None:
    path = _cafe_file(
        tmp_path,
        eligibility_description="Yli 16-vuotiaat.",
        required_documents=TWO_DOCUMENTS,
    )
    report = run_import(path)
    assert report.ok, report.rejected
    cafe = _cafe()
    assert cafe.what_to_bring == {
        "fi": "Henkilökortti tai passi\nOleskelulupakortti (https://migri.fi/oleskelulupakortti)"
    }
    assert cafe.requirements == {"fi": "Yli 16-vuotiaat."}  # no “Documents: …” appended
    # the other services of the file have no documents and nothing to bring
    others = Service.objects.exclude(pk=cafe.pk)
    assert others.exists() and all(s.what_to_bring == {} for s in others)


def test_the_documents_are_in_the_files_language(tmp_path: Path) -> None:
    path = _cafe_file(tmp_path, required_documents=TWO_DOCUMENTS[:1])
    assert run_import(path, lang="sv").ok
    assert _cafe().what_to_bring == {"sv": "Henkilökortti tai passi"}


def test_a_documents_line_breaks_and_blank_documents(tmp_path: Path) -> None:
    """One document is one line (its own line breaks become spaces); a document without text
    or link adds no line; a link alone is the line."""
    documents = [
        {"id": "b1e5b2c1-0000-4000-8000-000000000003", "document": "Passi\n  tai\thenkilökortti"},
        {"id": "b1e5b2c1-0000-4000-8000-000000000004", "document": "  "},
        {"id": "b1e5b2c1-0000-4000-8000-000000000005", "uri": "https://example.org/lomake.pdf"},
    ]
    assert run_import(_cafe_file(tmp_path, required_documents=documents)).ok
    assert _cafe().what_to_bring == {
        "fi": "Passi tai henkilökortti\nhttps://example.org/lomake.pdf"
    }


def test_a_document_that_is_not_text_is_refused_with_its_path(tmp_path: Path) -> None:
    documents = [{"id": "b1e5b2c1-0000-4000-8000-000000000006", "document": ["Passi"]}]
    report = run_import(_cafe_file(tmp_path, required_documents=documents))
    assert not report.ok
    assert "required_documents[0].document" in {r.field for r in report.rejected}
    assert Service.objects.count() == 0  # all or nothing


def test_required_documents_from_what_to_bring() -> None:
    assert required_documents(
        "  Henkilökortti  \n\n Oleskelulupakortti (https://migri.fi/kortti)\n"
        "https://example.org/lomake.pdf\nKatso (ohje osoitteessa https://example.org)"
    ) == [
        ("Henkilökortti", ""),
        ("Oleskelulupakortti", "https://migri.fi/kortti"),
        ("", "https://example.org/lomake.pdf"),
        ("Katso (ohje osoitteessa https://example.org)", ""),  # not a bracketed link alone
    ]
    assert required_documents("") == required_documents(" \n \n") == []


def _export(tmp_path: Path, name: str) -> list[dict[str, str]]:
    export_hsds(tmp_path / name)
    tables = validate_package(tmp_path / name)
    return tables["required_document"]


def test_export_writes_a_required_document_per_line_that_validates(tmp_path: Path) -> None:
    assert run_import(DATA / "hsds_services.json").ok
    cafe = _cafe()
    cafe.what_to_bring = {
        "fi": "Henkilökortti\n\nOleskelulupakortti (https://migri.fi/kortti)\n",
        "en": "Identity card",  # another language: not in the fi package
    }
    cafe.save()
    rows = _export(tmp_path, "a")  # the structural check of test_exchange_export
    assert [(r["service_id"], r["document"], r["uri"]) for r in rows] == [
        (str(cafe.pk), "Henkilökortti", ""),
        (str(cafe.pk), "Oleskelulupakortti", "https://migri.fi/kortti"),
    ]
    for row in rows:  # each row against the specification's required_document.json
        assert hsds_schema.problems({k: v for k, v in row.items() if v}, "required_document") == []
    # the service objects the import assembles from the tables pass service.json
    services, _tables = package_services(tmp_path / "a")
    found = {s["id"]: s for s in services}
    assert [d["document"] for d in found[str(cafe.pk)]["required_documents"]] == [
        "Henkilökortti",
        "Oleskelulupakortti",
    ]
    for service in found.values():
        assert hsds_schema.problems(service) == []
    # the ids are derived: the same data exports the same rows
    assert _export(tmp_path, "b") == rows
    with open(tmp_path / "a" / "datapackage.json", encoding="utf-8") as handle:
        resource = next(
            r for r in json.load(handle)["resources"] if r["name"] == "required_document"
        )
    assert resource["path"] == "required_documents.csv"
    assert resource["schema"]["foreignKeys"] == [
        {"fields": "service_id", "reference": {"resource": "service", "fields": "id"}}
    ]


def test_round_trip_keeps_what_to_bring(tmp_path: Path) -> None:
    path = _cafe_file(tmp_path, required_documents=TWO_DOCUMENTS)
    assert run_import(path).ok
    cafe = _cafe()
    export_hsds(tmp_path / "out")
    Service.objects.all().delete()
    report = run_import(tmp_path / "out")
    assert report.ok, report.rejected
    # the package's service id is the entry's own: the import's external id
    assert Service.objects.get(external_id=str(cafe.pk)).what_to_bring == cafe.what_to_bring
    assert len(cafe.what_to_bring["fi"].splitlines()) == 2
    with open(tmp_path / "out" / "required_documents.csv", encoding="utf-8", newline="") as fh:
        assert [r["uri"] for r in csv.DictReader(fh)] == ["", "https://migri.fi/oleskelulupakortti"]
    again = run_import(tmp_path / "out")
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)


def test_removing_what_to_bring_in_the_source_empties_it(tmp_path: Path) -> None:
    assert run_import(_cafe_file(tmp_path, required_documents=TWO_DOCUMENTS)).ok
    report = run_import(_cafe_file(tmp_path))
    assert report.updated == 1
    assert _cafe().what_to_bring == {}
