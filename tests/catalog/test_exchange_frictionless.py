"""The HSDS export validated by frictionless against the specification's own datapackage.json
(issue 14: the demo's and an imported Helsinki catalogue's export, 0 errors)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import frictionless
import pytest

from kotopolku.audit.context import acting
from kotopolku.catalog.exchange.export import export_hsds
from tests.catalog.helpers_exchange import HELSINKI_FULL, run_import

OFFICIAL = (
    Path(__file__).resolve().parents[2]
    / "kotopolku"
    / "catalog"
    / "exchange"
    / "hsds-3"
    / "datapackage.json"
)


def validate_with_official(directory: Path) -> Any:
    """Put the specification's datapackage.json over the export and validate every table.
    The tables Kotopolku does not write (programs, funding, metadata, ...) are written with
    their header only, as an empty table."""
    descriptor = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = directory / resource["path"]
        if not path.exists():
            with open(path, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerow([f["name"] for f in resource["schema"]["fields"]])
    shutil.copy(OFFICIAL, directory / "datapackage.json")
    return frictionless.validate(directory / "datapackage.json")


def _errors(report: Any) -> list[str]:
    found = []
    for task in report.tasks:
        for error in task.errors:
            found.append(f"{task.name}: {error.message}")
    for error in report.errors:
        found.append(error.message)
    return found


@pytest.mark.django_db
def test_demo_export_passes_frictionless(tmp_path: Path, demo_world: Any) -> None:
    from kotopolku.catalog import demo as catalog_demo

    with acting(view="test:demo"):
        catalog_demo.load()
    report = export_hsds(tmp_path / "demo")
    assert report.services > 50
    assert report.rows["required_document"] > 0  # the demo's what to bring, checked too
    result = validate_with_official(tmp_path / "demo")
    assert _errors(result) == []
    assert result.valid


@pytest.mark.django_db
def test_helsinki_export_passes_frictionless(tmp_path: Path) -> None:
    assert run_import(HELSINKI_FULL).ok
    for lang in ("fi", "sv"):
        report = export_hsds(tmp_path / lang, lang=lang)
        assert report.services == 478
        result = validate_with_official(tmp_path / lang)
        assert _errors(result) == [], lang


@pytest.mark.django_db
def test_frictionless_sees_what_the_old_export_wrote(tmp_path: Path) -> None:
    """The check is not vacuous: `17:00` for a time and a blank state_province (as the
    export wrote them before) are errors."""
    assert run_import(HELSINKI_FULL).ok
    export_hsds(tmp_path / "out")
    for name, column, value in (
        ("schedules.csv", "opens_at", "17:00"),
        ("addresses.csv", "state_province", ""),
    ):
        path = tmp_path / "out" / name
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, name
        rows[0][column] = value
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    errors = _errors(validate_with_official(tmp_path / "out"))
    assert any("opens_at" in e or "time" in e for e in errors), errors
    assert any("state_province" in e for e in errors), errors
