"""The search index of the tray: the derived rows of every entry, and their bulk writes.

`index_service` / `index_services` rewrite the derived rows of entries (`SearchTerm`: one row
per analysed term with its field-weighted term frequency; `ServiceFacet`: the filter values;
`Service.search_length`: the BM25 length). The terms come from the search's text analyser
(`analyser`); the writes are one binary COPY on PostgreSQL and prepared statements on SQLite
(docs/search.md, "Indexing"). Every write drops this process's BM25 statistics
(`statistics.forget`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import connection, transaction

from kotopolku.catalog.models import SearchTerm, Service, ServiceFacet
from kotopolku.catalog.search import analyser, statistics
from kotopolku.core.bulk import insert_rows

# The weight of each translated field in the term frequencies (name > summary > the rest);
# the provider's name counts as a field of its own.
FIELD_WEIGHTS = {
    "name": 3.0,
    "summary": 2.0,
    "description": 1.0,
    "how_to_join": 0.5,
    "what_to_bring": 0.5,
    "cost_text": 0.5,
    "schedule_text": 0.5,
}
OWNER_WEIGHT = 1.0
BATCH = 1000  # entries per indexing batch


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
    terms, length = analyser.document_terms(_fields_of(service))
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
    statistics.forget()
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
    statistics.forget()
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
    statistics.forget()
    _write_lengths(batch.changed)
    return len(batch.services)


def reindex_all() -> int:
    """Reindex every entry (after a change of the analysers); returns the count."""
    return index_services(Service.objects.order_by("pk").values_list("pk", flat=True))
