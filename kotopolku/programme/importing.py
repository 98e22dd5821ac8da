"""Read an existing programme document (plain text or DOCX) into a `programme.document.Document`.

The document is expected in the structure of the official template (`programme.template`):
an opening part (the municipality, the coordinating body, the contact, dates, partners, how
it was prepared and approved), parts 1-7 with their A (description), B (responsible parties)
and C (cooperation) answers under the template's questions, and the responsibility table.

Matching is tolerant, because real documents are typed by hand: part titles, labels and
questions are compared by normalised text similarity (case, punctuation and spacing ignored,
small typos allowed), never by exact equality. A part is recognised by its number and by its
title naming the template's element, so an older form's title (the Kokkola seed cites the
repealed §§ 15 and 17) is still part 1 or 2; the imported title keeps the document's own
wording, so that the completeness check can flag what it cites.

Nothing the document says is dropped silently: text under a part that answers no template
question is kept as an answer without a question key (`question=""`), and text that cannot be
put under any part or opening field is returned in `Imported.unplaced`. The template's own
instruction texts (`data/import-labels.toml`, the parts' guidance) are recognised and skipped.

`NotAProgrammeDocument` is raised, with a message saying what was expected, for a file that is
not a programme document: an empty file, a binary or undecodable file, a DOCX or text without
the template's numbered parts.
"""

from __future__ import annotations

import datetime
import io
import re
import tomllib
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_noop

from kotopolku.orgs.models import Membership, Municipality, Organisation, Role
from kotopolku.programme.actions import do_create_programme, do_save_document
from kotopolku.programme.document import AnswerDoc, Document, RowDoc, SectionDoc
from kotopolku.programme.template import Question, Template, template

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.programme.models import Programme

LABELS_FILE = Path(__file__).with_name("data") / "import-labels.toml"
# A programme document is tens of kilobytes of text (the Kokkola seed: 14,000 characters); a
# DOCX with pictures may be some megabytes. Anything beyond these is refused, not read.
MAX_BYTES = 20 * 1024 * 1024
MAX_CHARS = 500_000

# How close (0..1, difflib ratio of the normalised texts) a line must be to count as ...
QUESTION_MATCH = 0.78  # ... one of the template's questions
LABEL_MATCH = 0.82  # ... an opening label, a part heading (A/B/C) or a table heading
BOILERPLATE_MATCH = 0.85  # ... one of the template's instruction texts
TOKEN_MATCH = 0.8  # two words are "the same word" (typos: kotoutumishjelma ~ kotoutumisohjelma)
TITLE_COVERAGE = 0.6  # share of a template part title's words found in a numbered heading
UNNUMBERED_TITLE_COVERAGE = 0.85  # the same for a DOCX heading without a typed number
ROW_ELEMENT_SCORE = 0.9  # a responsibility row's words found in one part's title

MIN_LIKENESS = 0.5  # below this share of the longer text's length, two texts are not alike
TRIGRAM_LIKENESS = 0.4  # Dice coefficient of trigrams under which the ratio is not computed

BULLET = re.compile(r"^\s*[-•*–·▪◦]\s+")
NUMBERED = re.compile(r"^\s*([1-9])(?:\s*[.)]\s*|\s+)(\S.*)$")  # "1. Title", "1) ", "1 "
PART_HEADING = re.compile(r"^\s*(?:([ABCabc])\s*[.):]\s*|([ABC])\s+)(.*)$")  # "A. ", "A "
DATE = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4})\s*\.?\s*$")
INLINE_LABEL = re.compile(r"^\s*([^:]{2,80}?)\s*:\s*(\S.*)$")
SPLIT_CELLS = re.compile(r"\s*\|\s*|\s{3,}")


