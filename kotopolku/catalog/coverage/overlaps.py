"""Probable overlaps: published entries of different providers doing the same thing.

A pair of published entries of the region is a probable overlap when all of these hold:

1. the same tray category;
2. at least one shared municipality of the region, and at least one shared language of
   service;
3. a shared target group ("everyone" shares with any group);
4. different providers (owner organisations): one provider's parallel groups are its own
   planning, not an overlap between actors;
5. similar text: the Jaccard similarity of the analysed terms of name + short description,
   compared in each text language both entries have, best language wins. Terms come from
   the search's analyser (`catalog.search.analyser.text_terms`: Finnish base forms and compound
   parts, Swedish and English stems), so "Kielikahvila" and "kielikahvilaan" meet; stop
   words and terms shorter than three letters are dropped;
6. time: entries whose validity periods (`starts_on`..`ends_on`, where both have them) do
   not meet never overlap. When both entries have meeting times (`ServiceTime`), at least
   one pair of times must overlap (same weekday, same date, or a date on the weekly
   weekday, with overlapping hours), and the text similarity must reach `TEXT_MIN`; two
   language cafés on different evenings complement each other. When either entry has no
   meeting times (by appointment, drop-in without hours), the times cannot rule the pair
   out, so the text must be strong: similarity at least `TEXT_STRONG`.

Terms found in very many entries of the region (more than `FREQUENT_SHARE` of them and more
than `FREQUENT_MIN`) are left out of the comparison as the region's own stop words: a word
that a fifth of the tray uses ("palvelu", "maahanmuuttajille") says nothing about two
entries doing the same thing, and comparing on it alone would pair thousands of entries.

Blocking keeps this fast for thousands of entries: candidates come from an inverted index
keyed by (category, municipality, language of service, text language, term), over the
prefix of each entry's terms ordered rarest first (prefix filtering: two term sets with
Jaccard >= t share a term among the first |x| - ceil(t|x|) + 1 rarest terms of each, so no
pair above `TEXT_MIN` is missed). Only those candidates are compared.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from kotopolku.catalog.coverage.region import Entry
from kotopolku.catalog.models import ServiceTime, TargetGroup
from kotopolku.catalog.search import analyser

TEXT_MIN = 0.3
TEXT_STRONG = 0.5
FREQUENT_MIN = 50
FREQUENT_SHARE = 0.05

STOP_WORDS = frozenset(
    # Finnish, Swedish and English function words of three letters or more
    [
        "ja",
        "tai",
        "sekä",
        "myös",
        "kuin",
        "joka",
        "jotka",
        "että",
        "tämä",
        "nämä",
        "ovat",
        "oli",
        "olla",
        "ole",
        "eli",
        "mutta",
        "vain",
        "kaikki",
        "kaikille",
        "kanssa",
        "jossa",
        "mukaan",
        "ilman",
        "och",
        "eller",
        "som",
        "för",
        "med",
        "att",
        "det",
        "den",
        "till",
        "från",
        "har",
        "kan",
        "alla",
        "även",
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "are",
        "you",
        "your",
        "all",
        "can",
        "into",
        "our",
    ]
)


def terms(text: str, lang: str) -> frozenset[str]:
    """The analysed terms of a text in `lang` (see the module docstring)."""
    found, _length = analyser.text_terms(text, lang)
    kept = set()
    for term in found:
        bare = term.rsplit(":", 1)[-1]
        if len(bare) >= 3 and bare not in STOP_WORDS:
            kept.add(term)
    return frozenset(kept)


def entry_terms(entry: Entry) -> dict[str, frozenset[str]]:
    """{text language: terms of name + short description in that language}."""
    found = {}
    for lang in set(entry.name) | set(entry.summary):
        text = f"{entry.name.get(lang, '')} {entry.summary.get(lang, '')}"
        words = terms(text, lang)
        if words:
            found[lang] = words
    return found


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not large or len(small) < TEXT_MIN * len(large):
        return 0.0  # cannot reach TEXT_MIN: skip the intersection
    shared = len(small & large)
    return shared / (len(small) + len(large) - shared)


@dataclass(frozen=True)
class TimeMatch:
    kind: str  # "overlap" | "unknown"
    day: str = ""  # the weekday name or the ISO date of the first overlapping pair
    a: str = ""  # "17:00–19:00"
    b: str = ""


@dataclass(frozen=True)
class Overlap:
    a: Entry
    b: Entry
    similarity: float
    municipalities: tuple[str, ...]
    languages: tuple[str, ...]
    target_groups: tuple[str, ...]
    time: TimeMatch

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def _hours(t: ServiceTime) -> str:
    return f"{t.starts_at:%H:%M}–{t.ends_at:%H:%M}"


def _same_day(x: ServiceTime, y: ServiceTime) -> str | None:
    if x.weekday is not None and y.weekday is not None:
        return str(WEEKDAYS[x.weekday]) if x.weekday == y.weekday else None
    if x.date is not None and y.date is not None:
        return x.date.isoformat() if x.date == y.date else None
    weekly, dated = (x, y) if x.weekday is not None else (y, x)
    assert dated.date is not None
    return dated.date.isoformat() if dated.date.weekday() == weekly.weekday else None


def match_times(xs: list[ServiceTime], ys: list[ServiceTime]) -> TimeMatch | None:
    """How the meeting times of two entries relate: None when both have times and none of
    them overlap; "unknown" when either has none."""
    if not xs or not ys:
        return TimeMatch("unknown")
    for x in xs:
        for y in ys:
            day = _same_day(x, y)
            if day and x.starts_at < y.ends_at and y.starts_at < x.ends_at:
                return TimeMatch("overlap", day, _hours(x), _hours(y))
    return None


def _periods_meet(a: Entry, b: Entry) -> bool:
    if a.ends_on and b.starts_on and a.ends_on < b.starts_on:
        return False
    return not (b.ends_on and a.starts_on and b.ends_on < a.starts_on)


def _shared_groups(a: Entry, b: Entry) -> tuple[str, ...]:
    ga, gb = set(a.target_groups), set(b.target_groups)
    everyone = TargetGroup.EVERYONE.value
    if everyone in ga and everyone in gb:
        return (everyone,)
    if everyone in ga:
        return tuple(g for g in b.target_groups)
    if everyone in gb:
        return tuple(g for g in a.target_groups)
    return tuple(g for g in a.target_groups if g in gb)


def _prefix(words: frozenset[str], df: dict[str, int]) -> list[str]:
    ordered = sorted(words, key=lambda w: (df[w], w))
    n = len(ordered)
    return ordered[: n - math.ceil(TEXT_MIN * n) + 1]


def document_frequencies(analysed: list[dict[str, frozenset[str]]]) -> dict[str, dict[str, int]]:
    df: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for by_lang in analysed:
        for lang, words in by_lang.items():
            for word in words:
                df[lang][word] += 1
    return df


def drop_frequent(
    analysed: list[dict[str, frozenset[str]]], df: dict[str, dict[str, int]]
) -> list[dict[str, frozenset[str]]]:
    """The term sets without the region's own stop words (see the module docstring)."""
    cap = max(FREQUENT_MIN, FREQUENT_SHARE * len(analysed))
    kept = []
    for by_lang in analysed:
        rest = {
            lang: frozenset(w for w in words if df[lang][w] <= cap)
            for lang, words in by_lang.items()
        }
        kept.append({lang: words for lang, words in rest.items() if words})
    return kept


