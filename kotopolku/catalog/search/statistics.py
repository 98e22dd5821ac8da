"""The BM25 statistics of the tray's search index: the number of entries and their average
length (N and avgdl), each term's document count, and the query terms' IDF factors (with the
pruning of common, weak terms), counted in SQL and kept in a short per-process memo.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from django.db import connection
from django.db.models import Avg, Count

from kotopolku.catalog.models import SearchTerm, Service

# N, the average length and the terms' document counts change slowly: they are kept for
# STATISTICS_TTL seconds per process (at most MEMO_TERMS terms), and dropped at once when
# this process indexes. A term found nowhere is not kept: an entry just indexed by another
# process is found at once.
STATISTICS_TTL = 60.0
MEMO_TERMS = 100_000
_statistics_memo: dict[str, tuple[float, int, float]] = {}
_counts_memo: dict[tuple[str, str], tuple[float, int]] = {}
# Limiting candidate terms: a query term found in more than PRUNE_SHARE of the entries whose
# largest possible contribution (query weight x IDF) is under PRUNE_RATIO of the query's
# strongest term is left out (it would read many rows and hardly change the first pages).
PRUNE_SHARE = 0.02
PRUNE_RATIO = 0.5


def forget() -> None:
    """Drop this process's memo (called by every write of the index)."""
    _statistics_memo.clear()
    _counts_memo.clear()


def _database() -> str:
    return str(connection.settings_dict.get("NAME") or "")


def collection() -> tuple[int, float]:
    """The number of entries and their average length (BM25's N and avgdl)."""
    memo = _statistics_memo.get(_database())
    if memo is not None and time.monotonic() - memo[0] < STATISTICS_TTL:
        return memo[1], memo[2]
    stats = Service.objects.aggregate(n=Count("pk"), avg=Avg("search_length"))
    total, avg = int(stats["n"] or 0), float(stats["avg"] or 0.0) or 1.0
    _statistics_memo[_database()] = (time.monotonic(), total, avg)
    return total, avg


def _document_counts(terms: Iterable[str]) -> dict[str, int]:
    """The number of entries holding each term (0 when none), counted in SQL."""
    database, now = _database(), time.monotonic()
    found: dict[str, int] = {}
    missing: list[str] = []
    for term in terms:
        memo = _counts_memo.get((database, term))
        if memo is not None and now - memo[0] < STATISTICS_TTL:
            found[term] = memo[1]
        else:
            missing.append(term)
    if missing:
        counted = dict(
            SearchTerm.objects.filter(term__in=missing)
            .values_list("term")
            .annotate(n=Count("*"))
            .values_list("term", "n")
        )
        if len(_counts_memo) > MEMO_TERMS:
            _counts_memo.clear()
        for term in missing:
            found[term] = counted.get(term, 0)
            if found[term]:  # an absent term is cheap to count, and may come any moment
                _counts_memo[(database, term)] = (now, found[term])
    return found


def term_factors(terms: dict[str, float]) -> dict[str, float]:
    """query weight x IDF of each query term found in the index, without the pruned ones."""
    counts = {t: n for t, n in _document_counts(terms).items() if n}
    if not counts:
        return {}
    total, _avg = collection()
    total = max(total, max(counts.values()))
    factors = {
        term: terms[term] * math.log(1 + (total - n + 0.5) / (n + 0.5))
        for term, n in counts.items()
    }
    strongest = max(factors.values())
    return {
        term: factor
        for term, factor in factors.items()
        if counts[term] <= PRUNE_SHARE * total or factor >= PRUNE_RATIO * strongest
    }
