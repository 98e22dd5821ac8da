"""An imported entry changed in Kotopolku is not silently undone by the next import: it is
kept and listed, unless the import is told to overwrite local edits."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kotopolku.audit.context import acting
from kotopolku.catalog import actions
from kotopolku.catalog.actions.common import write_values
from kotopolku.catalog.models import Service
from tests.catalog.helpers_exchange import DATA, run_import

pytestmark = pytest.mark.django_db

LOCAL = "Aamupäivätoiminta (korjattu täällä)"


def _changed_file(tmp_path: Path) -> Path:
    records = json.loads((DATA / "helsinki_sample.json").read_text(encoding="utf-8"))
    records[0]["fi"]["name"] = "Aamupäivätoiminta (lähteen uusi nimi)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(records), encoding="utf-8")
    return changed


def _edit_here(external_id: str) -> Service:
    service = Service.objects.get(external_id=external_id)
    with acting(view="test:edit"):
        actions.do_update_service(
            service, {"name": {**service.name, "fi": LOCAL}}, acting_user=None
        )
    service.refresh_from_db()
    return service


def test_an_import_marks_nothing_and_a_local_change_marks_the_entry() -> None:
    run_import(DATA / "helsinki_sample.json")
    assert not Service.objects.filter(edited_since_import=True).exists()
    assert _edit_here("5195").edited_since_import


def test_a_local_edit_is_kept_and_reported(tmp_path: Path) -> None:
    run_import(DATA / "helsinki_sample.json")
    _edit_here("5195")
    report = run_import(_changed_file(tmp_path))
    assert report.ok
    assert report.kept_local_edits == ["5195"]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    service = Service.objects.get(external_id="5195")
    assert service.name["fi"] == LOCAL
    assert service.edited_since_import
    assert report.as_dict()["kept_local_edits"] == ["5195"]


def test_overwriting_local_edits_replaces_them_and_clears_the_mark(tmp_path: Path) -> None:
    run_import(DATA / "helsinki_sample.json")
    _edit_here("5195")
    report = run_import(_changed_file(tmp_path), overwrite_local_edits=True)
    assert report.kept_local_edits == []
    assert report.updated == 1
    service = Service.objects.get(external_id="5195")
    assert service.name["fi"] == "Aamupäivätoiminta (lähteen uusi nimi)"
    assert not service.edited_since_import


def test_marking_an_entry_reviewed_or_archiving_it_is_not_an_edit_of_its_content() -> None:
    run_import(DATA / "helsinki_sample.json")
    service = Service.objects.get(external_id="5195")
    with acting(view="test:review"):
        actions.do_mark_reviewed(service, acting_user=None)
        actions.do_archive_service(service, acting_user=None)
    service.refresh_from_db()
    assert not service.edited_since_import


def test_the_command_lists_the_kept_entries(tmp_path: Path) -> None:
    run_import(DATA / "helsinki_sample.json")
    _edit_here("5195")
    out = StringIO()
    with acting(view="test:command"):
        call_command("catalog", "import", str(_changed_file(tmp_path)), stdout=out)
    assert "kept 1 entries changed in Kotopolku since their last import" in out.getvalue()
    assert "5195" in out.getvalue()
    assert Service.objects.get(external_id="5195").name["fi"] == LOCAL


def test_writing_nothing_is_not_an_edit() -> None:
    """A publish-only approval writes no values: the entry is not marked."""
    run_import(DATA / "helsinki_sample.json")
    service = Service.objects.get(external_id="5195")
    write_values(service, {})
    service.refresh_from_db()
    assert not service.edited_since_import
    write_values(service, {"name": {**service.name, "fi": LOCAL}})
    service.refresh_from_db()
    assert service.edited_since_import


def test_a_local_edit_the_source_has_caught_up_with_is_unchanged_and_unmarked(
    tmp_path: Path,
) -> None:
    run_import(DATA / "helsinki_sample.json")
    _edit_here("5195")
    records = json.loads((DATA / "helsinki_sample.json").read_text(encoding="utf-8"))
    records[0]["fi"]["name"] = LOCAL  # the source now says what was corrected here
    same = tmp_path / "same.json"
    same.write_text(json.dumps(records), encoding="utf-8")
    report = run_import(same)
    assert report.kept_local_edits == []
    assert (report.updated, report.unchanged) == (0, 3)
    assert not Service.objects.get(external_id="5195").edited_since_import
    # from now on the source's changes come in again
    assert run_import(_changed_file(tmp_path)).updated == 1
