"""Reading a file (plain text in any of the usual encodings, or DOCX) into blocks: lines,
paragraphs and table rows; `read_bytes`, `read_file` and `parse_text` then hand them to the
parser (`importing.parse`)."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from kotopolku.programme.importing.common import (
    BINARY,
    BROKEN_DOCX,
    EMPTY,
    MAX_BYTES,
    NOT_TEXT,
    NOT_UTF16,
    OLD_DOC,
    TOO_LARGE,
    ZIP_NOT_DOCX,
    Block,
    Imported,
    NotAProgrammeDocument,
)
from kotopolku.programme.importing.parse import parse_blocks

# --- Reading the file into blocks --------------------------------------------------------------


def _text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    gap = True
    for raw_line in text.splitlines():
        line = raw_line.replace("\u00a0", " ").rstrip()
        if not line.strip():
            gap = True
            continue
        if "\t" in line:
            cells = tuple(c.strip() for c in line.split("\t"))
            blocks.append(Block(" ".join(c for c in cells if c), gap=gap, cells=cells))
        else:
            blocks.append(Block(line.strip(), gap=gap))
        gap = False
    return blocks


def decode(data: bytes) -> tuple[str, str]:
    """The text of a plain-text file and the encoding it was read in (UTF-8, with or without
    a byte-order mark, UTF-16 with one; else Windows-1252 or Latin-1)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise NotAProgrammeDocument(NOT_UTF16) from exc
    if b"\x00" in data:
        raise NotAProgrammeDocument(BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
    if controls > max(3, len(text) // 200):
        raise NotAProgrammeDocument(NOT_TEXT)
    return text, encoding


def _docx_blocks(data: bytes) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            # the text part is unpacked whole: refuse a "zip bomb" before it is
            body = package.getinfo("word/document.xml").file_size
    except (zipfile.BadZipFile, KeyError) as exc:
        raise NotAProgrammeDocument(ZIP_NOT_DOCX) from exc
    if body > MAX_BYTES:
        raise NotAProgrammeDocument(TOO_LARGE, kb=body // 1024, mb=MAX_BYTES // 2**20)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise NotAProgrammeDocument(ZIP_NOT_DOCX) from exc
    except Exception as exc:  # python-docx raises its own and lxml's errors on broken parts
        raise NotAProgrammeDocument(BROKEN_DOCX, error=exc) from exc

    blocks: list[Block] = []

    def paragraph(p: Paragraph, *, gap: bool = True) -> None:
        style = (p.style.name if p.style is not None else "") or ""
        props = p._p.pPr
        listed = style.startswith("List") or (props is not None and props.numPr is not None)
        heading = style.startswith(("Heading", "Title"))
        lines = [ln.replace("\u00a0", " ").strip() for ln in p.text.split("\n")]
        first = True
        for line in lines:
            if not line:
                continue
            previous_listed = bool(blocks) and blocks[-1].listed
            blocks.append(
                Block(
                    line,
                    gap=gap and first and not (listed and previous_listed),
                    heading=heading,
                    listed=listed,
                )
            )
            first = False

    def table(t: Table) -> None:
        for row in t.rows:
            seen: set[int] = set()
            cells: list[str] = []
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats in python-docx
                    continue
                seen.add(id(cell._tc))
                cells.append(" ".join(cell.text.split()) if "\n" not in cell.text else cell.text)
            text = " ".join(c for c in cells if c.strip())
            if text:
                blocks.append(Block(text, cells=tuple(c.strip() for c in cells)))

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraph(item)
        else:
            table(item)
    return blocks


def read_bytes(data: bytes, name: str = "") -> Imported:
    """Read a programme document from the bytes of a text or DOCX file. The content decides
    which (a DOCX is a ZIP package), not the file's `name`."""
    if len(data) > MAX_BYTES:
        raise NotAProgrammeDocument(TOO_LARGE, kb=len(data) // 1024, mb=MAX_BYTES // 2**20)
    if not data.strip():
        raise NotAProgrammeDocument(EMPTY)
    notes: list[str] = []
    encoding = ""
    if data.startswith(b"PK\x03\x04"):
        blocks = _docx_blocks(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAProgrammeDocument(OLD_DOC)
    else:
        text, encoding = decode(data)
        if encoding not in ("utf-8", "utf-16"):
            notes.append(
                f"The file is not UTF-8; it was read as {encoding.replace('cp', 'Windows-')}."
            )
        blocks = _text_blocks(text)
    imported = parse_blocks(blocks)
    imported.notes[:0] = notes
    imported.encoding = encoding
    return imported


def read_file(path: Path) -> Imported:
    """Read a programme document from a file (OSError when it cannot be opened)."""
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    return read_bytes(data, path.name)


def parse_text(text: str) -> Imported:
    """Read a programme document from its plain text."""
    if not text.strip():
        raise NotAProgrammeDocument(EMPTY)
    return parse_blocks(_text_blocks(text))
