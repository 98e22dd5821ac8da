"""Helpers of the import tests: the Kokkola seed, its responsibility table read straight from
the file, the same content as a DOCX, and files that are not programme documents."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument

from kotopolku.programme.demo import KOKKOLA_DOCUMENT

SEED = KOKKOLA_DOCUMENT.read_text(encoding="utf-8")


def seed_rows() -> list[tuple[str, str, str]]:
    """The responsibility table of the seed, read straight from the file: the tab-separated
    lines after "Vastuutaulukko", without the header."""
    lines = SEED.split("Vastuutaulukko", 1)[1].splitlines()
    rows = [tuple(c.strip() for c in line.split("\t")) for line in lines if "\t" in line]
    assert rows[0][0].startswith("Palvelu/")
    return [(r[0], r[1], r[2]) for r in rows[1:]]


def seed_as_docx(text: str = SEED) -> bytes:
    """A Word document with the seed's content as a person would type it: headings for the
    parts and A/B/C, paragraphs (lines of one paragraph as line breaks), bulleted lists, and
    the responsibility table as a table."""
    document: DocxDocument = docx.Document()
    paragraphs = [p.splitlines() for p in text.split("\n\n") if p.strip()]
    table_rows: list[list[str]] = []
    for lines in paragraphs:
        if any("\t" in line for line in lines):
            table_rows.extend(line.split("\t") for line in lines if line.strip())
            continue
        if len(lines) == 1 and lines[0] == "Kunnan kotoutumishjelma":
            document.add_heading(lines[0], level=0)
            continue
        if len(lines) == 1 and lines[0][:2] in {f"{n}." for n in range(1, 8)}:
            document.add_heading(lines[0], level=1)
            continue
        if len(lines) == 1 and lines[0][:2] in {"A.", "B.", "C."}:
            document.add_heading(lines[0], level=2)
            continue
        if all(line.startswith("- ") for line in lines):
            for line in lines:
                document.add_paragraph(line[2:], style="List Bullet")
            continue
        paragraph = document.add_paragraph()
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    table = document.add_table(rows=0, cols=3)
    for cells in table_rows:
        row = table.add_row()
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def random_docx() -> bytes:
    document: DocxDocument = docx.Document()
    document.add_heading("Meeting notes", level=1)
    document.add_paragraph("1. Budget for 2025")
    document.add_paragraph("2. Anything else")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Item"
    table.rows[0].cells[1].text = "Owner"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hello")
    return out.getvalue()
