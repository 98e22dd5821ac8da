"""The specification's own HSDS 3.0 examples: each is imported, or refused by name with the
reason (issue 14, item 5). Copied unchanged from openreferral/specification (branch 3.0,
CC BY-SA 4.0) into tests/catalog/data/hsds-3-examples/."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kotopolku.catalog.exchange.export import export_hsds
from kotopolku.catalog.models import Place, Service
from tests.catalog.helpers_exchange import DATA, counts, run_import

pytestmark = pytest.mark.django_db
EXAMPLES = DATA / "hsds-3-examples"

# file -> what the import answers: ("refused", words of the file-level reason),
# ("rejected", the field named in the record's refusal) or ("imported", entries created).
# Three examples break HSDS's own rules and are refused for it, by field: service_full's
# (and organization_full's) service area is a sentence, not a Finnish municipality;
# service_at_location_list's latitude is 100 (outside -90 … 90).
EXPECTED: dict[str, tuple[str, str | int]] = {
    "base.json": ("refused", "the HSDS API's root document"),
    "organization_list.json": ("refused", "an HSDS organization document without services"),
    "location.json": ("refused", "an HSDS location document"),
    "taxonomy.json": ("refused", "an HSDS taxonomy document"),
    "taxonomy_list.json": ("refused", "an HSDS taxonomy document"),
    "taxonomy_term.json": ("refused", "an HSDS taxonomy_term document"),
    "taxonomy_term_list.json": ("refused", "an HSDS taxonomy_term document"),
    "organization_full.json": ("rejected", "service_areas[0].name"),
    "service_full.json": ("rejected", "service_areas[0].name"),
    "service_at_location_full.json": ("rejected", "service_areas[0].name"),
    "service_at_location_list.json": ("rejected", "places[0].latitude"),
    "tabular.json": ("rejected", "service_areas[0].name"),
    "service_list.json": ("imported", 1),
}


def test_every_example_is_named() -> None:
    assert {p.name for p in EXAMPLES.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_is_imported_or_refused_by_name(name: str) -> None:
    before = counts()
    report = run_import(EXAMPLES / name)
    outcome, expected = EXPECTED[name]
    if outcome == "imported":
        assert report.ok and report.created == expected, report.rejected
        return
    assert not report.ok and counts() == before
    if outcome == "refused":
        assert report.error.startswith("not imported: "), report.error
        assert str(expected) in report.error
    else:
        assert report.records >= 1 and report.format == "hsds" and not report.error
        assert str(expected) in {r.field for r in report.rejected}, report.rejected


def _finnish(record: dict) -> dict:  # type: ignore[type-arg]
    """The example with its breaches of HSDS fixed and a Finnish service area."""
    record = json.loads(json.dumps(record))
    for area in record.get("service_areas") or []:
        area["name"] = "Kokkola"
    for link in record.get("service_at_locations") or []:
        link["location"]["latitude"] = 40.7
    return record


@pytest.mark.parametrize("name", ["service_full.json", "service_at_location_full.json"])
def test_example_services_import_once_their_area_is_finnish(tmp_path: Path, name: str) -> None:
    """With a Finnish service area, the example services import: the service at a location
    keeps its place in the United States with its country and state."""
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    if "service" in data:
        data["service"] = _finnish(data["service"])
        data["location"]["external_identifier"] = str(data["location"]["external_identifier"])
        data["location"]["latitude"] = 40.7
    else:
        data = _finnish(data)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    report = run_import(path)
    assert report.ok, report.rejected
    assert report.created == 1 and report.format == "hsds"
    service = Service.objects.get()
    assert service.requirements["fi"] and service.alternate_name["fi"]
    # the example's one required document, with its link, is what to bring
    assert service.what_to_bring["fi"].startswith("Any official identification document")
    assert service.what_to_bring["fi"].endswith(
        "sole identification document. (http://example.com)"
    )
    assert "identification document" not in service.requirements["fi"]
    assert service.minimum_age is not None and service.assured_on is not None
    if name == "service_at_location_full.json":
        place = Place.objects.get()
        assert (place.country, place.municipality_code) == ("US", "")
        assert place.state_province
        export_hsds(tmp_path / "out", lang="fi")  # and it is exported as a place in the US
        with open(tmp_path / "out" / "addresses.csv", encoding="utf-8", newline="") as handle:
            (address,) = list(csv.DictReader(handle))
        assert (address["country"], address["state_province"]) == ("US", place.state_province)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"services": "abc"}', "“services” must be an array of records, not a string"),
        ('{"services.csv": {"a": 1}}', "not an object"),
        ('{"contents": 5}', "“contents” must be an array"),
        ('{"itemList": "x", "pageNumber": 1}', "“itemList” must be an array"),
    ],
)
def test_a_table_that_is_not_an_array_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    report = run_import(path)
    assert not report.ok and words in report.error, report.error
