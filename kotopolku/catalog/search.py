"""The tray's search: the term index, the filter facets and ranked queries (docs/search.md).

`index_service` / `index_services` rewrite the derived rows of entries (`SearchTerm`: one row
per analysed term with its field-weighted term frequency; `ServiceFacet`: the filter values;
`Service.search_length`: the BM25 length). `search` ranks with BM25 aggregated in SQL over
the (term, service) index, the same code on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime
import math
import re
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import (
    Avg,
    Count,
    Exists,
    OuterRef,
    Q,
    TextField,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from kotopolku.catalog import analysis
from kotopolku.catalog.models import ScheduleKind, SearchTerm, Service, ServiceFacet, ServiceTime
from kotopolku.core.bulk import insert_rows

# BM25 parameters (the protocol's baselines use the same).
K1 = 1.2
B = 0.75
# The weight of each translated field in the term frequencies (name > summary > the rest);
# the provider's name counts as a field of its own.
FIELD_WEIGHTS = {
    "name": 3.0,
    "summary": 2.0,
    "description": 1.0,
    "how_to_join": 0.5,
    "cost_text": 0.5,
    "schedule_text": 0.5,
}
OWNER_WEIGHT = 1.0
# "upcoming": a date or start within this many days.
UPCOMING_DAYS = 30
HELSINKI = ZoneInfo("Europe/Helsinki")
BATCH = 1000  # entries per indexing batch
LANG_CODE = re.compile(r"^[a-z]{2,3}(-x-[a-z]{2,8})?$")


# --- Indexing -----------------------------------------------------------------------------------


def _fields_of(service: Service) -> list[tuple[dict[str, str], float]]:
    fields: list[tuple[dict[str, str], float]] = [
        (getattr(service, name) or {}, weight) for name, weight in FIELD_WEIGHTS.items()
    ]
    owner = getattr(service, "owner", None)
    if owner is not None and isinstance(owner.name, dict):
        fields.append((owner.name, OWNER_WEIGHT))
    return fields


# The facet kinds as plain strings (hashing an enum member runs Python code, per facet).
_KIND = {kind.name: str(kind.value) for kind in ServiceFacet.Kind}


def _facets_of(service: Service) -> set[tuple[str, str]]:
    kinds = _KIND
    found: set[tuple[str, str]] = set()
    for code in service.municipality_codes or []:
        found.add((kinds["MUNICIPALITY"], str(code)))
    for code in service.languages or []:
        found.add((kinds["LANGUAGE"], str(code).lower()))
    for group in service.target_groups or []:
        found.add((kinds["TARGET_GROUP"], str(group)))
    if service.tray_category:
        found.add((kinds["CATEGORY"], str(service.tray_category)))
    if service.programme_element:
        found.add((kinds["ELEMENT"], str(service.programme_element)))
    found.add((kinds["STATUS"], str(service.status)))
    found.add((kinds["KIND"], str(service.kind)))
    found.add((kinds["OWNER"], str(service.owner_id)))
    return {(kind, value[:40]) for kind, value in found}


TermRow = tuple[uuid.UUID, str, float, int]  # service id, term, weight, length


def _rows_of(service: Service) -> tuple[list[TermRow], list[dict[str, Any]], int]:
    terms, length = analysis.document_terms(_fields_of(service))
    pk = service.pk
    term_rows = [(pk, term, weight, length) for term, weight in terms.items()]
    facet_rows = [
        {"service_id": pk, "kind": kind, "value": value}
        for kind, value in sorted(_facets_of(service))
    ]
    return term_rows, facet_rows, length


def _write_terms(rows: list[TermRow]) -> None:
    """Insert term rows (one binary COPY on PostgreSQL, one prepared INSERT run for every row
    on SQLite) in (term, entry) order: a stable sort by term of rows grouped by entry in id
    order, so that the B-trees take them in order (docs/search.md, "Indexing")."""
    if not rows:
        return
    rows.sort(key=itemgetter(1))
    quote = connection.ops.quote_name
    table = quote(SearchTerm._meta.db_table)
    columns = ", ".join(quote(c) for c in ("service_id", "term", "weight", "length"))
    if connection.vendor == "postgresql":
        # Dumped by psycopg's C code: a third of the time of formatting text in Python.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(["uuid", "varchar", "float8", "int4"])
            for row in rows:
                copy.write_row(row)
        return
    if connection.vendor != "sqlite":
        SearchTerm.objects.bulk_create(
            [SearchTerm(service_id=r[0], term=r[1], weight=r[2], length=r[3]) for r in rows],
            batch_size=5000,
        )
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [(sid.hex, term, weight, length) for sid, term, weight, length in rows],
        )


def _write_lengths(services: list[Service]) -> None:
    """Store search_length: UPDATE … FROM (VALUES …) on PostgreSQL, executemany on SQLite."""
    if not services:
        return
    if connection.vendor not in ("postgresql", "sqlite"):
        Service.objects.bulk_update(services, ["search_length"], batch_size=500)
        return
    quote = connection.ops.quote_name
    table, length, key = map(quote, (Service._meta.db_table, "search_length", "id"))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                f"UPDATE {table} SET {length} = %s WHERE {key} = %s",  # noqa: S608
                [(s.search_length, s.pk.hex) for s in services],
            )
            return
        for first in range(0, len(services), 5000):
            part = services[first : first + 5000]
            cursor.execute(
                f"UPDATE {table} AS s SET {length} = v.n FROM (VALUES "  # noqa: S608
                + ", ".join(["(%s::uuid, %s::integer)"] * len(part))
                + f") AS v(id, n) WHERE s.{key} = v.id",
                [value for s in part for value in (s.pk, s.search_length)],
            )


@transaction.atomic
def index_service(service: Service) -> None:
    """Rewrite the SearchTerm and ServiceFacet rows and search_length of one entry (any
    status). Called by the actions after every change of an entry."""
    term_rows, facet_rows, length = _rows_of(service)
    SearchTerm.objects.filter(service_id=service.pk).delete()
    ServiceFacet.objects.filter(service_id=service.pk).delete()
    _write_terms(term_rows)
    insert_rows(ServiceFacet, facet_rows)
    _forget_statistics()
    Service.objects.filter(pk=service.pk).update(search_length=length)
    service.search_length = length


def index_services(service_ids: Iterable[uuid.UUID]) -> int:
    """(Re)index many entries in batches of BATCH: per batch, old rows deleted and new ones
    inserted in one transaction (COPY on PostgreSQL). The next batch is analysed in a worker
    thread while this one is written (the analysis is Python, the writing mostly waits for
    the database). Returns the number of entries indexed."""
    ids = list(service_ids)
    batches = [ids[first : first + BATCH] for first in range(0, len(ids), BATCH)]
    if not batches:
        return 0
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="catalog-index") as pool:
        pending = pool.submit(_prepare, _fetch(batches[0]))
        for following in [*batches[1:], None]:
            prepared = pending.result()
            if following is not None:
                pending = pool.submit(_prepare, _fetch(following))
            done += _write_batch(prepared)
    return done


@dataclass
class IndexRows:  # the derived rows of a batch of entries
    services: list[Service]
    terms: list[TermRow]
    facets: list[dict[str, Any]]
    changed: list[Service]


def prepare_new(services: list[Service]) -> IndexRows:
    """The derived rows of entries not yet stored (the import's new ones, `owner` set); sets
    their `search_length` (inserted with the entry). Written by `write_new` after the insert."""
    return _prepare(services)


@transaction.atomic
def write_new(rows: IndexRows) -> int:
    """Insert the rows of `prepare_new` (entries created in this transaction: no old rows)."""
    _write_terms(rows.terms)
    insert_rows(ServiceFacet, rows.facets)
    _forget_statistics()
    return len(rows.services)


def _fetch(ids: list[uuid.UUID]) -> list[Service]:
    return list(
        Service.objects.filter(pk__in=ids)
        .select_related("owner")
        .order_by("pk")
        .only(
            *FIELD_WEIGHTS,
            "owner__name",
            "municipality_codes",
            "languages",
            "target_groups",
            "tray_category",
            "programme_element",
            "status",
            "kind",
            "search_length",
        )
    )


def _prepare(services: list[Service]) -> IndexRows:
    """The rows of a batch (no database access: runs in the worker thread)."""
    batch = IndexRows(services, [], [], [])
    for service in services:
        terms, facets, length = _rows_of(service)
        batch.terms.extend(terms)
        batch.facets.extend(facets)
        if service.search_length != length:
            service.search_length = length
            batch.changed.append(service)
    return batch


@transaction.atomic
def _write_batch(batch: IndexRows) -> int:
    found = [s.pk for s in batch.services]
    SearchTerm.objects.filter(service_id__in=found).delete()
    ServiceFacet.objects.filter(service_id__in=found).delete()
    _write_terms(batch.terms)
    insert_rows(ServiceFacet, batch.facets)
    _forget_statistics()
    _write_lengths(batch.changed)
    return len(batch.services)


def reindex_all() -> int:
    """Reindex every entry (after a change of the analysers); returns the count."""
    return index_services(Service.objects.order_by("pk").values_list("pk", flat=True))


# --- Queries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    lang: str | None = None  # UI / result language; also a hint for analysing q
    municipality: str | None = None  # 3-digit code
    language: str | None = None  # language of service, e.g. "ar"
    target_group: str | None = None  # catalog.models.TargetGroup value
    category: str | None = None  # catalog.models.TrayCategory value
    element: str | None = None  # catalog.models.ProgrammeElement value
    when: str | None = None  # None, "now" (open now) or "upcoming"
    statuses: tuple[str, ...] = ("published",)
    owner_ids: tuple[uuid.UUID, ...] | None = None
    kind: str | None = None  # Service.Kind value


@dataclass
class SearchPage:
    count: int
    results: list[Service]  # each with a `.score: float` attribute (0.0 without q)


def _lang(query: SearchQuery) -> str:
    lang = (query.lang or "fi").lower()
    return lang if LANG_CODE.match(lang) else "fi"


def _chosen_facets(query: SearchQuery) -> list[tuple[str, str]]:
    """The query's single-value filters that the facet index answers, as (kind, value)."""
    kinds = ServiceFacet.Kind
    chosen = (
        (kinds.MUNICIPALITY, query.municipality),
        (kinds.LANGUAGE, query.language.lower() if query.language else None),
        (kinds.TARGET_GROUP, query.target_group),
        (kinds.CATEGORY, query.category),
        (kinds.ELEMENT, query.element),
    )
    return [(kind, value) for kind, value in chosen if value]


def _filters(query: SearchQuery, now: datetime.datetime) -> Q:
    """The filters of a query as a Q over Service."""
    q = Q(status__in=list(query.statuses))
    if query.owner_ids is not None:
        q &= Q(owner_id__in=list(query.owner_ids))
    if query.kind:
        q &= Q(kind=query.kind)
    for kind, value in _chosen_facets(query):
        facet = ServiceFacet.objects.filter(service_id=OuterRef("pk"), kind=kind, value=value)
        q &= Q(Exists(facet))
    if query.when:
        q &= _when(query.when, now)
    return q


def _when(when: str, now: datetime.datetime) -> Q:
    """ "now": a time today (weekly on this weekday, or on this date) running at this moment
    in Helsinki, within starts_on..ends_on. "upcoming": a dated time or a start within
    UPCOMING_DAYS from today, or a recurring entry that has not ended."""
    local = now.astimezone(HELSINKI)
    today = local.date()
    if when == "now":
        moment = local.time().replace(tzinfo=None)
        times = ServiceTime.objects.filter(
            service_id=OuterRef("pk"), starts_at__lte=moment, ends_at__gt=moment
        ).filter(Q(date=today) | Q(date__isnull=True, weekday=today.weekday()))
        return (
            Q(Exists(times))
            & (Q(starts_on__isnull=True) | Q(starts_on__lte=today))
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        )
    if when == "upcoming":
        horizon = today + datetime.timedelta(days=UPCOMING_DAYS)
        dated = ServiceTime.objects.filter(
            service_id=OuterRef("pk"), date__gte=today, date__lte=horizon
        )
        return (
            Q(Exists(dated))
            | Q(starts_on__gte=today, starts_on__lte=horizon)
            | (
                Q(schedule_kind=ScheduleKind.RECURRING)
                & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            )
        )
    raise ValueError(f"when: {when!r} is not 'now' or 'upcoming'")


def _name_order(lang: str) -> Any:
    names = [KeyTextTransform(lang, "name")]
    if lang != "fi":
        names.append(KeyTextTransform("fi", "name"))
    return Lower(Coalesce(*names, Value(""), output_field=TextField()))


# --- BM25 statistics ------------------------------------------------------------------------------

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


def _forget_statistics() -> None:
    _statistics_memo.clear()
    _counts_memo.clear()


def _database() -> str:
    return str(connection.settings_dict.get("NAME") or "")


def _statistics() -> tuple[int, float]:
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


def _term_factors(terms: dict[str, float]) -> dict[str, float]:
    """query weight x IDF of each query term found in the index, without the pruned ones."""
    counts = {t: n for t, n in _document_counts(terms).items() if n}
    if not counts:
        return {}
    total, _avg = _statistics()
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


# --- Queries ------------------------------------------------------------------------------------


def _json_text(column: str, key: str) -> tuple[str, list[Any]]:
    if connection.vendor == "postgresql":
        return f"({column} ->> %s)", [key]
    return f"json_extract({column}, %s)", [f'$."{key}"']


def _facet_conditions(
    query: SearchQuery, now: datetime.datetime, sid: str
) -> tuple[list[str], list[Any]]:
    """The query's filters as SQL conditions on the entry id `sid`, from the facet index (and
    for "when", from the entry's row and times)."""
    quote = connection.ops.quote_name
    facet = quote(ServiceFacet._meta.db_table)
    kinds = ServiceFacet.Kind
    wanted: list[tuple[str, list[str]]] = [(str(kinds.STATUS), list(query.statuses))]
    if query.owner_ids is not None:
        wanted.append((str(kinds.OWNER), [str(owner) for owner in query.owner_ids]))
    if query.kind:
        wanted.append((str(kinds.KIND), [query.kind]))
    wanted.extend((str(kind), [value]) for kind, value in _chosen_facets(query))
    conditions: list[str] = []
    params: list[Any] = []
    for facet_kind, values in wanted:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {facet} f WHERE f.service_id = {sid} AND f.kind = %s "  # noqa: S608
            f"AND f.value IN ({', '.join(['%s'] * len(values))}))"
        )
        params += [facet_kind, *values]
    if query.when:
        timed = Service.objects.filter(_when(query.when, now))
        sql, when_params = timed.query.get_compiler(connection=connection).compile(
            timed.query.where
        )
        service = quote(Service._meta.db_table)
        conditions.append(
            f"EXISTS (SELECT 1 FROM {service} WHERE {service}.{quote('id')} = {sid} AND {sql})"  # noqa: S608
        )
        params += list(when_params)
    return conditions, params


