"""The tray's ranked search at scale, and the Finnish retrieval protocol (docs/search.md).

`kotopolku bench search --services N --json`:
1. migrate; refuse a database that already holds entries (unless --reuse with a bench data
   set of the same size);
2. the Finnish protocol (bench/finnish_protocol.py) on a catalogue holding only the 1,364
   dev sentences: recall@5 and MRR of sets A and B through `search()`; the entries are then
   deleted (with --reuse on a full database the protocol's entries are searched alone with
   `owner_ids`, and IDF and the average length come from the whole catalogue);
3. build N entries (default 50,000) with Finnish, Swedish and English texts: the Helsinki
   service register's records mixed with sentences of the TDT dev file, ~50 providers, the
   municipalities of `municipalities-2025.csv`, varied languages, target groups, categories,
   programme elements, statuses and schedules; insert them with COPY and index them with
   `index_services` (timed);
4. after `--warmup` queries, time `--requests` ranked queries (inflected Finnish, Swedish and
   English words, one or two words) each with random filters (municipality, language of
   service, target group, category, open now / upcoming), through `search()` in process;
5. print one JSON object: services, database, requests, p50_ms, p95_ms, index figures and
   the protocol's figures.
"""

from __future__ import annotations

import csv
import datetime
import json
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from bench import finnish_protocol

REPO = Path(__file__).resolve().parents[1]
HELSINKI = REPO / "bench" / "data" / "services" / "helsinki_tpr_errandservices.json"
MUNICIPALITIES = REPO / "kotopolku" / "orgs" / "data" / "municipalities-2025.csv"
SOURCE = "bench-search"
PROVIDERS = 50
LANGUAGES = ("fi", "sv", "en", "ar", "ru", "so", "fa", "uk", "ku", "ti", "et", "fr")
SEED = 5


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _helsinki() -> list[dict[str, dict[str, str]]]:
    records = []
    for record in json.loads(HELSINKI.read_text(encoding="utf-8")):
        texts: dict[str, dict[str, str]] = {"name": {}, "description": {}, "cost": {}}
        for lang in ("fi", "sv", "en"):
            part = record.get(lang) or {}
            for key, field in (("name", "name"), ("description", "description"), ("cost", "costs")):
                if part.get(field):
                    texts[key][lang] = str(part[field])
        if texts["name"]:
            records.append(texts)
    return records


def _municipalities() -> list[str]:
    with MUNICIPALITIES.open(encoding="utf-8") as rows:
        return [row["code"] for row in csv.DictReader(rows)]


def _owners() -> list[Any]:
    from kotopolku.orgs.models import Organisation

    kinds = list(Organisation.Kind)
    owners = []
    for i in range(PROVIDERS):
        owner, _ = Organisation.objects.get_or_create(
            slug=f"bench-search-{i}",
            defaults={"kind": kinds[i % len(kinds)], "name": {"fi": f"Palveluntuottaja {i}"}},
        )
        owners.append(owner)
    return owners