def candidate_pairs(
    entries: list[Entry],
    analysed: list[dict[str, frozenset[str]]],
    codes: set[str],
    df: dict[str, dict[str, int]],
) -> set[tuple[int, int]]:
    """Index pairs (i < j) sharing category, municipality, language and a prefix term."""
    index: dict[tuple[str, str, str, str, str], list[int]] = defaultdict(list)
    for i, (entry, by_lang) in enumerate(zip(entries, analysed, strict=True)):
        places = entry.codes & codes
        for text_lang, words in by_lang.items():
            for word in _prefix(words, df[text_lang]):
                for code in places:
                    for lang in entry.languages:
                        index[(entry.category, code, lang, text_lang, word)].append(i)
    pairs: set[tuple[int, int]] = set()
    for posting in index.values():
        for x, i in enumerate(posting):
            for j in posting[x + 1 :]:
                pairs.add((i, j) if i < j else (j, i))
    return pairs


def _times_of(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[ServiceTime]]:
    found: dict[uuid.UUID, list[ServiceTime]] = defaultdict(list)
    for t in ServiceTime.objects.filter(service_id__in=list(ids)).order_by(
        "service_id", "weekday", "date", "starts_at"
    ):
        found[t.service_id].append(t)
    return found


def find_overlaps(entries: list[Entry], codes: set[str]) -> list[Overlap]:
    """The probable overlaps among `entries` in the municipalities `codes`, most similar
    first (one query for the meeting times of the candidates)."""
    every = [entry_terms(e) for e in entries]
    df = document_frequencies(every)
    analysed = drop_frequent(every, df)
    scored = []
    for i, j in candidate_pairs(entries, analysed, codes, df):
        a, b = entries[i], entries[j]
        if a.owner_id == b.owner_id or a.category != b.category or not _periods_meet(a, b):
            continue
        groups = _shared_groups(a, b)
        places = a.codes & b.codes & codes
        langs = tuple(lang for lang in a.languages if lang in b.languages)
        if not groups or not places or not langs:
            continue
        shared_text = set(analysed[i]) & set(analysed[j])
        similarity = max(
            (jaccard(analysed[i][lang], analysed[j][lang]) for lang in shared_text), default=0.0
        )
        if similarity >= TEXT_MIN:
            scored.append((a, b, similarity, tuple(sorted(places)), langs, groups))
    times = _times_of({e.id for pair in scored for e in pair[:2]})
    found = []
    for a, b, similarity, places_, langs, groups in scored:
        match = match_times(times.get(a.id, []), times.get(b.id, []))
        if match is None or (match.kind == "unknown" and similarity < TEXT_STRONG):
            continue
        found.append(Overlap(a, b, similarity, places_, langs, groups, match))
    found.sort(key=lambda o: (-o.similarity, str(o.a.id), str(o.b.id)))
    return found


def describe_time(match: TimeMatch) -> str:
    """The time criterion as a sentence for the table and the exports."""
    if match.kind == "unknown":
        return _("Times not given for both entries (similar text decides)")
    return _("Both meet on %(day)s: %(a)s and %(b)s") % {
        "day": match.day,
        "a": match.a,
        "b": match.b,
    }
