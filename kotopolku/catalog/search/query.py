"""The tray's search queries: filters from the facet index, and free text ranked by BM25 in
SQL over the (term, entry) index, the same code on SQLite and PostgreSQL (docs/search.md).
The query's words go through the search's text analyser (`analyser`); N, avgdl and the terms'
IDF come from `statistics`.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, OuterRef, Q, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from kotopolku.catalog.models import ScheduleKind, SearchTerm, Service, ServiceFacet, ServiceTime
from kotopolku.catalog.search import analyser, statistics

# BM25 parameters (the protocol's baselines use the same).
K1 = 1.2
B = 0.75
# "upcoming": a date or start within this many days.
UPCOMING_DAYS = 30
HELSINKI = ZoneInfo("Europe/Helsinki")
LANG_CODE = re.compile(r"^[a-z]{2,3}(-x-[a-z]{2,8})?$")


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
    _total, avg = statistics.collection()
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
    if not analyser.words(query.q):
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
    factors = statistics.term_factors(analyser.query_terms(query.q, lang))
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


def timing(
    ids: list[uuid.UUID], now: datetime.datetime | None = None
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Of the entries `ids`: those open now and those starting soon (the `when` filters'
    "now" and "upcoming"), in two queries."""
    if not ids:
        return set(), set()
    now = now or timezone.now()
    chosen = Service.objects.filter(pk__in=ids)
    open_now = set(chosen.filter(_when("now", now)).values_list("pk", flat=True))
    soon = set(chosen.filter(_when("upcoming", now)).values_list("pk", flat=True))
    return open_now, soon
