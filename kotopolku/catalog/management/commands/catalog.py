"""`kotopolku catalog import FILE ...` and `kotopolku catalog export --format hsds -o PATH`.

Import reads HSDS 3.0, the Helsinki service register or PTV v11 JSON (docs/catalog-import.md),
all or nothing: every refused record is printed with its index, id, field and reason, and
nothing is written unless every record is accepted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotopolku.audit.context import acting
from kotopolku.catalog.exchange.export import export_hsds
from kotopolku.catalog.exchange.importer import import_file
from kotopolku.catalog.exchange.sources import FORMATS
from kotopolku.core.languages import is_valid_code
from kotopolku.orgs.models import Organisation

MAX_PRINTED = 1000  # refused records printed; the count is always given


class Command(BaseCommand):
    help = (
        "Import catalogue entries from a file (HSDS 3.0, Helsinki service register, PTV v11) "
        "or export the published entries as an HSDS 3.0 data package."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        imp = sub.add_parser("import", help="import a file, all or nothing")
        imp.add_argument(
            "file", metavar="FILE", help="a JSON file, a data package directory or zip"
        )
        imp.add_argument(
            "--lang",
            metavar="CODE",
            default=None,
            help="language of a single-language format's texts (default: fi, or the "
            "language a data package declares)",
        )
        imp.add_argument("--format", dest="fmt", choices=FORMATS, default="auto")
        imp.add_argument(
            "--owner",
            metavar="SLUG",
            help="the organisation that owns every entry (default: found or created from "
            "the source's provider organisation)",
        )
        imp.add_argument("--dry-run", action="store_true", help="check and count, then roll back")
        imp.add_argument(
            "--overwrite-local-edits",
            action="store_true",
            help="replace entries changed in Kotopolku since their last import (by default "
            "they are kept and listed)",
        )
        imp.add_argument(
            "--json", action="store_true", dest="as_json", help="print the report as JSON"
        )
        imp.add_argument(
            "--report",
            dest="report_file",
            metavar="FILE",
            default=None,
            help="write the whole report (with the per-field report of dropped fields) as JSON",
        )
        fields = sub.add_parser(
            "fieldmap", help="print the field map of every format (docs/catalog-import.md)"
        )
        fields.add_argument(
            "--write",
            metavar="DOC",
            nargs="?",
            const="docs/catalog-import.md",
            help="replace the generated tables in DOC (default docs/catalog-import.md)",
        )
        exp = sub.add_parser("export", help="export the published entries")
        exp.add_argument("--format", dest="fmt", choices=("hsds",), default="hsds")
        exp.add_argument(
            "-o", "--output", required=True, metavar="FILE|DIR", help="a directory, or a .zip file"
        )
        exp.add_argument("--lang", metavar="CODE", default="fi", help="the language of the texts")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self._import(**options)
        elif action == "fieldmap":
            self._fieldmap(options.get("write"))
        else:
            self._export(**options)

    def _import(
        self,
        *,
        file: str,
        lang: str | None,
        fmt: str,
        owner: str | None,
        dry_run: bool,
        as_json: bool,
        overwrite_local_edits: bool = False,
        report_file: str | None = None,
        **options: Any,
    ) -> None:
        if lang is not None and not is_valid_code(lang):
            raise CommandError(f"--lang: “{lang}” is not a known ISO 639 language code")
        organisation = None
        if owner:
            organisation = Organisation.objects.filter(slug=owner).first()
            if organisation is None:
                raise CommandError(f"--owner: no organisation “{owner}”")
        with acting(view="command:catalog_import"):
            report = import_file(
                Path(file),
                lang=lang,
                fmt=fmt,
                owner=organisation,
                dry_run=dry_run,
                overwrite_local_edits=overwrite_local_edits,
            )
        if report_file:
            Path(report_file).write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            for line in report.dropped.lines():
                self.stderr.write(line)
            for warning in report.warnings:
                self.stderr.write(f"warning: {warning}")
            for rejection in report.rejected[:MAX_PRINTED]:
                self.stderr.write(str(rejection))
            if len(report.rejected) > MAX_PRINTED:
                self.stderr.write(f"... and {len(report.rejected) - MAX_PRINTED} more")
        if not report.ok:
            refused = len({r.index for r in report.rejected})
            reason = report.error or f"{refused} of {report.records} records refused"
            raise CommandError(f"{file}: {reason}. Nothing was imported.")
        if not as_json:
            verb = "would import" if dry_run else "imported"
            self.stdout.write(
                f"{verb} {report.records} records ({report.format}, {report.language}): "
                f"{report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.skipped} skipped"
            )
            for org in report.organisations_created:
                self.stdout.write(f"{'would create' if dry_run else 'created'} organisation {org}")
            kept = report.kept_local_edits
            if kept:
                shown = ", ".join(kept[:MAX_PRINTED])
                more = f" and {len(kept) - MAX_PRINTED} more" if len(kept) > MAX_PRINTED else ""
                self.stdout.write(
                    f"kept {len(kept)} entries changed in Kotopolku since their last import "
                    f"(--overwrite-local-edits replaces them): {shown}{more}"
                )

    def _fieldmap(self, write: str | None) -> None:
        from kotopolku.catalog.exchange import fieldmap

        if write is None:
            self.stdout.write(fieldmap.all_markdown())
            return
        path = Path(write)
        path.write_text(fieldmap.document(path.read_text(encoding="utf-8")), encoding="utf-8")
        self.stdout.write(f"wrote the field map into {path}")

    def _export(self, *, output: str, lang: str, **options: Any) -> None:
        if not is_valid_code(lang):
            raise CommandError(f"--lang: “{lang}” is not a known ISO 639 language code")
        report = export_hsds(Path(output), lang=lang)
        self.stdout.write(
            f"exported {report.services} entries, {report.organisations} organisations, "
            f"{report.locations} locations ({lang}) to {report.path}"
        )
