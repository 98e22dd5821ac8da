"""What the importer's modules share: the limits and thresholds of matching, the line
patterns, the refusal `NotAProgrammeDocument` with its messages, and the `Imported` result and
`Block` (one line, paragraph or table row) types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_noop

from kotopolku.programme.document import Document

LABELS_FILE = Path(__file__).parent.parent / "data" / "import-labels.toml"
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
