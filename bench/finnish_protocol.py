"""The Finnish retrieval protocol of `bench/data/finnish/README.md` (copied from ../shared/benchdata), end to end.

Documents: each sentence of the UD_Finnish-TDT dev split becomes one catalogue entry whose
Finnish description is the sentence (no name, no other text: every entry is scored on the same
field, so the field weights do not matter here). The gold lemmas build the query sets and the
relevance judgements only; the analyser never sees them.

- Set A (inflection): every NOUN/PROPN/ADJ lemma found in 2 to 20 sentences in at least two
  different (lower-cased) word forms, in corpus order of first occurrence; one of its forms f
  is picked with `random.choice` (after `random.seed(1)`), in the order the forms first occur.
  Relevant: the sentences with the lemma that never contain f; the sentences containing f are
  removed from the ranking.
- Set B (compound heads): every NOUN/PROPN compound lemma (with `#`), in corpus order; the
  query is its last part, once per distinct part. Relevant: the sentences with a compound
  ending in that part and no token whose lemma is the part itself; the sentences with such a
  standalone token are removed from the ranking.
- recall@5 = |first five ∩ relevant| / min(5, |relevant|), averaged over the queries, and
  MRR (the first relevant entry's reciprocal rank among the fetched results, else 0).

`measure()` runs it through `catalog.search.query.search()` on the configured database.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "bench" / "data" / "finnish" / "fi_tdt-ud-dev.conllu"
SET_A_UPOS = frozenset({"NOUN", "PROPN", "ADJ"})
SET_B_UPOS = frozenset({"NOUN", "PROPN"})
FETCH = 50  # results fetched per query before the excluded sentences are removed
SOURCE = "protocol"  # Service.source of the protocol's entries


@dataclass(frozen=True)
class Token:
    form: str
    lemma: str
    upos: str


@dataclass(frozen=True)
class Sentence:
    sent_id: str
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Query:
    text: str
    relevant: frozenset[int]  # sentence indices
    excluded: frozenset[int] = field(default_factory=frozenset)


def read_conllu(path: Path = DEV) -> list[Sentence]:
    sentences: list[Sentence] = []
    sent_id, text = "", ""
    tokens: list[Token] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sent_id = line.split("= ", 1)[1]
            elif line.startswith("# text = "):
                text = line.split("= ", 1)[1]
            elif not line:
                if tokens:
                    sentences.append(Sentence(sent_id, text, tuple(tokens)))
                sent_id, text, tokens = "", "", []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue  # multiword ranges and empty nodes
                tokens.append(Token(cols[1], cols[2], cols[3]))
    if tokens:
        sentences.append(Sentence(sent_id, text, tuple(tokens)))
    return sentences


def set_a(sentences: Sequence[Sentence]) -> list[Query]:
    """Inflection queries (random.seed(1) first; see the module docstring)."""
    random.seed(1)
    where: dict[str, set[int]] = defaultdict(set)
    forms: dict[str, list[str]] = defaultdict(list)
    for index, sentence in enumerate(sentences):
        for token in sentence.tokens:
            if token.upos in SET_A_UPOS:
                where[token.lemma].add(index)
                form = token.form.lower()
                if form not in forms[token.lemma]:
                    forms[token.lemma].append(form)
    sentence_forms = [{t.form.lower() for t in s.tokens} for s in sentences]
    queries: list[Query] = []
    for lemma, found in where.items():  # dicts keep first-occurrence (corpus) order
        if not (2 <= len(found) <= 20 and len(forms[lemma]) >= 2):
            continue
        form = random.choice(forms[lemma])
        excluded = frozenset(i for i in found if form in sentence_forms[i])
        relevant = frozenset(found) - excluded
        if relevant:
            queries.append(Query(form, relevant, excluded))
    return queries


def set_b(sentences: Sequence[Sentence]) -> list[Query]:
    """Compound-head queries (see the module docstring)."""
    heads: dict[str, set[int]] = defaultdict(set)
    for index, sentence in enumerate(sentences):
        for token in sentence.tokens:
            if token.upos in SET_B_UPOS and "#" in token.lemma:
                head = token.lemma.rsplit("#", 1)[1].lower()
                if head:
                    heads[head].add(index)
    standalone: dict[str, set[int]] = defaultdict(set)
    for index, sentence in enumerate(sentences):
        for token in sentence.tokens:
            if "#" not in token.lemma:
                standalone[token.lemma.lower()].add(index)
    queries: list[Query] = []
    for head, found in heads.items():
        excluded = frozenset(standalone.get(head, set()))
        relevant = frozenset(found) - excluded
        if relevant:
            queries.append(Query(head, relevant, excluded))
    return queries


def score(queries: Sequence[Query], rank: Callable[[str], Sequence[int]]) -> dict[str, float]:
    """recall@5 and MRR of a ranking function (query text → sentence indices, best first)."""
    recall = reciprocal = 0.0
    for query in queries:
        ranking = [i for i in rank(query.text) if i not in query.excluded]
        top = ranking[:5]
        recall += len(set(top) & query.relevant) / min(5, len(query.relevant))
        for position, index in enumerate(ranking, start=1):
            if index in query.relevant:
                reciprocal += 1 / position
                break
    n = len(queries) or 1
    return {"recall_at_5": round(recall / n, 4), "mrr": round(reciprocal / n, 4)}


# --- End to end through the catalogue ------------------------------------------------------------


def load_catalogue(sentences: Iterable[Sentence]) -> dict[uuid.UUID, int]:
    """Create one published entry per sentence (Finnish description only) and index them
    with `index_services`. Returns entry id → sentence index."""
    from kotopolku.catalog.models import Service
    from kotopolku.catalog.search.index import index_services
    from kotopolku.core.bulk import insert_objects
    from kotopolku.orgs.models import Organisation

    owner, _ = Organisation.objects.get_or_create(
        slug="protocol-owner",
        defaults={"kind": Organisation.Kind.NGO, "name": {"en": "Protocol"}},
    )
    services: list[Service] = []
    ids: dict[uuid.UUID, int] = {}
    for index, sentence in enumerate(sentences):
        service = Service(
            owner=owner,
            source=SOURCE,
            external_id=sentence.sent_id or str(index),
            name={},
            description={"fi": sentence.text},
            status=Service.Status.PUBLISHED,
        )
        services.append(service)
        ids[service.pk] = index
    insert_objects(Service, services)
    index_services(list(ids))
    return ids


def measure(
    *, sentences: Sequence[Sentence] | None = None, keep: bool = False, alone: bool = False
) -> dict[str, Any]:
    """Build the catalogue of the dev sentences, run sets A and B through `search()` and
    return their figures. The entries are deleted afterwards unless `keep`. With `alone`
    (a database holding other entries too) the queries are limited to the protocol's
    provider with `owner_ids`; IDF and the average length then come from every entry."""
    from kotopolku.catalog.models import SearchTerm, Service, ServiceFacet
    from kotopolku.catalog.search import analyser
    from kotopolku.catalog.search.query import SearchQuery, search

    sentences = list(sentences) if sentences is not None else read_conllu()
    queries = {"a": set_a(sentences), "b": set_b(sentences)}
    started = time.perf_counter()
    ids = load_catalogue(sentences)
    indexed = time.perf_counter() - started
    owners = (Service.objects.get(pk=next(iter(ids))).owner_id,) if alone and ids else None

    def rank(text: str) -> list[int]:
        page = search(SearchQuery(q=text, owner_ids=owners), limit=FETCH)
        return [ids[s.pk] for s in page.results if s.pk in ids]

    figures: dict[str, Any] = {
        "voikko": analyser.voikko_available(),
        "sentences": len(sentences),
        "index_s": round(indexed, 2),
    }
    started = time.perf_counter()
    for name, found in queries.items():
        result = score(found, rank)
        figures[f"set_{name}_queries"] = len(found)
        figures[f"set_{name}_recall_at_5"] = result["recall_at_5"]
        figures[f"set_{name}_mrr"] = result["mrr"]
    figures["query_s"] = round(time.perf_counter() - started, 2)
    if not keep:
        entries = Service.objects.filter(source=SOURCE)
        SearchTerm.objects.filter(service__in=entries).delete()
        ServiceFacet.objects.filter(service__in=entries).delete()
        entries.delete()
    return figures
