"""The search's text analyser: words to index terms, per language (docs/search.md).

Every term lives in one namespace, marked by its prefix, so that matches of different kinds
can be weighted separately and never collide:

- ``kahvila``      a Finnish base form (Voikko; every analysis of the word counts);
- ``h:kahvila``    the last part (head) of a Finnish compound: ``kielikahvila`` → ``kahvila``;
- ``m:kieli``      a leading part (modifier) of a Finnish compound;
- ``s:showroom``   the Snowball ``finnish`` stem of a Finnish word Voikko does not know (all
                   Finnish words when Voikko is unavailable), with
- ``x:room``       the tails of that stem (a compound's head without a dictionary) and
- ``g:_sho``       the character 4-grams of the word;
- ``sv:``, ``en:`` Snowball stems of Swedish and English words;
- ``w:``           a lower-cased word of any other language (Unicode letters and digits).

Words never contain a colon, so the namespaces cannot collide. `document_terms` gives the
weighted term frequencies of an entry's texts; `query_terms` the weighted terms of a query,
whose language is unknown: it is analysed as Finnish, Swedish, English and plain words, and
a `lang` hint of fi, sv or en halves the weight of the other two of those.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.conf import settings

log = logging.getLogger(__name__)

MAX_TERM = 64  # SearchTerm.term max_length
MAX_QUERY_WORDS = 20  # words of a query analysed (the rest are ignored)

# Words: runs of letters/digits, joined by inner hyphens or apostrophes ("aamu-uninen").
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")

# Weight of an occurrence of each kind of term in a document (term-frequency units) ...
DOC_WEIGHTS = {"lemma": 1.0, "head": 1.0, "mod": 1.0, "stem": 1.0, "tail": 1.0, "gram": 1.0}
# ... and of each kind of query term (multiplies the term's BM25 contribution). "part": the
# compound parts of a compound query word. Measured with bench/finnish_protocol.py
# (docs/search.md): a higher head weight helps set B and costs set A.
QUERY_WEIGHTS = {
    "lemma": 1.0,
    "head": 0.6,
    "mod": 0.1,
    "part": 0.2,
    "stem": 0.5,
    "tail": 0.3,
    "gram": 0.06,
}
PREFIX = {"lemma": "", "head": "h:", "mod": "m:", "stem": "s:", "tail": "x:", "gram": "g:"}
# Words Voikko does not know (every Finnish word without Voikko): the Snowball stem, the
# tails of the stem (at least MIN_TAIL letters after at least MIN_PREFIX: a compound's head
# without a dictionary) and the character NGRAMs of the word, marked at both ends.
NGRAM = 4
MIN_PREFIX = 2
MIN_TAIL = 4
# The k base forms of an ambiguous word share its weight: each gets 1 / k ** AMBIGUITY.
AMBIGUITY = 1.0
# Languages analysed with Snowball (besides the Finnish fallback).
SNOWBALL = {"sv": "swedish", "en": "english"}
# With a lang hint of fi, sv or en, the other two analysers get this query weight.
OTHER_LANGUAGE = 0.5


def words(text: str) -> list[str]:
    return WORD.findall(text)


def ngrams(word: str) -> list[str]:
    marked = f"_{word.lower()}_"
    return [marked[i : i + NGRAM] for i in range(max(1, len(marked) - NGRAM + 1))]


def family(lang: str) -> str:
    """The analyser of a language code: "fi" (also fi-x-plain), "sv", "en" or "w"."""
    base = lang.split("-")[0].lower()
    return base if base in ("fi", "sv", "en") else "w"


# --- Voikko -----------------------------------------------------------------------------------

_local = threading.local()
_broken = {"voikko": False}


def _voikko() -> Any:
    """This thread's Voikko instance, or None when it is turned off or cannot load."""
    if getattr(settings, "VOIKKO", "auto") == "off" or _broken["voikko"]:
        return None
    instance = getattr(_local, "voikko", None)
    if instance is None:
        try:
            import libvoikko

            instance = libvoikko.Voikko("fi")
        except (ImportError, OSError, Exception) as exc:
            _broken["voikko"] = True
            log.warning("Voikko is unavailable, Finnish search uses the fallback: %s", exc)
            return None
        _local.voikko = instance
    return instance


