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
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import (
    Avg,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
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


def _facets_of(service: Service) -> set[tuple[str, str]]:
    kinds = ServiceFacet.Kind
    found: set[tuple[str, str]] = set()
    for code in service.municipality_codes or []:
        found.add((kinds.MUNICIPALITY, str(code)))
    for code in service.languages or []:
        found.add((kinds.LANGUAGE, str(code).lower()))
    for group in service.target_groups or []:
        found.add((kinds.TARGET_GROUP, str(group)))
    if service.tray_category:
        found.add((kinds.CATEGORY, service.tray_category))
    if service.programme_element:
        found.add((kinds.ELEMENT, service.programme_element))
    return {(kind, value[:40]) for kind, value in found}


def _rows_of(service: Service) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    terms, length = analysis.document_terms(_fields_of(service))
    term_rows = [
        {"service_id": service.pk, "term": term, "weight": weight} for term, weight in terms.items()
    ]
    facet_rows = [
        {"service_id": service.pk, "kind": kind, "value": value}
        for kind, value in sorted(_facets_of(service))
    ]
    return term_rows, facet_rows, length


@transaction.atomic
def index_service(service: Service) -> None:
    """Rewrite the SearchTerm and ServiceFacet rows and search_length of one entry (any
    status). Called by the actions after every change of an entry."""
    term_rows, facet_rows, length = _rows_of(service)
    SearchTerm.objects.filter(service_id=service.pk).delete()
    ServiceFacet.objects.filter(service_id=service.pk).delete()
    insert_rows(SearchTerm, term_rows)
    insert_rows(ServiceFacet, facet_rows)
    _forget_statistics()
    Service.objects.filter(pk=service.pk).update(search_length=length)
    service.search_length = length


def index_services(service_ids: Iterable[uuid.UUID]) -> int:
    """(Re)index many entries in batches: old rows deleted and new ones inserted per batch
    (COPY on PostgreSQL). Returns the number of entries indexed."""
    ids = list(service_ids)
    done = 0
    for first in range(0, len(ids), BATCH):
        done += _index_batch(ids[first : first + BATCH])
    return done


@transaction.atomic
def _index_batch(ids: list[uuid.UUID]) -> int:
    services = list(
        Service.objects.filter(pk__in=ids)
        .select_related("owner")
        .only(
            *FIELD_WEIGHTS,
            "owner__name",
            "municipality_codes",
            "languages",
            "target_groups",
            "tray_category",
            "programme_element",
            "search_length",
        )
    )
    term_rows: list[dict[str, Any]] = []
    facet_rows: list[dict[str, Any]] = []
    changed: list[Service] = []
    for service in services:
        terms, facets, length = _rows_of(service)
        term_rows.extend(terms)
        facet_rows.extend(facets)
        if service.search_length != length:
            service.search_length = length
            changed.append(service)
    found = [s.pk for s in services]
    SearchTerm.objects.filter(service_id__in=found).delete()
    ServiceFacet.objects.filter(service_id__in=found).delete()
    insert_rows(SearchTerm, term_rows)
    insert_rows(ServiceFacet, facet_rows)
    _forget_statistics()
    if changed:
        Service.objects.bulk_update(changed, ["search_length"], batch_size=500)
    return len(services)


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


def _filters(query: SearchQuery, now: datetime.datetime) -> Q:
    """The filters of a query as a Q over Service."""
    q = Q(status__in=list(query.statuses))
    if query.owner_ids is not None:
        q &= Q(owner_id__in=list(query.owner_ids))
    if query.kind:
        q &= Q(kind=query.kind)
    kinds = ServiceFacet.Kind
    for kind, value in (
        (kinds.MUNICIPALITY, query.municipality),
        (kinds.LANGUAGE, query.language.lower() if query.language else None),
        (kinds.TARGET_GROUP, query.target_group),
        (kinds.CATEGORY, query.category),
        (kinds.ELEMENT, query.element),
    ):
        if value:
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

# N and the average length change slowly: they are kept for STATISTICS_TTL seconds per
# process, and dropped at once when this process indexes.
STATISTICS_TTL = 60.0
_statistics_memo: dict[str, tuple[float, int, float]] = {}


def _forget_statistics() -> None:
    _statistics_memo.clear()


def _statistics() -> tuple[int, float]:
    """The number of entries and their average length (BM25's N and avgdl)."""
    key = connection.settings_dict.get("NAME") or ""
    memo = _statistics_memo.get(str(key))
    if memo is not None and time.monotonic() - memo[0] < STATISTICS_TTL:
        return memo[1], memo[2]
    stats = Service.objects.aggregate(n=Count("pk"), avg=Avg("search_length"))
    total, avg = int(stats["n"] or 0), float(stats["avg"] or 0.0) or 1.0
    _statistics_memo[str(key)] = (time.monotonic(), total, avg)
    return total, avg


def _term_factors(terms: dict[str, float]) -> dict[str, float]:
    """query weight x IDF of each query term found in the index (document counts in SQL)."""
    counts = dict(
        SearchTerm.objects.filter(term__in=list(terms))
        .values_list("term")
        .annotate(n=Count("pk"))
        .values_list("term", "n")
    )
    if not counts:
        return {}
    total, _avg = _statistics()
    total = max(total, max(counts.values()))
    return {
        term: terms[term] * math.log(1 + (total - n + 0.5) / (n + 0.5))
        for term, n in counts.items()
    }


# --- Queries ------------------------------------------------------------------------------------


def _json_text(column: str, key: str) -> tuple[str, list[Any]]:
    if connection.vendor == "postgresql":
        return f"({column} ->> %s)", [key]
    return f"json_extract({column}, %s)", [f'$."{key}"']


def _ranked(
    factors: dict[str, float], where: tuple[str, list[Any]], lang: str, limit: int, offset: int
) -> tuple[int, list[tuple[uuid.UUID, float]]]:
    """(count, [(id, score)]) of the entries matching any term and the filters, best first.

    BM25: the sum over matched terms of factor x tf x (k1 + 1) / (tf + k1 x (1 - b + b x
    length / avgdl)), where factor = query weight x IDF and tf is the stored weight. One
    statement: the query terms as a VALUES table joined to the (term, service) index."""
    _total, avg = _statistics()
    quote = connection.ops.quote_name
    service = quote(Service._meta.db_table)
    names = [_json_text(f"{service}.{quote('name')}", lang)]
    if lang != "fi":
        names.append(_json_text(f"{service}.{quote('name')}", "fi"))
    name_sql = f"LOWER(COALESCE({', '.join(n for n, _p in names)}, ''))"
    values = ", ".join(["(CAST(%s AS TEXT), CAST(%s AS DOUBLE PRECISION))"] * len(factors))
    source = (
        f"WITH q(term, factor) AS (VALUES {values}) {{select}} "
        f"FROM {quote(SearchTerm._meta.db_table)} st "
        "JOIN q ON q.term = st.term "
        f"JOIN {service} ON {service}.{quote('id')} = st.service_id "
        f"WHERE {where[0]} "
    )
    term_params: list[Any] = [v for t, f in factors.items() for v in (t, f * (K1 + 1))]
    select = (
        "SELECT st.service_id, "
        f"SUM(q.factor * st.weight / (st.weight + %s + %s * {service}.{quote('search_length')})) "
        f"AS score, MAX({name_sql}) AS sort_name, COUNT(*) OVER () AS total"
    )
    sql = source.format(select=select) + (
        "GROUP BY st.service_id ORDER BY score DESC, sort_name, st.service_id LIMIT %s OFFSET %s"
    )
    params = [*term_params, K1 * (1 - B), K1 * B / avg, *(p for _n, ps in names for p in ps)]
    params += [*where[1], limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if rows:
            count = int(rows[0][3])
        elif offset:  # past the last page: count without one
            cursor.execute(
                source.format(select="SELECT COUNT(DISTINCT st.service_id)"),
                [*term_params, *where[1]],
            )
            count = int(cursor.fetchone()[0])
        else:
            count = 0
    return count, [(_uuid(row[0]), float(row[1])) for row in rows]


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
        count = services.count()
        page = list(
            services.select_related("owner").order_by(_name_order(lang), "pk")[
                offset : offset + limit
            ]
        )
        for service in page:
            service.score = 0.0  # type: ignore[attr-defined]
        return SearchPage(count=count, results=page)
    factors = _term_factors(analysis.query_terms(query.q, lang))
    if not factors:
        return SearchPage(count=0, results=[])
    where = services.query.get_compiler(connection=connection).compile(services.query.where)
    count, ranked = _ranked(factors, (where[0], list(where[1])), lang, limit, offset)
    found = Service.objects.select_related("owner").in_bulk([sid for sid, _s in ranked])
    results: list[Service] = []
    for sid, value in ranked:
        service = found[sid]
        service.score = value  # type: ignore[attr-defined]
        results.append(service)
    return SearchPage(count=count, results=results)


def services_matching(
    query: SearchQuery, now: datetime.datetime | None = None
) -> QuerySet[Service]:
    """All entries passing the query's filters (not the text), for callers needing a queryset."""
    return Service.objects.filter(_filters(query, now or timezone.now()))
