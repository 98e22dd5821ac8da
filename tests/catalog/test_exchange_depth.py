"""Deeply nested JSON is refused before it is parsed into objects (issue 14, item 1)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kotopolku.catalog.exchange import depth
from tests.catalog.helpers_exchange import DATA, counts, run_import

ROOT = Path(__file__).resolve().parents[2]


def _nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def test_depth_is_measured_outside_strings() -> None:
    text = json.dumps([{"name": '[[[[[[[[[[ {{{{ \\" [[[[', "x": [[1]]}]).encode()
    assert depth.check_bytes(text, limit=4) <= 4
    with pytest.raises(depth.TooDeepError, match="more than 3 levels"):
        depth.check_bytes(text, limit=3)


def test_strings_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(depth, "CHUNK", 7)
    text = json.dumps(
        [{"a": "[[[[[[[[[[[[[[[[[[[[[[", "b": '\\"[[[[[[[[[[[[['}, ["[", "]"]]
    ).encode()
    assert depth.check(io.BytesIO(text), limit=3) <= 3
    with pytest.raises(depth.TooDeepError):
        depth.check(io.BytesIO(_nested(5)), limit=4)


def test_every_file_the_tests_import_passes() -> None:
    for path in DATA.glob("*.json"):
        depth.check_bytes(path.read_bytes())


@pytest.mark.django_db
@pytest.mark.parametrize("levels", [8_000, 100_000])
def test_deep_file_is_refused_by_name(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(_nested(levels))
    before = counts()
    report = run_import(path)
    assert not report.ok and "nested more than 32 levels deep" in report.error
    assert counts() == before


@pytest.mark.django_db
def test_deep_value_inside_a_record_is_refused(tmp_path: Path) -> None:
    """100 KB of nesting inside one record ended in a RecursionError in `clean`."""
    records = json.loads((DATA / "helsinki_sample.json").read_text(encoding="utf-8"))
    text = json.dumps(records).replace('"Helsinki-info"', "[" * 50_000 + "]" * 50_000, 1)
    path = tmp_path / "deep-record.json"
    path.write_text(text, encoding="utf-8")
    report = run_import(path)
    assert "nested more than 32 levels deep" in report.error


@pytest.mark.django_db
def test_deep_datapackage_descriptor_is_refused(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "datapackage.json").write_bytes(b'{"resources": ' + _nested(5_000) + b"}")
    report = run_import(package)
    assert "datapackage.json" in report.error and "levels deep" in report.error


@pytest.mark.parametrize("levels", [8_000, 100_000])
def test_memory_stays_flat_under_a_cap(tmp_path: Path, levels: int) -> None:
    """Read the file in a process whose address space is capped at 3 GB (the old code grew to
    22.7 GB for 100,000 levels and 232 MB for 8,000) and whose peak RSS must stay within 40 MB
    of the same process reading a small file."""
    deep = tmp_path / "deep.json"
    deep.write_bytes(_nested(levels))
    script = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        import django
        django.setup()
        from kotopolku.catalog.exchange.common import FormatError
        from kotopolku.catalog.exchange.sources import open_source
        from pathlib import Path
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            open_source(Path(sys.argv[1]))
            print("read")
        except FormatError as exc:
            print("refused:", exc)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("grew_kb", after - before)
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kotopolku.config.test_settings"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(deep)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "refused: arrays and objects nested more than 32 levels deep" in done.stdout
    grew = int(done.stdout.rsplit("grew_kb", 1)[1])
    assert grew < 40_000, done.stdout