def voikko_available() -> bool:
    return _voikko() is not None


@lru_cache(maxsize=1)
def _stemmers() -> dict[str, Any]:
    return {name: snowballstemmer.stemmer(name) for name in ("finnish", "swedish", "english")}


_stem_lock = threading.Lock()


def _stem(algorithm: str, word: str) -> str:
    with _stem_lock:  # the Snowball stemmer objects keep state
        return str(_stemmers()[algorithm].stemWord(word))


def _parts(analysis: Mapping[str, str], word: str) -> tuple[list[str], str]:
    """The modifier base forms and the head base form of a compound analysis ([] if simple)."""
    structure = analysis.get("STRUCTURE", "")
    base = analysis.get("BASEFORM", "").lower()
    segments = [s for s in structure.split("=") if s]
    if len(segments) < 2:
        return [], ""
    lengths = [len(s) for s in segments]
    prefix = word[: sum(lengths[:-1])].lower()
    head = base[len(prefix) :] if base.startswith(prefix) else ""
    # Modifiers: the base of each component in WORDBASES that begins a structure segment.
    starts = {sum(lengths[:i]) for i in range(len(lengths) - 1)}
    modifiers: list[str] = []
    position = 0
    for surface, lemma in re.findall(r"\+([^+(]*)(?:\(([^)]*)\))?", analysis.get("WORDBASES", "")):
        if position in starts and lemma and not lemma.startswith("+"):
            # "toimen=pide": a lexicalised compound; its last piece is the head.
            pieces = [p for p in lemma.lower().split("=") if p]
            modifiers.extend(pieces[:-1] if len(pieces) > 1 else pieces)
        position += len(surface)
    return modifiers, head.strip("-")


Terms = tuple[tuple[str, str, float], ...]  # (kind, prefixed term, share)


@lru_cache(maxsize=200_000)
def _finnish(word: str, use_voikko: bool) -> Terms:
    """(kind, prefixed term, share) of one Finnish word; the k base forms of an ambiguous
    word share its weight (each 1 / k ** AMBIGUITY)."""
    found: dict[str, str] = {}
    voikko = _voikko() if use_voikko else None
    analyses = voikko.analyze(word) if voikko is not None else []
    if not analyses and "-" in word and voikko is not None:
        # An unknown hyphenated word: its pieces as the parts of a compound.
        pieces = [p for p in word.split("-") if p]
        for i, piece in enumerate(pieces):
            kind = "head" if i == len(pieces) - 1 else "mod"
            for piece_kind, term, _share in _finnish(piece, use_voikko):
                if piece_kind == "lemma":
                    found.setdefault(PREFIX[kind] + term, kind)
                elif piece_kind == "stem":
                    found.setdefault(term, piece_kind)
        return tuple((kind, term, 1.0) for term, kind in found.items())
    for analysis in analyses:
        lemma = analysis.get("BASEFORM", "").lower()
        if lemma:
            found[lemma] = "lemma"
        modifiers, head = _parts(analysis, word)
        if head:
            found.setdefault(PREFIX["head"] + head, "head")
        for modifier in modifiers:
            found.setdefault(PREFIX["mod"] + modifier, "mod")
    if not analyses:
        stem = _stem("finnish", word.lower())
        found[PREFIX["stem"] + stem] = "stem"
        for start in range(MIN_PREFIX, len(stem) - MIN_TAIL + 1):
            found.setdefault(PREFIX["tail"] + stem[start:], "tail")
        for gram in ngrams(word):
            found.setdefault(PREFIX["gram"] + gram, "gram")
    lemmas = sum(1 for kind in found.values() if kind == "lemma")
    ambiguous = 1.0 / lemmas**AMBIGUITY if lemmas > 1 else 1.0
    return tuple(
        (kind, term, ambiguous if kind == "lemma" else 1.0) for term, kind in found.items() if term
    )


def finnish_terms(word: str, use_voikko: bool | None = None) -> Terms:
    """(kind, prefixed term, share) of a Finnish word (Voikko when available)."""
    return _finnish(word, voikko_available() if use_voikko is None else use_voikko)


