"""The gap and overlap tables as XLSX and CSV files (the same figures as the pages).

Person counts arrive already suppressed (`gaps.PersonCount`): a small count is written as
the text "under 5", never as a number. Texts that a spreadsheet would run as a formula
(starting with =, +, -, @) get a leading apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotopolku.catalog.coverage.gaps import (
    LanguageNeed,
    Matrix,
    MunicipalityRow,
    PersonCount,
    category_label,
    language_label,
    target_group_label,
)
from kotopolku.catalog.coverage.overlaps import Overlap, describe_time
from kotopolku.catalog.coverage.region import Entry, Region
from kotopolku.core.translated import pick

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    title: str  # the sheet name (at most 31 characters in XLSX)
    header: list[str]
    rows: list[list[Any]]


def cell(value: Any) -> Any:
    """A value as a spreadsheet may hold it safely."""
    if isinstance(value, PersonCount):
        return value.shown if value.shown is not None else value.label
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def filename(stem: str, ext: str, day: datetime.date | None = None) -> str:
    return f"kotopolku-{stem}-{(day or timezone.localdate()).isoformat()}.{ext}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_response(table: Table, name: str) -> HttpResponse:
    """One table as UTF-8 CSV with a byte-order mark (so spreadsheets read ä and ö)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell(h) for h in table.header])
    for row in table.rows:
        writer.writerow([cell(v) for v in row])
    body = "\ufeff" + buffer.getvalue()
    return _attachment(HttpResponse(body.encode("utf-8"), content_type=CSV_TYPE), name)


def xlsx_response(tables: Sequence[Table], name: str) -> HttpResponse:
    """The tables as the sheets of one workbook, header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(title=table.title[:31])
        sheet.freeze_panes = "A2"
        header = []
        for text in table.header:
            c = WriteOnlyCell(sheet, value=cell(text))
            c.font = bold
            header.append(c)
        sheet.append(header)
        for row in table.rows:
            sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return _attachment(HttpResponse(out.getvalue(), content_type=XLSX_TYPE), name)


# --- The tables -------------------------------------------------------------------------------


def matrix_table(matrix: Matrix, area: str, ui_language: str) -> Table:
    return Table(
        title=_("Coverage"),
        header=[
            _("Area"),
            _("Tray category"),
            _("Language of service"),
            _("Target group"),
            _("Entries"),
        ],
        rows=[
            [
                area,
                category_label(category),
                language_label(lang, ui_language),
                target_group_label(group),
                count,
            ]
            for category, lang, group, count in matrix.long_rows()
        ],
    )


def municipality_table(categories: list[tuple[str, str]], rows: list[MunicipalityRow]) -> Table:
    return Table(
        title=_("Municipalities"),
        header=[
            _("Municipality"),
            _("Code"),
            *[label for _value, label in categories],
            _("Entries"),
            _("Languages"),
            _("Target groups with no entries"),
        ],
        rows=[
            [r.name, r.code, *r.cells, r.total, r.languages, ", ".join(r.missing_groups)]
            for r in rows
        ],
    )


def language_table(needs: list[LanguageNeed], region_label: str) -> Table:
    return Table(
        title=_("Languages"),
        header=[
            _("Language"),
            _("Code"),
            _("Clients needing it (%(area)s)") % {"area": region_label},
            _("Entries in the language"),
            _("Gap"),
            _("Clients per entry"),
        ],
        rows=[
            [
                n.label,
                n.language,
                n.clients,
                n.services,
                n.gap_label if n.gap else "",
                n.clients_per_service,
            ]
            for n in needs
        ],
    )


def overlap_table(
    overlaps: list[Overlap],
    region: Region,
    ui_language: str,
    owner_names: dict[Any, str],
    url: Callable[[Entry], str],
) -> Table:
    def name(entry: Entry) -> str:
        return pick(entry.name, ui_language).value

    return Table(
        title=_("Overlaps"),
        header=[
            _("Similarity (%)"),
            _("Tray category"),
            _("Entry A"),
            _("Provider A"),
            _("Link A"),
            _("Entry B"),
            _("Provider B"),
            _("Link B"),
            _("Shared municipalities"),
            _("Shared languages"),
            _("Shared target groups"),
            _("Times"),
        ],
        rows=[
            [
                o.percent,
                category_label(o.a.category),
                name(o.a),
                owner_names.get(o.a.owner_id, ""),
                url(o.a),
                name(o.b),
                owner_names.get(o.b.owner_id, ""),
                url(o.b),
                ", ".join(region.name(code) for code in o.municipalities),
                ", ".join(language_label(lang, ui_language) for lang in o.languages),
                ", ".join(target_group_label(g) for g in o.target_groups),
                describe_time(o.time),
            ]
            for o in overlaps
        ],
    )
