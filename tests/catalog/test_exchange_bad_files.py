"""Bad files get a clear report and import nothing; the command's output."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.catalog.helpers_exchange import DATA, counts, run_import

pytestmark = pytest.mark.django_db


def _helsinki() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        (DATA / "helsinki_sample.json").read_text(encoding="utf-8")
    )
    return records


def _write(tmp_path: Path, data: Any, name: str = "file.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _refused(path: Path, **options: Any) -> Any:
    run_import(DATA / "hsds_services.json")  # something already there must stay as it is
    before = counts()
    report = run_import(path, **options)
    assert not report.ok and not report.written
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert counts() == before
    return report


def test_broken_json(tmp_path: Path) -> None:
    text = (DATA / "helsinki_sample.json").read_text(encoding="utf-8")
    broken = text.replace('"name": "Helsinki-info"', '"name": "Helsinki-info" "oops"', 1)
    report = _refused(_write(tmp_path, broken))
    assert report.error.startswith("not valid JSON")
    assert report.records >= 1  # the records before the break were read, and rolled back


def test_truncated_json(tmp_path: Path) -> None:
    text = (DATA / "helsinki_sample.json").read_text(encoding="utf-8")
    report = _refused(_write(tmp_path, text[: len(text) * 2 // 3]))
    assert "truncated" in report.error
    assert report.records >= 1


@pytest.mark.parametrize("cut", [40, 200])
def test_truncated_inside_the_first_record(tmp_path: Path, cut: int) -> None:
    text = (DATA / "helsinki_sample.json").read_text(encoding="utf-8")
    report = _refused(_write(tmp_path, text[:cut]))
    assert "truncated" in report.error


def test_truncated_single_object(tmp_path: Path) -> None:
    text = json.dumps(
        json.loads((DATA / "ptv_page.json").read_text(encoding="utf-8"))["itemList"][0]
    )
    report = _refused(_write(tmp_path, text[: len(text) // 2]))
    assert "truncated" in report.error


def test_not_json_at_all(tmp_path: Path) -> None:
    report = _refused(_write(tmp_path, "id;name\n1;Kielikahvila\n"))
    assert "JSON" in report.error


def test_missing_required_fields_name_every_record(tmp_path: Path) -> None:
    records = _helsinki()
    del records[0]["fi"]["name"]
    del records[0]["sv"]["name"]
    del records[0]["en"]["name"]
    del records[2]["id"]
    report = _refused(_write(tmp_path, records))
    found = {(r.index, r.field) for r in report.rejected}
    assert found == {(0, "name"), (2, "id")}
    assert report.rejected[0].record_id == "5195"
    assert "Required" in str(report.rejected[0])


def test_missing_required_hsds_fields(tmp_path: Path) -> None:
    records = json.loads((DATA / "hsds_services.json").read_text(encoding="utf-8"))
    del records[1]["status"]
    records[0]["service_areas"].append({"id": "x", "name": "MyCity"})
    report = _refused(_write(tmp_path, records))
    messages = {(r.index, r.field): r.message for r in report.rejected}
    assert (1, "status") in messages
    assert "MyCity" in messages[(0, "service_areas[2].name")]


def test_unknown_language_in_a_record(tmp_path: Path) -> None:
    records = _helsinki()
    records[1]["fi"]["provided_languages"].append("xx")
    page = json.loads((DATA / "ptv_page.json").read_text(encoding="utf-8"))
    page["itemList"][0]["serviceNames"].append({"language": "zz", "value": "?", "type": "Name"})
    report = _refused(_write(tmp_path, records))
    assert [(r.index, r.field) for r in report.rejected] == [(1, "languages")]
    assert "“xx”" in report.rejected[0].message
    report = _refused(_write(tmp_path, page, "ptv.json"))
    assert [(r.index, r.field) for r in report.rejected] == [(0, "name.zz")]


def test_unknown_language_option(tmp_path: Path) -> None:
    report = _refused(DATA / "hsds_services.json", lang="klingon")
    assert report.error.startswith("--lang")


def test_unknown_format(tmp_path: Path) -> None:
    report = _refused(_write(tmp_path, [{"title": "Kielikahvila", "when": "ti"}]))
    assert report.error.startswith("unknown format")
    assert "title" in report.error  # names what it found
    report = _refused(_write(tmp_path, {"foo": 1, "bar": [1, 2]}, "object.json"))
    assert report.error.startswith("unknown format")


def test_duplicate_ids_in_one_file(tmp_path: Path) -> None:
    records = _helsinki()
    report = _refused(_write(tmp_path, [*records, records[0]]))
    assert [(r.index, r.field) for r in report.rejected] == [(3, "id")]


def test_a_bad_record_late_in_the_file_rolls_back_the_earlier_batches(tmp_path: Path) -> None:
    records = _helsinki() * 1
    many = []
    for n in range(30):
        for record in records:
            many.append({**record, "id": f"{n}-{record['id']}"})
    many[-1] = {**many[-1], "fi": {**many[-1]["fi"], "channels": "not a list"}}
    before_import = counts()
    report = run_import(_write(tmp_path, many), batch_size=10)  # several batches written first
    assert [r.index for r in report.rejected] == [89]
    assert counts() == before_import


# --- the command -------------------------------------------------------------------------------


def _command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("catalog", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_import_prints_counts() -> None:
    out, err = _command("import", str(DATA / "helsinki_sample.json"))
    assert "imported 3 records (helsinki, fi): 3 created, 0 updated, 0 unchanged" in out
    assert "created organisation helsingin-kaupunki" in out
    assert "fad" in err  # the warning
    out, _ = _command("import", str(DATA / "helsinki_sample.json"))
    assert "0 created, 0 updated, 3 unchanged" in out


def test_command_refusal_lists_every_record_and_fails(tmp_path: Path) -> None:
    records = _helsinki()
    records[0]["fi"]["provided_languages"] = ["qq"]
    records[2]["fi"]["channels"] = 5
    path = _write(tmp_path, records)
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 of 3 records refused\. Nothing was imported\."):
        call_command("catalog", "import", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "record 0 (id 5195): languages: “qq” is not a known ISO 639 language code." in lines
    assert "record 2 (id 5445): fi.channels: Expected an array, got the number 5." in lines
    assert counts() == before


def test_command_options_are_checked() -> None:
    with pytest.raises(CommandError, match="--lang"):
        _command("import", str(DATA / "hsds_services.json"), "--lang", "xx-nope")
    with pytest.raises(CommandError, match="--owner: no organisation"):
        _command("import", str(DATA / "hsds_services.json"), "--owner", "nobody")
    with pytest.raises(CommandError, match="no such file"):
        _command("import", str(DATA / "missing.json"))


def test_command_json_report_and_dry_run() -> None:
    before = counts()
    out, _ = _command("import", str(DATA / "ptv_page.json"), "--dry-run", "--json")
    report = json.loads(out)
    assert (report["format"], report["created"], report["skipped"]) == ("ptv", 1, 1)
    assert report["dry_run"] is True and report["written"] is False
    assert counts() == before


def test_explicit_format_that_does_not_fit(tmp_path: Path) -> None:
    report = _refused(DATA / "helsinki_sample.json", fmt="ptv")
    assert report.format == "ptv"
    assert {(r.index, r.field) for r in report.rejected} >= {(0, "name"), (2, "name")}
    report = _refused(tmp_path, fmt="auto")  # a directory without datapackage.json
    assert "datapackage.json" in report.error
    report = _refused(DATA / "helsinki_sample.json", fmt="csv")
    assert report.error.startswith("unknown format “csv”")


def test_a_file_cut_after_written_batches_rolls_them_back(tmp_path: Path) -> None:
    # The other bad-file tests break the file before the first batch is flushed (1000
    # records), so they would pass even without a rollback; here batches of one record are
    # written to the database before the reader meets the cut.
    many = [{**record, "id": f"{n}-{record['id']}"} for n in range(5) for record in _helsinki()]
    text = json.dumps(many)
    cut = text[: text.index('"id": "4-')]  # inside the last copy: 12 whole records before it
    before = counts()
    report = run_import(_write(tmp_path, cut), batch_size=1)
    assert "truncated" in report.error and report.records >= 12
    assert not report.written and (report.created, report.updated) == (0, 0)
    assert counts() == before


def test_written_batches_are_really_written_before_the_cut(tmp_path: Path) -> None:
    """The premise of the test above: the same records, whole, are written batch by batch."""
    from kotopolku.catalog.exchange import writer

    many = [{**record, "id": f"{n}-{record['id']}"} for n in range(4) for record in _helsinki()]
    flushed: list[int] = []
    real = writer.Writer.flush

    def spy(self: Any) -> None:
        from kotopolku.catalog.models import Service

        real(self)
        flushed.append(Service.objects.count())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer.Writer, "flush", spy)
        report = run_import(_write(tmp_path, many), batch_size=1)
    assert report.ok and report.created == 12
    assert flushed[:3] == [1, 2, 3]  # in the database before the file was read to its end