@lru_cache(maxsize=100_000)
def _snowball(word: str, lang: str) -> str:
    return f"{lang}:{_stem(SNOWBALL[lang], word.lower())}"


def word_terms(word: str, lang_family: str, use_voikko: bool | None = None) -> Terms:
    if lang_family == "fi":
        return finnish_terms(word, use_voikko)
    if lang_family in SNOWBALL:
        return (("lemma", _snowball(word, lang_family), 1.0),)
    return (("lemma", "w:" + word.lower(), 1.0),)


def text_terms(text: str, lang: str) -> tuple[dict[str, float], int]:
    """Term frequencies (document weights) of one text and its length in words."""
    return _text_terms(text, lang, voikko_available())


@lru_cache(maxsize=20_000)
def _text_terms(text: str, lang: str, use_voikko: bool) -> tuple[dict[str, float], int]:
    found: dict[str, float] = defaultdict(float)
    tokens = words(text)
    lang_family = family(lang)
    for token in tokens:
        for kind, term, share in word_terms(token, lang_family, use_voikko):
            found[term[:MAX_TERM]] += DOC_WEIGHTS[kind] * share
    return dict(found), len(tokens)


def document_terms(
    fields: Iterable[tuple[Mapping[str, str], float]],
) -> tuple[dict[str, float], int]:
    """Weighted term frequencies of an entry and its BM25 length.

    `fields`: (translated text {lang: text}, field weight) pairs. A term's frequency is the
    sum over fields of the field weight times the kind weight of each occurrence; the length
    is the weighted number of words.
    """
    total: dict[str, float] = defaultdict(float)
    length = 0.0
    for texts, weight in fields:
        for lang, text in (texts or {}).items():
            if not isinstance(text, str) or not text.strip():
                continue
            terms, count = text_terms(text, lang)
            for term, tf in terms.items():
                total[term] += tf * weight
            length += count * weight
    return dict(total), round(length)


def query_terms(q: str, lang: str | None = None) -> dict[str, float]:
    """The weighted terms of a query, whose language is not known: every word is analysed
    as Finnish, Swedish, English and a plain word. With a `lang` hint of fi, sv or en, the
    other two of those get OTHER_LANGUAGE of their weight.

    A Finnish word looks for each of its base forms L as a word (``L``), as the head of the
    entries' compounds (``h:L``) and as a modifier (``m:L``); the parts of a compound query
    word for the same parts and for the parts as words of their own; a word Voikko does not
    know for itself as a base form. Every Finnish word also looks for its Snowball stem, the
    stem as a tail and its n-grams among the words Voikko did not know in the entries."""
    hint = family(lang) if lang else None
    found: dict[str, float] = {}

    def add(term: str, kind: str, factor: float) -> None:
        key = term[:MAX_TERM]
        found[key] = max(found.get(key, 0.0), QUERY_WEIGHTS[kind] * factor)

    def add_base(term: str, factor: float) -> None:
        add(term, "lemma", factor)
        add(PREFIX["head"] + term, "head", factor)
        add(PREFIX["mod"] + term, "mod", factor)

    for token in words(q)[:MAX_QUERY_WORDS]:
        factor = 1.0 if hint in (None, "w", "fi") else OTHER_LANGUAGE
        stem = _stem("finnish", token.lower())
        add(PREFIX["stem"] + stem, "stem", factor)
        add(PREFIX["tail"] + stem, "tail", factor)
        for gram in ngrams(token):
            add(PREFIX["gram"] + gram, "gram", factor)
        for kind, term, _share in finnish_terms(token):
            if kind == "lemma":
                add_base(term, factor)
            elif kind in ("head", "mod"):
                add(term, "part", factor)
                add(term.split(":", 1)[1], "part", factor)
            elif kind == "stem":
                add_base(token.lower(), factor)
        for lang_family in ("sv", "en", "w"):
            factor = 1.0 if hint in (None, "w", lang_family) else OTHER_LANGUAGE
            for _kind, term, _share in word_terms(token, lang_family):
                add(term, "lemma", factor)
    return found