class NotAProgrammeDocument(ValueError):  # noqa: N818 (the name is the contract)
    """The file is not a programme document in the template's structure. `message` (one of
    the fixed texts below, marked for translation) says what was expected; `params` fill it."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


# The reasons, in English; the upload page shows them translated (gettext(message) % params).
EMPTY = gettext_noop(
    "the file is empty; expected a programme document with the template's parts 1-7"
)
TOO_LARGE = gettext_noop(
    "the file is %(kb)s KB; a programme document is expected to be at most %(mb)s MB"
)
BINARY = gettext_noop(
    "expected plain text (UTF-8) or a Word document (DOCX); this is a binary file"
)
NOT_UTF16 = gettext_noop("the file starts like UTF-16 text but cannot be read as such")
NOT_TEXT = gettext_noop(
    "expected plain text (UTF-8, Windows-1252 or Latin-1) or a Word document (DOCX); "
    "the file cannot be read as text"
)
ZIP_NOT_DOCX = gettext_noop(
    "expected plain text or a Word document (DOCX); this ZIP file is not a DOCX"
)
TOO_LONG = gettext_noop(
    "the file has %(chars)s characters of text; a programme document is expected to have at "
    "most %(max)s"
)
BROKEN_DOCX = gettext_noop("the Word document (DOCX) cannot be read: %(error)s")
OLD_DOC = gettext_noop(
    "this is an old Word document (.doc); save it as DOCX or as plain text first"
)
NO_PARTS = gettext_noop(
    "no numbered parts 1-6 of the template were found (expected headings such as "
    "“1. Osaamisen ja kotoutumisen palvelutarpeen arviointi (KotoL 14 §)” followed by "
    "“A. Kuvaus palvelusta”, “B. Vastuutaho” and “C. Yhteistyö”)"
)


@dataclass
class Imported:
    """What the importer read: the document, the text it could not place, and notes about
    how the file was read (e.g. the text encoding when it was not UTF-8)."""

    document: Document
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0  # the template's own instruction texts recognised and left out
    encoding: str = ""  # a text file's encoding ("utf-8", "utf-16", "cp1252", "latin-1")


@dataclass(frozen=True)
class Block:
    """One line (text file) or paragraph (DOCX), or one row of a table."""

    text: str
    gap: bool = True  # a new paragraph (a blank line before it in a text file)
    cells: tuple[str, ...] = ()  # a table row: tab-separated line or DOCX table row
    heading: bool = False  # a DOCX heading style
    listed: bool = False  # a DOCX list item (bulleted or numbered)

    @property
    def shown(self) -> str:
        """The text as it is kept in an answer (a DOCX list item gets the text file's dash)."""
        if self.listed and not BULLET.match(self.text):
            return f"- {self.text}"
        return self.text


# --- Text helpers -------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case, punctuation and spacing removed: what is compared when matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


@lru_cache(maxsize=8192)
def _grams(text: str) -> frozenset[str]:
    """The character trigrams of a normalised text (a cheap first test of likeness)."""
    return frozenset(text[i : i + 3] for i in range(max(1, len(text) - 2)))


def similarity(a: str, b: str) -> float:
    """The difflib ratio of two normalised texts (0..1). Pairs that cannot reach
    `MIN_LIKENESS` (lengths too different, too few shared trigrams) are 0 without it: the
    ratio is quadratic, and a document has hundreds of lines to compare with the template."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if min(len(a), len(b)) / max(len(a), len(b)) < MIN_LIKENESS:
        return 0.0
    ga, gb = _grams(a), _grams(b)
    if 2 * len(ga & gb) / (len(ga) + len(gb)) < TRIGRAM_LIKENESS:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _same_word(a: str, b: str) -> bool:
    return a == b or (
        len(a) > 3 and len(b) > 3 and SequenceMatcher(None, a, b).ratio() >= TOKEN_MATCH
    )


def coverage(wanted: list[str], found: list[str]) -> float:
    """The share of the `wanted` words that occur (allowing typos) among the `found` words."""
    if not wanted:
        return 0.0
    hits = sum(1 for w in wanted if any(_same_word(w, f) for f in found))
    return hits / len(wanted)


def _title_words(title: str) -> list[str]:
    """The words of a part title without its law reference "(KotoL 14 §)"."""
    return normalise(re.sub(r"\([^)]*\)\s*$", "", title)).split()


# --- The things to recognise, from the template and the labels file ----------------------------


@dataclass(frozen=True)
class _Known:
    """The template's texts, normalised once."""

    template: Template
    opening: dict[str, list[tuple[str, str]]]  # field -> [(language, normalised label)]
    parts: dict[str, list[tuple[str, str]]]  # "a" -> [(language, normalised heading)]
    table_heading: list[tuple[str, str]]
    columns: dict[str, list[str]]  # service/jobseekers/others -> normalised labels
    boilerplate: list[str]
    titles: dict[int, list[tuple[str, list[str]]]]  # number -> [(language, words)]
    questions: dict[int, list[tuple[Question, str, list[str]]]]  # (q, language, texts)


def _labels_file() -> dict[str, Any]:
    with LABELS_FILE.open("rb") as f:
        return tomllib.load(f)


@cache
def _known() -> _Known:
    tpl = template()
    raw = _labels_file()
    labels: dict[str, dict[str, list[str]]] = raw["labels"]
    opening: dict[str, list[tuple[str, str]]] = {}
    for name, texts in tpl.opening.items():
        opening.setdefault(name, []).extend((lang, normalise(t)) for lang, t in texts.items())
    for name in ("municipalities", "follow_up"):
        for lang, items in labels[name].items():
            opening.setdefault(name, []).extend((lang, normalise(t)) for t in items)
    parts = {
        key: [(lang, normalise(re.sub(r"^\s*[ABC]\s*\.\s*", "", t))) for lang, t in texts.items()]
        for key, texts in tpl.parts.items()
    }
    table = tpl.responsibility_table
    table_heading = [(lang, normalise(t)) for lang, t in table["heading"].items()]
    for lang, items in labels["responsibility"].items():
        table_heading.extend((lang, normalise(t)) for t in items)
    columns = {
        name: [normalise(t) for t in table[name].values()]
        for name in ("service", "jobseekers", "others")
    }
    boilerplate = [normalise(t) for texts in raw["boilerplate"].values() for t in texts]
    for s in tpl.sections:
        boilerplate.extend(normalise(t) for t in s.guidance.values())
    titles = {
        s.number: [(lang, _title_words(t)) for lang, t in s.title.items()] for s in tpl.sections
    }
    questions: dict[int, list[tuple[Question, str, list[str]]]] = {}
    for s in tpl.sections:
        entries = []
        for q in s.questions:
            for lang, text in q.text.items():
                # a question with a lead-in ("Kielitaidon päättötestaus (KotoL 26 §): miten
                # ...?") is often typed as two lines: each half matches too
                pieces = [text, *text.split(":")] if ":" in text else [text]
                entries.append((q, lang, [normalise(p) for p in pieces if normalise(p)]))
        questions[s.number] = entries
    return _Known(tpl, opening, parts, table_heading, columns, boilerplate, titles, questions)


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


# --- The parser ----------------------------------------------------------------------------------


class _Parser:
    def __init__(self) -> None:
        self.known = _known()
        self.doc = Document()
        self.unplaced: list[str] = []
        self.skipped = 0
        self.votes: dict[str, int] = {"fi": 0, "sv": 0}
        self.field = ""  # the opening field being read ("" before the first label)
        self.section: SectionDoc | None = None
        self.part = ""
        self.answer: AnswerDoc | None = None
        self.in_table = False
        self.field_text: dict[str, list[tuple[str, bool]]] = {}

    # -- matching

    def _best(self, text: str, candidates: Iterable[tuple[str, str]]) -> tuple[float, str]:
        norm = normalise(text)
        best, lang = 0.0, ""
        for language, candidate in candidates:
            score = similarity(norm, candidate)
            if score > best:
                best, lang = score, language
        return best, lang

    def _vote(self, lang: str) -> None:
        if lang in self.votes:
            self.votes[lang] += 1

    def is_boilerplate(self, text: str) -> bool:
        norm = normalise(text)
        return any(similarity(norm, b) >= BOILERPLATE_MATCH for b in self.known.boilerplate)

    def section_heading(self, block: Block) -> tuple[int, str] | None:
        """(number, title as written) when the block starts the next part of the template."""
        current = self.section.number if self.section else 0
        m = NUMBERED.match(block.text)
        if m:
            number, title = int(m.group(1)), m.group(2).strip()
            if number <= current or number not in self.known.titles:
                return None
            words = normalise(title).split()
            scores = [(coverage(w, words), lang) for lang, w in self.known.titles[number]]
            score, lang = max(scores)
            if score >= TITLE_COVERAGE:
                self._vote(lang)
                return number, title
            return None
        if not (block.heading or block.listed):
            return None
        words = normalise(block.text).split()
        for number, titles in self.known.titles.items():
            if number <= current:
                continue
            for lang, wanted in titles:
                if (
                    coverage(wanted, words) >= UNNUMBERED_TITLE_COVERAGE
                    and len(words) <= 2 * len(wanted) + 6
                ):
                    self._vote(lang)
                    return number, block.text.strip()
        return None

    def part_heading(self, text: str) -> str:
        """The part ("a", "b" or "c") a line is the heading of ("A. Kuvaus palvelusta:"), or ""."""
        m = PART_HEADING.match(text)
        if m:
            letter, rest = (m.group(1) or m.group(2)).lower(), normalise(m.group(3))
            if not rest:
                return letter
            score, lang = self._best(rest, self.known.parts[letter])
            if score >= LABEL_MATCH:
                self._vote(lang)
                return letter
            return ""
        if len(text) > 60:
            return ""
        for letter, labels in self.known.parts.items():
            score, lang = self._best(text, labels)
            if score >= 0.9:
                self._vote(lang)
                return letter
        return ""

    def question(self, text: str) -> Question | None:
        if self.section is None or len(text) > 400:
            return None
        norm = normalise(text)
        best: tuple[float, Question | None, str] = (0.0, None, "")
        for q, lang, pieces in self.known.questions[self.section.number]:
            for piece in pieces:
                score = similarity(norm, piece)
                if score > best[0]:
                    best = (score, q, lang)
        if best[0] >= QUESTION_MATCH:
            self._vote(best[2])
            return best[1]
        return None

    def opening_label(self, text: str) -> tuple[str, str] | None:
        """(field, inline value) when the line is an opening label, "Label:" or "Label: value"."""
        if len(text) > 200:
            return None
        stripped = text.strip().rstrip(":").strip()
        for name, labels in self.known.opening.items():
            score, lang = self._best(stripped, labels)
            if score >= LABEL_MATCH:
                self._vote(lang)
                return name, ""
        m = INLINE_LABEL.match(text)
        if m:
            for name, labels in self.known.opening.items():
                score, lang = self._best(m.group(1), labels)
                if score >= LABEL_MATCH:
                    self._vote(lang)
                    return name, m.group(2).strip()
        return None

    def table_heading(self, text: str) -> bool:
        if len(text) > 80:
            return False
        score, lang = self._best(text.rstrip(":"), self.known.table_heading)
        if score >= LABEL_MATCH:
            self._vote(lang)
            return True
        return False

    def header_row(self, cells: tuple[str, ...]) -> bool:
        first = normalise(cells[0]) if cells else ""
        return any(similarity(first, c) >= LABEL_MATCH for c in self.known.columns["service"])

    # -- writing

    def close_answer(self) -> None:
        answer, self.answer = self.answer, None
        if answer is None or self.section is None:
            return
        answer.text = answer.text.strip()
        answer.question_text = answer.question_text.strip()
        if not answer.text:
            if answer.question:
                return  # a template question left unanswered: nothing of the municipality's
            # an unknown question without an answer: the line itself is kept as the text
            answer.text, answer.question_text = answer.question_text, ""
            if not answer.text:
                return
        self.section.answers.append(answer)

    def add_text(self, block: Block) -> None:
        """Answer text under the current part."""
        assert self.section is not None
        if self.answer is None:
            self.answer = AnswerDoc(self.part or "a", "", "", "")
        if self.answer.text:
            self.answer.text += ("\n\n" if block.gap else "\n") + block.shown
        else:
            self.answer.text = block.shown

    def add_row(self, cells: tuple[str, ...]) -> None:
        cells = tuple(c.strip() for c in cells)
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not cells or not cells[0]:
            if any(cells):
                self.unplaced.append(" | ".join(cells))
            return
        service = cells[0].rstrip(":").strip()
        jobseekers = cells[1] if len(cells) > 1 else ""
        others = " ".join(c for c in cells[2:] if c)
        self.doc.responsibility.append(RowDoc(service, jobseekers, others))

    def add_field_text(self, block: Block) -> None:
        name = self.field
        if name == "partners":
            if BULLET.match(block.text) or block.listed:
                self._partner(BULLET.sub("", block.text))
            elif len(block.text) <= 120 and not block.text.endswith((".", "?")):
                self._partner(block.text)
            else:
                self.unplaced.append(block.text)
            return
        if name == "municipalities":
            names = [n.strip() for n in re.split(r"[,;]", block.text)]
            self.doc.municipalities.extend(n for n in names if n)
            return
        self.field_text.setdefault(name, []).append((block.shown, block.gap))

    def _partner(self, text: str) -> None:
        name = text.strip().rstrip(",;.").strip()
        if name:
            self.doc.partners.append(name)

    # -- the walk

    def run(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.step(block)
        self.close_answer()
        self.finish()

    def step(self, block: Block) -> None:
        text = block.text.strip()
        if block.cells and len([c for c in block.cells if c]) > 1:
            if self.in_table or self.header_row(block.cells):
                self.close_answer()
                self.in_table = True
                if not self.header_row(block.cells):
                    self.add_row(block.cells)
                return
            # a table row outside the responsibility table: its cells are text
            for cell in block.cells:
                for line in cell.splitlines():
                    if line.strip():
                        self.step(Block(line.strip()))
            return
        heading = self.section_heading(block)
        if heading is not None:
            self.close_answer()
            number, title = heading
            self.section = SectionDoc(number, self.known.template.section(number).element, title)
            self.doc.sections.append(self.section)
            self.part, self.in_table, self.field = "", False, ""
            return
        if self.table_heading(text):
            self.close_answer()
            self.in_table, self.field = True, ""
            return
        if self.in_table:
            cells = tuple(SPLIT_CELLS.split(text))
            if len(cells) > 1:
                if not self.header_row(cells):
                    self.add_row(cells)
            else:
                self.unplaced.append(text)
            return
        if self.section is None:
            self.opening_step(block, text)
        else:
            self.section_step(block, text)

    def opening_step(self, block: Block, text: str) -> None:
        date = DATE.match(text)
        if date and self.doc.document_date is None:
            day, month, year = (int(g) for g in date.groups())
            try:
                self.doc.document_date = datetime.date(year, month, day)
                return
            except ValueError:
                pass
        label = self.opening_label(text)
        if label is not None:
            self.field, value = label
            if value:
                self.add_field_text(Block(value, gap=True))
            return
        if self.is_boilerplate(text):
            self.skipped += 1
            return
        if self.field:
            self.add_field_text(block)
        elif not self.doc.title and len(text) <= 200 and not text.endswith("."):
            self.doc.title = text
        else:
            self.unplaced.append(text)

    def section_step(self, block: Block, text: str) -> None:
        part = self.part_heading(text)
        if part:
            self.close_answer()
            self.part = part
            return
        if self.is_boilerplate(text):
            self.skipped += 1
            return
        question = self.question(text)
        answer = self.answer
        if question is not None:
            if answer is not None and answer.question == question.key and not answer.text:
                answer.question_text += " " + text  # the second line of a two-line question
                return
            self.close_answer()
            self.answer = AnswerDoc(question.part, question.key, text, "")
            self.part = question.part
            return
        if (
            answer is not None
            and answer.question_text
            and not answer.text
            and text.startswith("(")
            and text.endswith(")")
        ):
            answer.question_text += " " + text  # the question's own example in brackets
            return
        if text.endswith("?") and len(text) <= 400 and not block.listed:
            self.close_answer()
            self.answer = AnswerDoc(self.part or "a", "", text, "")
            return
        self.add_text(block)

    def finish(self) -> None:
        for name, pieces in self.field_text.items():
            value = ""
            for text, gap in pieces:
                value += (("\n\n" if gap else "\n") if value else "") + text
            setattr(self.doc, name, value)  # an opening field of Document (OPENING_FIELDS)
        self.doc.language = "sv" if self.votes["sv"] > self.votes["fi"] else "fi"
        for row in self.doc.responsibility:
            row.element = self.row_element(row.service)

    def row_element(self, service: str) -> str:
        """The template element a responsibility row is about, when its words name one part
        (by the document's own title of the part, or the template's)."""
        words = normalise(service).split()
        if not words:
            return ""
        best, element = 0.0, ""
        for s in self.known.template.sections:
            titles = [w for _, w in self.known.titles[s.number]]
            own = self.doc.section(s.number)
            if own is not None:
                titles.append(_title_words(own.title))
            for title in titles:
                score = _word_score(words, title)
                if score > best:
                    best, element = score, s.element
        return element if best >= ROW_ELEMENT_SCORE else ""


def _word_score(words: list[str], title: list[str]) -> float:
    """The mean of each word's best similarity with a word of `title`."""
    total = 0.0
    for w in words:
        total += max((SequenceMatcher(None, w, t).ratio() for t in title), default=0.0)
    return total / len(words)


def parse_blocks(blocks: list[Block]) -> Imported:
    """Read a programme document from its blocks (lines, paragraphs, table rows)."""
    chars = sum(len(b.text) for b in blocks)
    if chars > MAX_CHARS:
        raise NotAProgrammeDocument(TOO_LONG, chars=chars, max=MAX_CHARS)
    parser = _Parser()
    parser.run(blocks)
    doc = parser.doc
    mandatory = [s.number for s in doc.sections if not template().section(s.number).optional]
    if not mandatory:
        raise NotAProgrammeDocument(NO_PARTS)
    return Imported(doc, parser.unplaced, [], parser.skipped)


# --- Into the database ---------------------------------------------------------------------------

# The organisations that coordinate a municipality's programme, in order of preference: its own
# integration service, else the regional integration centre serving it.
COORDINATING_KINDS = (Organisation.Kind.MUNICIPAL_SERVICE, Organisation.Kind.REGIONAL_CENTRE)


def coordinating_organisations(municipality: Municipality) -> list[Organisation]:
    """The organisations that may coordinate the municipality's programme, best first: active
    municipal integration services (else regional integration centres) serving it, and among
    them those that have coordinators (a tray import also files a town's library or youth
    services as municipal services; they have no coordinators)."""
    found = list(
        Organisation.objects.filter(
            is_active=True, kind__in=COORDINATING_KINDS, serves__code=municipality.code
        )
        .distinct()
        .order_by("slug")
    )
    staffed = set(
        Membership.objects.active()
        .filter(role=Role.COORDINATOR, unit__organisation__in=found)
        .values_list("unit__organisation_id", flat=True)
    )
    pool = [o for o in found if o.pk in staffed] or found
    for kind in COORDINATING_KINDS:
        of_kind = [o for o in pool if o.kind == kind]
        if of_kind:
            return of_kind
    return []


@transaction.atomic
def import_draft(
    imported: Imported,
    *,
    organisation: Organisation,
    municipality: Municipality,
    acting_user: User | None,
    source_name: str = "",
) -> Programme:
    """Create a draft programme of the municipality from an imported document, all or
    nothing (`do_create_programme`, then `do_save_document`; each logs its change)."""
    document = imported.document
    programme = do_create_programme(
        organisation=organisation,
        municipalities=[municipality],
        language=document.language,
        title=document.title,
        acting_user=acting_user,
    )
    return do_save_document(programme, document, acting_user=acting_user, source_name=source_name)


def names_the_municipality(document: Document, municipality: Municipality) -> bool:
    """Does the document name the municipality (or name none at all)?"""
    if not document.municipalities:
        return True
    names = {normalise(municipality.name_fi), normalise(municipality.name_sv)}
    return any(normalise(n) in names for n in document.municipalities)
