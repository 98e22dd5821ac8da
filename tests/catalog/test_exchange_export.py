"""HSDS export: checked against the HSDS 3.0 data package and JSON schemas; round trip."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import uuid
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

import kotopolku.catalog.exchange
from kotopolku.catalog.exchange.export import export_hsds
from kotopolku.catalog.models import Place, Service
from kotopolku.orgs.models import Organisation
from tests.catalog.helpers_exchange import DATA, counts, run_import

pytestmark = pytest.mark.django_db

SAMPLE = (
    Path(kotopolku.catalog.exchange.__file__).parent / "hsds-3"
)  # the HSDS 3.0 package and schemas


def _load_all() -> None:
    for name in ("helsinki_sample.json", "hsds_services.json", "ptv_page.json"):
        report = run_import(DATA / name)
        assert report.ok, report.rejected
    # what to bring travels as HSDS required documents (one per line; a link as their uri)
    Service.objects.filter(external_id__endswith="3a01").update(
        what_to_bring={"fi": "Henkilökortti\nOleskelulupakortti (https://migri.fi/kortti)"}
    )


# --- a small structural validator (jsonschema is not installed) -----------------------------


def _is_type(value: str, ftype: str) -> bool:
    try:
        if ftype == "number":
            float(value)
        elif ftype == "date":
            datetime.date.fromisoformat(value)
        elif ftype == "time":
            datetime.time.fromisoformat(value)
        elif ftype == "datetime":
            datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_format(value: str, fmt: str) -> bool:
    if fmt == "uuid":
        try:
            uuid.UUID(value)
        except ValueError:
            return False
        return True
    if fmt == "email":
        return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) is not None
    if fmt == "uri":
        return bool(urlparse(value).scheme and urlparse(value).netloc)
    return True


def validate_package(directory: Path) -> dict[str, list[dict[str, str]]]:
    """Every problem raises AssertionError; returns the tables read."""
    spec = json.loads((SAMPLE / "datapackage.json").read_text(encoding="utf-8"))
    spec_resources = {r["name"]: r for r in spec["resources"]}
    ours = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    assert ours["profile"] == spec["profile"] == "tabular-data-package"
    tables: dict[str, list[dict[str, str]]] = {}
    for resource in ours["resources"]:
        reference = spec_resources[resource["name"]]
        assert resource["path"] == reference["path"]
        ref_fields = [
            (f["name"], f["type"], f.get("format", "")) for f in reference["schema"]["fields"]
        ]
        our_fields = [
            (f["name"], f["type"], f.get("format", "")) for f in resource["schema"]["fields"]
        ]
        assert our_fields == ref_fields, resource["name"]
        with open(directory / resource["path"], encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == [f[0] for f in ref_fields]
            rows = list(reader)
        tables[resource["name"]] = rows
        schema = json.loads((SAMPLE / "schema" / f"{resource['name']}.json").read_text("utf-8"))
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), f"{resource['name']}: ids not unique"
        for n, row in enumerate(rows):
            where = f"{resource['path']} row {n}"
            for field in reference["schema"]["fields"]:
                value = row[field["name"]]
                constraints = field.get("constraints", {})
                if constraints.get("required"):
                    assert value != "", f"{where}: {field['name']} required"
                if value == "":
                    continue
                assert _is_type(value, field["type"]), f"{where}: {field['name']} {field['type']}"
                assert _is_format(value, field.get("format", "")), f"{where}: {field['name']}"
                if "enum" in constraints:
                    assert value in constraints["enum"], f"{where}: {field['name']} enum"
                prop = schema["properties"][field["name"]]
                if "enum" in prop:
                    assert value in prop["enum"], f"{where}: {field['name']} schema enum"
                if "format" in prop:
                    assert _is_format(value, prop["format"]), f"{where}: {field['name']} format"
            for name in schema.get("required", []):
                assert row.get(name, "") != "", (
                    f"{where}: {name} required by {resource['name']}.json"
                )
    for resource in ours["resources"]:
        for key in resource["schema"]["foreignKeys"]:
            target = {
                row[key["reference"]["fields"]] for row in tables[key["reference"]["resource"]]
            }
            for row in tables[resource["name"]]:
                value = row[key["fields"]]
                assert value == "" or value in target, f"{resource['name']}.{key['fields']} {value}"
    return tables


def test_export_is_a_valid_hsds_data_package(tmp_path: Path) -> None:
    _load_all()
    report = export_hsds(tmp_path / "out")
    tables = validate_package(tmp_path / "out")
    published = Service.objects.published().count()
    assert report.services == published == len(tables["service"]) == 6
    assert {t["language"] for t in tables["meta_table_description"]} == {"fi"}
    names = {row["name"] for row in tables["service"]}
    assert "Kielikahvila" in names and "Helsinki-info" in names
    assert all(row["name"] == "" for row in tables["contact"])  # role titles only
    cafe = Service.objects.get(external_id__endswith="3a01")
    assert [
        (row["service_id"], row["document"], row["uri"]) for row in tables["required_document"]
    ] == [
        (str(cafe.pk), "Henkilökortti", ""),
        (str(cafe.pk), "Oleskelulupakortti", "https://migri.fi/kortti"),
    ]


def test_export_leaves_out_drafts(tmp_path: Path) -> None:
    _load_all()
    draft = Service.objects.get(external_id="5195")
    Service.objects.filter(pk=draft.pk).update(status=Service.Status.DRAFT)
    tables = validate_package(Path(export_hsds(tmp_path / "out").path))
    assert str(draft.pk) not in {row["id"] for row in tables["service"]}


def _snapshot() -> list[dict[str, Any]]:
    """The entries as the fi data package carries them (fi texts)."""
    found = []
    for s in Service.objects.published().select_related("owner"):
        found.append(
            {
                "texts": {
                    f: (getattr(s, f) or {}).get("fi", "")
                    for f in (
                        "name",
                        "summary",
                        "description",
                        "how_to_join",
                        "what_to_bring",
                        "cost_text",
                        "schedule_text",
                    )
                },
                "plain": [
                    s.kind,
                    s.programme_element,
                    s.tray_category,
                    s.target_groups,
                    s.languages,
                    s.municipality_codes,
                    s.schedule_kind,
                    s.starts_on,
                    s.ends_on,
                    str(s.price_eur),
                    s.contact_role,
                    s.contact_email,
                    s.contact_phone,
                    s.url,
                ],
                "owner": (s.owner.name.get("fi"), s.owner.kind, s.owner.business_id),
                "places": sorted(
                    (
                        p.name.get("fi", ""),
                        p.street_address,
                        p.postal_code,
                        p.post_office,
                        p.municipality_code,
                        p.accessibility.get("fi", ""),
                        p.latitude,
                        p.longitude,
                    )
                    for p in s.places.all()
                ),
                "times": sorted(str(t) for t in s.times.all()),
            }
        )
    return sorted(found, key=lambda e: json.dumps(e, default=str, sort_keys=True))


def _empty_catalogue() -> None:
    owners = set(Service.objects.values_list("owner_id", flat=True))
    Service.objects.all().delete()
    Place.objects.all().delete()
    Organisation.objects.filter(pk__in=owners).delete()
    assert counts()["services"] == counts()["places"] == 0


@pytest.mark.parametrize("as_zip", [False, True])
def test_round_trip_gives_the_same_entries(tmp_path: Path, as_zip: bool) -> None:
    _load_all()
    before = _snapshot()
    target = tmp_path / ("out.zip" if as_zip else "out")
    export_hsds(target)
    if as_zip:
        assert "datapackage.json" in zipfile.ZipFile(target).namelist()
    _empty_catalogue()
    report = run_import(target)
    assert report.ok, report.rejected
    assert (report.format, report.container, report.created) == ("hsds", "package", len(before))
    assert _snapshot() == before
    again = run_import(target)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(before))


def test_tabular_json_object_and_inline_package(tmp_path: Path) -> None:
    """The same tables in a JSON object (as examples/tabular.json) and as inline data."""
    _load_all()
    before = _snapshot()
    export_hsds(tmp_path / "out")
    tables = validate_package(tmp_path / "out")
    as_object = tmp_path / "tables.json"
    as_object.write_text(
        json.dumps({f"{n}s.csv" if n == "service" else n: rows for n, rows in tables.items()}),
        encoding="utf-8",
    )
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["data"] = tables[resource["name"]]
        del resource["path"]
    inline = tmp_path / "inline.json"
    inline.write_text(json.dumps(descriptor), encoding="utf-8")
    for path, container in ((as_object, "tables"), (inline, "package")):
        _empty_catalogue()
        report = run_import(path)
        assert report.ok, report.rejected
        assert (report.container, report.created) == (container, len(before))
        assert _snapshot() == before


def test_command_export(tmp_path: Path) -> None:
    _load_all()
    out = io.StringIO()
    call_command("catalog", "export", "--format", "hsds", "-o", str(tmp_path / "pkg"), stdout=out)
    assert "exported 6 entries" in out.getvalue()
    validate_package(tmp_path / "pkg")