def _ranked(
    query: SearchQuery,
    factors: dict[str, float],
    where: tuple[str, list[Any]],
    now: datetime.datetime,
    limit: int,
    offset: int,
) -> tuple[int, list[tuple[uuid.UUID, float]]]:
    """(count, [(id, score)]) of the entries matching any term and the filters, best first.

    BM25: the sum over matched terms of factor x tf x (k1 + 1) / (tf + k1 x (1 - b + b x
    length / avgdl)), where factor = query weight x IDF and tf is the stored weight.

    One statement: (1) the scores are summed from the term table alone, an index-only scan
    of the (term, service, weight, length) index for the listed terms; (2) the scored
    entries are filtered by the facet index and counted; (3) only the entries scoring at
    least the page's last score are read, checked against their own columns (`where`) and
    ordered by score, name in the language and id, so ties at the page's edge keep order."""
    _total, avg = _statistics()
    quote = connection.ops.quote_name
    service = quote(Service._meta.db_table)
    lang = _lang(query)
    names = [_json_text(f"{service}.{quote('name')}", lang)]
    if lang != "fi":
        names.append(_json_text(f"{service}.{quote('name')}", "fi"))
    name_sql = f"LOWER(COALESCE({', '.join(n for n, _p in names)}, ''))"
    case = " ".join(["WHEN %s THEN CAST(%s AS DOUBLE PRECISION)"] * len(factors))
    conditions, condition_params = _facet_conditions(query, now, "scored.sid")
    sql = (
        "WITH scored AS (SELECT st.service_id AS sid, "  # noqa: S608 (names from the models)
        f"SUM((CASE st.term {case} ELSE 0 END) * st.weight "
        "/ (st.weight + %s + %s * st.length)) AS score "
        f"FROM {quote(SearchTerm._meta.db_table)} st "
        f"WHERE st.term IN ({', '.join(['%s'] * len(factors))}) GROUP BY st.service_id), "
        "filtered AS (SELECT scored.sid, scored.score, COUNT(*) OVER () AS total "
        f"FROM scored WHERE {' AND '.join(conditions)}), "
        "edge AS (SELECT score FROM filtered ORDER BY score DESC LIMIT 1 OFFSET %s) "
        f"SELECT filtered.sid, filtered.score, {name_sql} AS sort_name, filtered.total "
        f"FROM filtered JOIN {service} ON {service}.{quote('id')} = filtered.sid "
        "WHERE filtered.score >= COALESCE((SELECT score FROM edge), -1) "
        f"AND {where[0]} "
        "ORDER BY filtered.score DESC, sort_name, filtered.sid LIMIT %s OFFSET %s"
    )
    params: list[Any] = [v for t, f in factors.items() for v in (t, f * (K1 + 1))]
    params += [K1 * (1 - B), K1 * B / avg, *factors, *condition_params, offset + limit - 1]
    params += [*(p for _n, ps in names for p in ps), *where[1], limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows and offset:  # past the last page: the count from the first one
        return _ranked(query, factors, where, now, 1, 0)[0], []
    return (int(rows[0][3]) if rows else 0), [(_uuid(row[0]), float(row[1])) for row in rows]


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def search(
    query: SearchQuery, *, limit: int = 20, offset: int = 0, now: datetime.datetime | None = None
) -> SearchPage:
    """Entries matching the query's filters; with `q` ranked by BM25 (entries matching no term
    are left out), without `q` ordered by name in the query's language (fallback fi), then id."""
    now = now or timezone.now()
    lang = _lang(query)
    services = Service.objects.filter(_filters(query, now))
    if not analysis.words(query.q):
        offset, limit = max(offset, 0), max(limit, 0)
        count = services.count()
        page = list(
            services.select_related("owner").order_by(_name_order(lang), "pk")[
                offset : offset + limit
            ]
        )
        for service in page:
            service.score = 0.0  # type: ignore[attr-defined]
        return SearchPage(count=count, results=page)
    if not query.statuses or (query.owner_ids is not None and not query.owner_ids):
        return SearchPage(count=0, results=[])
    factors = _term_factors(analysis.query_terms(query.q, lang))
    if not factors:
        return SearchPage(count=0, results=[])
    where = services.query.get_compiler(connection=connection).compile(services.query.where)
    count, ranked = _ranked(
        query, factors, (where[0], list(where[1])), now, max(limit, 1), max(offset, 0)
    )
    if limit < 1:
        return SearchPage(count=count, results=[])
    found = Service.objects.select_related("owner").in_bulk([sid for sid, _s in ranked])
    results: list[Service] = []
    for sid, value in ranked:
        entry = found.get(sid)
        if entry is not None:  # (deleted since it was ranked)
            entry.score = value  # type: ignore[attr-defined]
            results.append(entry)
    return SearchPage(count=count, results=results)
