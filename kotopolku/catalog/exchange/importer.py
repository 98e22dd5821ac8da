"""`import_file`: one file into the catalogue, all or nothing, streaming, idempotent.

Every record is read and checked; entries are written in batches inside one transaction as
long as no record has been refused. A refused record, a broken or truncated file, or a dry
run rolls the transaction back at the end, so nothing is written; the report still names
every refused record with its index, id, field and reason.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from kotopolku.catalog.exchange import hsds_schema
from kotopolku.catalog.exchange.common import (
    Context,
    FormatError,
    RecordError,
    Rejection,
    check_entry,
    check_language,
    load_context,
)
from kotopolku.catalog.exchange.fieldmap import DroppedReport, Walk
from kotopolku.catalog.exchange.fields import MAPS
from kotopolku.catalog.exchange.hsds import Skip
from kotopolku.catalog.exchange.owners import Organisations
from kotopolku.catalog.exchange.sources import SOURCE_NAMES, open_source
from kotopolku.catalog.exchange.writer import Writer
from kotopolku.orgs.models import Organisation

MAX_WARNINGS = 100


@dataclass
class Report:
    file: str
    format: str = ""
    container: str = ""
    language: str = ""
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    # external ids of entries changed in Kotopolku since their last import, left as they are
    kept_local_edits: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)
    dry_run: bool = False
    index_seconds: float = 0.0
    # per source field: in how many records it had a value that was not imported (fieldmap)
    dropped: DroppedReport = field(default_factory=DroppedReport)

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.error

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "language": self.language,
            "records": self.records,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "kept_local_edits": self.kept_local_edits,
            "rejected": [vars(r) for r in self.rejected],
            "error": self.error,
            "warnings": self.warnings,
            "organisations_created": self.organisations_created,
            "dry_run": self.dry_run,
            "written": self.written,
            "index_seconds": round(self.index_seconds, 2),
            "dropped": self.dropped.as_dict(),
        }


class _Rollback(Exception):  # noqa: N818 (control flow)
    pass


def _record_id(source: Any, record: Any) -> str:
    try:
        return str(source.record_id(record))[:200]
    except Exception:
        return ""


def import_file(
    path: str | Path,
    *,
    lang: str | None = None,
    fmt: str = "auto",
    owner: Organisation | None = None,
    dry_run: bool = False,
    acting_user: Any = None,
    batch_size: int = 1000,
    overwrite_local_edits: bool = False,
) -> Report:
    """Import one file (or HSDS data package directory / zip) and return the report.

    `lang` is the language of a single-language format's texts (default: the data package's
    declared language, else fi). Nothing is written unless `report.written`; a dry run
    writes and rolls back, so its counts are those a real run would report. An entry changed
    in Kotopolku since its last import is kept as it is and listed in the report, unless
    `overwrite_local_edits`.
    """
    path = Path(path)
    report = Report(file=str(path), dry_run=dry_run)
    try:
        source = open_source(path, fmt)
    except FormatError as exc:
        report.error = str(exc)
        return report
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        report.error = f"cannot read the file: {exc}"
        return report
    report.format, report.container = source.format, source.container
    report.language = lang or source.language or "fi"
    if not check_language(report.language):
        report.error = f"--lang: “{report.language}” is not a known ISO 639 language code"
        return report
    ctx = load_context(report.language)
    try:
        with transaction.atomic():
            _run(source, ctx, report, owner, acting_user, batch_size, path, overwrite_local_edits)
            if not report.ok or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except FormatError as exc:
        report.error = str(exc)
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        report.error = f"cannot read the file: {exc}"
    if not report.ok:
        report.created = report.updated = report.unchanged = 0
        report.organisations_created = []
        report.kept_local_edits = []
    return report


def _shape(fmt: str, fieldmap: Any, record: Any, report: Report) -> list[tuple[str, str]]:
    """The record's type problems against its format's schema (HSDS: the specification's
    JSON Schema; every format: the field map's types), and its dropped fields counted."""
    if not isinstance(record, dict):
        return [("record", f"Expected an object, got {type(record).__name__}.")]
    if fieldmap is None:
        return []
    walk = Walk(fieldmap).record(record)
    problems = list(walk.problems)
    if fmt == "hsds":
        problems += [p for p in hsds_schema.problems(record) if p not in problems]
    if not problems:
        report.dropped.add(fieldmap, walk.dropped)
    return problems


def _run(
    source: Any,
    ctx: Context,
    report: Report,
    owner: Organisation | None,
    acting_user: Any,
    batch_size: int,
    path: Path,
    overwrite_local_edits: bool,
) -> None:
    organisations = Organisations(acting_user, SOURCE_NAMES.get(source.format, source.format))
    writer = Writer(
        SOURCE_NAMES.get(source.format, source.format),
        acting_user=acting_user,
        reason=f"catalog import of {path.name} ({source.format})",
        batch_size=batch_size,
        overwrite_local_edits=overwrite_local_edits,
    )
    seen: set[bytes] = set()  # 8-byte digests of the ids read so far (duplicates in the file)
    fieldmap = MAPS.get(source.format)
    for index, record in enumerate(source.records):
        report.records += 1
        record_id = _record_id(source, record)
        try:
            problems = _shape(source.format, fieldmap, record, report)
            if problems:
                raise RecordError(problems)
            entry = source.to_entry(record, ctx)
            problems = check_entry(entry, ctx)
        except Skip:
            report.skipped += 1
            continue
        except RecordError as exc:
            problems = exc.problems
        else:
            digest = hashlib.blake2b(entry.external_id.encode(), digest_size=8).digest()
            if digest in seen:
                problems.append(
                    ("id", f"“{entry.external_id}” appears more than once in the file.")
                )
            seen.add(digest)
            if owner is None and entry.org is None:
                problems.append(
                    ("organization", "The record names no provider organisation: give --owner.")
                )
        if problems:
            report.rejected.extend(Rejection(index, record_id, f, m) for f, m in problems)
            continue
        for warning in entry.warnings:
            if len(report.warnings) < MAX_WARNINGS:
                report.warnings.append(f"record {index} (id {record_id}): {warning}")
        if report.rejected:
            continue  # nothing more is written; the rest is only checked
        target = owner
        if target is None:
            assert entry.org is not None
            target = organisations.get(entry.org)
        writer.add(entry, target)
    if report.ok:
        writer.flush()
    report.organisations_created = organisations.created
    report.index_seconds = writer.index_seconds
    report.kept_local_edits = writer.kept
    report.created, report.updated, report.unchanged = (
        writer.created,
        writer.updated,
        writer.unchanged,
    )