def build(services: int, log: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Insert `services` bench entries and their times, then index them; return timings."""
    from kotopolku.catalog.models import (
        ProgrammeElement,
        ScheduleKind,
        Service,
        ServiceTime,
        TargetGroup,
        TrayCategory,
    )
    from kotopolku.catalog.search.index import index_services
    from kotopolku.core.bulk import insert_objects

    rng = random.Random(SEED)
    records = _helsinki()
    sentences = [s.text for s in finnish_protocol.read_conllu()]
    codes = _municipalities()
    owners = _owners()
    today = timezone.localdate()
    statuses = [Service.Status.PUBLISHED] * 18 + [Service.Status.DRAFT, Service.Status.ARCHIVED]
    started = time.perf_counter()
    rows: list[Service] = []
    times: list[ServiceTime] = []
    for i in range(services):
        record = records[i % len(records)]
        if i % 3 == 2:  # a Finnish-only entry written from the treebank's sentences
            words = rng.choice(sentences).split()
            name = {"fi": " ".join(words[: rng.randint(2, 5)]).strip(".,:;!?")}
            description = {"fi": " ".join(rng.sample(sentences, 3))}
        else:
            name = dict(record["name"])
            description = dict(record["description"])
            description["fi"] = f"{description.get('fi', '')} {rng.choice(sentences)}".strip()
        kind = rng.choice(list(ScheduleKind))
        starts_on = today + datetime.timedelta(days=rng.randint(-200, 90)) if i % 4 == 0 else None
        ends_on = (
            starts_on + datetime.timedelta(days=rng.randint(0, 300))
            if starts_on is not None and i % 8 == 0
            else None
        )
        service = Service(
            owner=owners[i % len(owners)],
            source=SOURCE,
            external_id=str(i),
            name=name,
            summary={"fi": rng.choice(sentences)} if i % 2 else {},
            description=description,
            cost_text=dict(record["cost"]),
            programme_element=rng.choice(list(ProgrammeElement)),
            tray_category=rng.choice(list(TrayCategory)),
            target_groups=rng.sample(list(TargetGroup), rng.randint(1, 3)),
            languages=["fi", *rng.sample(LANGUAGES[1:], rng.randint(0, 3))],
            municipality_codes=rng.sample(codes, rng.choice((1, 1, 1, 2, 5))),
            schedule_kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            status=rng.choice(statuses),
        )
        rows.append(service)
        if kind in (ScheduleKind.RECURRING, ScheduleKind.DROP_IN):
            for weekday in rng.sample(range(7), rng.randint(1, 3)):
                hour = rng.randint(8, 17)
                times.append(
                    ServiceTime(
                        service=service,
                        weekday=weekday,
                        starts_at=datetime.time(hour),
                        ends_at=datetime.time(hour + rng.randint(1, 4)),
                    )
                )
        elif kind == ScheduleKind.ONE_OFF:
            hour = rng.randint(8, 18)
            times.append(
                ServiceTime(
                    service=service,
                    date=today + datetime.timedelta(days=rng.randint(-60, 90)),
                    starts_at=datetime.time(hour),
                    ends_at=datetime.time(hour + 2),
                )
            )
    for first in range(0, len(rows), 5000):
        insert_objects(Service, rows[first : first + 5000])
    insert_objects(ServiceTime, times)
    inserted = time.perf_counter() - started
    if log:
        log(f"inserted {services} entries in {inserted:.1f} s\n")
    started = time.perf_counter()
    index_services([s.pk for s in rows])
    indexed = time.perf_counter() - started
    if log:
        log(f"indexed {services} entries in {indexed:.1f} s\n")
    return {
        "insert_s": round(inserted, 2),
        "index_s": round(indexed, 2),
        "index_entries_per_s": round(services / indexed) if indexed else None,
    }


def queries(count: int) -> list[Any]:
    """`count` ranked queries with filters, the same for every run (seeded)."""
    from kotopolku.catalog.models import TargetGroup, TrayCategory
    from kotopolku.catalog.search.query import SearchQuery

    rng = random.Random(SEED + 1)
    sentences = finnish_protocol.read_conllu()
    finnish = [q.text for q in finnish_protocol.set_a(sentences)]
    finnish += [q.text for q in finnish_protocol.set_b(sentences)]
    other: dict[str, list[str]] = {"sv": [], "en": [], "fi": []}
    for record in _helsinki():
        for lang, name in record["name"].items():
            other[lang].extend(w.strip("(),.").lower() for w in name.split() if len(w) > 4)
    codes = _municipalities()
    found = []
    for _ in range(count):
        lang = rng.choice(("fi", "fi", "fi", "sv", "en"))
        pool = finnish + other["fi"] if lang == "fi" else other[lang]
        text = " ".join(rng.sample(pool, rng.choice((1, 1, 2))))
        found.append(
            SearchQuery(
                q=text,
                lang=lang,
                municipality=rng.choice(codes) if rng.random() < 0.5 else None,
                language=rng.choice(LANGUAGES) if rng.random() < 0.3 else None,
                target_group=rng.choice(list(TargetGroup)) if rng.random() < 0.2 else None,
                category=rng.choice(list(TrayCategory)) if rng.random() < 0.2 else None,
                when=rng.choice(("now", "upcoming")) if rng.random() < 0.15 else None,
            )
        )
    return found


def _protocol(reuse: bool, sentences: int | None) -> dict[str, Any]:
    from kotopolku.catalog.models import Service

    shared = reuse and Service.objects.exclude(source=finnish_protocol.SOURCE).exists()
    dev = finnish_protocol.read_conllu()
    figures = finnish_protocol.measure(sentences=dev[:sentences], alone=shared)
    figures["catalogue"] = "shared" if shared else "dev sentences only"
    return {f"protocol_{key}": value for key, value in figures.items()}


def run(
    *,
    services: int,
    requests: int,
    warmup: int,
    reuse: bool,
    log: Callable[[str], Any] | None = None,
    protocol_sentences: int | None = None,
    **_: Any,
) -> dict[str, Any]:
    """Run the benchmark; `protocol_sentences` (tests only) measures the protocol on the first
    sentences of the dev file instead of all of them."""
    from django.core.management import call_command
    from django.db import connection

    from kotopolku.catalog.models import SearchTerm, Service, ServiceFacet, ServiceTime
    from kotopolku.catalog.search.query import search

    call_command("migrate", interactive=False, verbosity=0)
    existing = Service.objects.count()
    bench_entries = Service.objects.filter(source=SOURCE).count()
    if existing and not (reuse and bench_entries == services == existing):
        raise SystemExit(
            f"the database has {existing} catalogue entries: the benchmark builds its data on "
            "an empty database (or pass --reuse to use a bench data set of the same size)"
        )
    figures: dict[str, Any] = {"services": services, "database": connection.vendor}
    figures.update(_protocol(reuse, protocol_sentences))
    if log:
        log(f"protocol: {figures}\n")
    if not existing:
        figures.update(build(services, log))
    if connection.vendor == "postgresql":
        # What autovacuum does after a load: statistics for the planner and the visibility
        # map for index-only scans of the term index.
        # (VACUUM cannot run in a transaction, as in the tests: ANALYZE alone there.)
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (Service, SearchTerm, ServiceFacet, ServiceTime):
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    found = queries(warmup + requests)
    now = datetime.datetime.now(datetime.UTC)
    for query in found[:warmup]:
        search(query, now=now)
    elapsed: list[float] = []
    counts: list[int] = []
    for query in found[warmup:]:
        started = time.perf_counter()
        page = search(query, now=now)
        elapsed.append((time.perf_counter() - started) * 1000)
        counts.append(page.count)
    figures.update(
        {
            "requests": requests,
            "p50_ms": round(statistics.median(elapsed), 2),
            "p95_ms": round(_percentile(elapsed, 0.95), 2),
            "max_ms": round(max(elapsed), 2),
            "median_matches": statistics.median(counts),
            "queries_with_results": sum(1 for c in counts if c),
        }
    )
    return figures
