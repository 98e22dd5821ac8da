"""Comparing texts tolerantly (normalised text similarity, words allowing typos) and the
template's and the labels file's texts to recognise, normalised once."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Any

from kotopolku.programme.importing.common import (
    LABELS_FILE,
    MIN_LIKENESS,
    TOKEN_MATCH,
    TRIGRAM_LIKENESS,
)
from kotopolku.programme.template import Question, Template, template

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


def title_words(title: str) -> list[str]:
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
def known() -> _Known:
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
        s.number: [(lang, title_words(t)) for lang, t in s.title.items()] for s in tpl.sections
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
