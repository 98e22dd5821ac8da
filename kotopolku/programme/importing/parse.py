"""Placing the blocks of a document into the opening fields, the parts 1-7 with their A/B/C
answers under the template's questions, and the responsibility table (with each row's
element)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from kotopolku.programme.document import AnswerDoc, Document, RowDoc, SectionDoc
from kotopolku.programme.importing.common import (
    BOILERPLATE_MATCH,
    BULLET,
    DATE,
    INLINE_LABEL,
    LABEL_MATCH,
    MAX_CHARS,
    NO_PARTS,
    NUMBERED,
    PART_HEADING,
    QUESTION_MATCH,
    ROW_ELEMENT_SCORE,
    SPLIT_CELLS,
    TITLE_COVERAGE,
    TOO_LONG,
    UNNUMBERED_TITLE_COVERAGE,
    Block,
    Imported,
    NotAProgrammeDocument,
)
from kotopolku.programme.importing.matching import (
    coverage,
    known,
    normalise,
    similarity,
    title_words,
)
from kotopolku.programme.template import Question, template

# --- The parser ----------------------------------------------------------------------------------


class _Parser:
    def __init__(self) -> None:
        self.known = known()
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
                titles.append(title_words(own.title))
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
