"""Writing checked entries in batches: create, update or leave unchanged by source + external
id, with one change-log row per created or updated entry (old and new values)."""

from __future__ import annotations

import json
import os
import time as clock
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from time import perf_counter
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import change_row, diff, record_changes
from kotopolku.catalog.actions.extras import PLACE_FIELDS
from kotopolku.catalog.actions.validate import PLAIN_FIELDS
from kotopolku.catalog.exchange.common import Entry, PlaceData, TimeData
from kotopolku.catalog.models import (
    SOURCE_PLAIN_FIELDS,
    SOURCE_TEXT_FIELDS,
    TEXT_FIELDS,
    Place,
    Service,
    ServiceTime,
)
from kotopolku.catalog.search.index import IndexRows, index_services, prepare_new, write_new
from kotopolku.core.bulk import insert_rows
from kotopolku.orgs.models import Organisation

TEXTS = (*TEXT_FIELDS, *SOURCE_TEXT_FIELDS)
PLAINS = (*PLAIN_FIELDS, *SOURCE_PLAIN_FIELDS)


IMPORT_PLACE_FIELDS = (*PLACE_FIELDS, "country", "state_province")


def _place_values(place: PlaceData | Place) -> dict[str, Any]:
    if isinstance(place, PlaceData):
        return {
            **{f: getattr(place, f) for f in IMPORT_PLACE_FIELDS},
            "name": dict(place.name),
            "accessibility": dict(place.accessibility),
            "street_translations": dict(place.street_translations),
            "external_id": place.key,
        }
    return {
        f: getattr(place, f) for f in (*IMPORT_PLACE_FIELDS, "street_translations", "external_id")
    }


def _time_value(time: TimeData | ServiceTime) -> str:
    day = time.date.isoformat() if time.date else f"weekday {time.weekday}"
    valid = ""
    if time.valid_from or time.valid_to:
        valid = f" ({time.valid_from or ''}–{time.valid_to or ''})"
    return f"{day} {time.starts_at:%H:%M}-{time.ends_at:%H:%M}{valid}"


_last_id = (0, 0)  # (milliseconds, 74-bit counter) of the last new_service_id()


def new_service_id() -> uuid.UUID:
    """A time-ordered id for a new entry: UUID version 7 (RFC 9562), 48 bits of Unix time in
    milliseconds, then 74 random bits, increasing within the process (the same millisecond
    counts on from the last id). The search index's B-trees over (entry, term) and
    (term, entry) then grow at their ends while an import writes, instead of taking inserts
    at random places (docs/search.md, "Indexing")."""
    global _last_id
    millis = clock.time_ns() // 1_000_000
    last_millis, last_count = _last_id
    if millis <= last_millis:
        millis, count = last_millis, last_count + 1
    else:
        count = int.from_bytes(os.urandom(10), "big") >> 7  # 73 bits: room to count on
    _last_id = (millis, count)
    value = millis << 80 | 0x7 << 76 | (count >> 62) << 64 | 0x2 << 62 | (count & (2**62 - 1))
    return uuid.UUID(int=value)


def _sorted(values: Iterable[Any]) -> list[Any]:
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True, default=str))


def service_values(service: Service) -> dict[str, Any]:
    """The values the import compares and logs, of a stored entry (places, times prefetched)."""
    values: dict[str, Any] = {f: getattr(service, f) for f in (*TEXTS, *PLAINS)}
    values["owner"] = service.owner_id
    values["status"] = service.status
    values["places"] = _sorted(_place_values(p) for p in service.places.all())
    values["times"] = sorted(_time_value(t) for t in service.times.all())
    return values


def _merge(old: dict[str, str], new: dict[str, str], lang: str | None) -> dict[str, str]:
    """A single-language source replaces its language only; the others stay."""
    if lang is None:
        return dict(new)
    merged = {k: v for k, v in old.items() if k != lang}
    merged.update(new)
    return merged


def entry_values(entry: Entry, owner: Organisation, old: dict[str, Any] | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in TEXTS:
        previous = old[name] if old else {}
        values[name] = _merge(previous, entry.texts.get(name, {}), entry.single_language)
    for name in PLAINS:
        values[name] = getattr(entry, name)
    if old and entry.single_language:  # one language's keywords and link names
        keywords = {k: v for k, v in (old["keywords"] or {}).items() if k != entry.single_language}
        values["keywords"] = {**keywords, **entry.keywords}
    values["owner"] = owner.pk
    # a new entry is published (its source publishes it); an existing one keeps its status, so
    # that an entry its owner archived is not made public again by the next import
    values["status"] = old["status"] if old else Service.Status.PUBLISHED
    places = [_place_values(p) for p in entry.places]
    if old and entry.single_language:
        # The same place (by the source's id, else the same address among as many places):
        # keep the other languages' place names and notes.
        address = ("street_address", "postal_code", "post_office", "municipality_code")
        previous = old["places"]
        by_key = {p["external_id"]: p for p in previous if p.get("external_id")}
        by_address = (
            {tuple(p[a] for a in address): p for p in previous}
            if len(previous) == len(places)
            else {}
        )
        for place in places:
            match = by_key.get(place["external_id"]) if place["external_id"] else None
            keyed = match is not None
            match = match or by_address.get(tuple(place[a] for a in address))
            if keyed and match is not None:
                # the same location in another language: its street and post office in this
                # language are translations; the address stays the first import's
                lang = entry.single_language
                for name, translated in (("street_address", "street_translations"),):
                    if place[name] != match[name]:
                        place[translated] = {**place[translated], lang: place[name]}
                        place[name] = match[name]
                place["post_office"] = match["post_office"]
            if match is not None:
                for name in ("name", "accessibility", "street_translations"):
                    place[name] = _merge(match[name], place[name], entry.single_language)
    values["places"] = _sorted(places)
    values["times"] = sorted(_time_value(t) for t in entry.times)
    return values


def _event(service_id: Any, action: str, changes: dict[str, Any], reason: str) -> dict[str, Any]:
    """A change-log row of an entry, for the batch's bulk insert."""
    return change_row("service", service_id, action, changes, reason=reason)


class Writer:
    """Collects entries and writes them a batch at a time (inside the caller's transaction)."""

    def __init__(
        self,
        source: str,
        *,
        acting_user: Any,
        reason: str,
        batch_size: int = 1000,
        overwrite_local_edits: bool = False,
    ) -> None:
        self.source = source
        self.overwrite_local_edits = overwrite_local_edits
        # the external ids of entries changed here since their last import, kept as they are
        self.kept: list[str] = []
        self.acting_user = acting_user
        self.reason = reason
        self.batch_size = batch_size
        self.batch: list[tuple[Entry, Organisation]] = []
        self.created = self.updated = self.unchanged = 0
        self.index_seconds = 0.0  # time spent in the search index (reported by the bench)
        # The search rows of the last batch's new entries, written with the next batch (or by
        # `flush`), while a worker thread analyses that batch's entries.
        self.pending: IndexRows | None = None
        # places by the source's location id: (place id, values), shared by every entry at it
        self.place_ids: dict[str, tuple[Any, dict[str, Any]]] = {}

    def add(self, entry: Entry, owner: Organisation) -> None:
        self.batch.append((entry, owner))
        if len(self.batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the entries collected so far. Called by `add` with a full batch, whose new
        entries' search rows are then left pending (written with the next batch); any other
        call (the importer's, at the end) writes every pending row as well."""
        final = len(self.batch) < self.batch_size
        self._write()
        if final:
            started = perf_counter()
            self._write_pending()
            self.index_seconds += perf_counter() - started

    def _write_pending(self) -> None:
        if self.pending is not None:
            write_new(self.pending)
            self.pending = None

    def _write(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        existing = {
            s.external_id: s
            for s in Service.objects.filter(
                source=self.source, external_id__in=[e.external_id for e, _ in batch]
            ).prefetch_related(Prefetch("places"), Prefetch("times"))
        }
        now = timezone.now()
        user_id = getattr(self.acting_user, "pk", None)
        services: list[dict[str, Any]] = []
        places: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        times: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        fresh: list[Service] = []  # the new entries, for their search rows
        touched: list[Any] = []  # the updated entries that need reindexing
        agreed: list[Any] = []  # entries edited here that now equal their source again
        for entry, owner in batch:
            found = existing.get(entry.external_id)
            old = service_values(found) if found is not None else None
            new = entry_values(entry, owner, old)
            changes = diff(old or {}, new)
            if found is not None and not changes:
                self.unchanged += 1
                if found.edited_since_import:
                    agreed.append(found.pk)
                continue
            if found is not None and found.edited_since_import and not self.overwrite_local_edits:
                self.kept.append(entry.external_id)
                continue
            pk = found.pk if found is not None else new_service_id()
            if found is None:
                self.created += 1
                row = {
                    "id": pk,
                    "source": self.source,
                    "external_id": entry.external_id,
                    "owner_id": owner.pk,
                    "status": Service.Status.PUBLISHED,
                    "created_by_id": user_id,
                    "updated_by_id": user_id,
                    "published_at": now,
                    "published_by_id": user_id,
                    "reviewed_on": now.date(),
                    **{k: v for k, v in new.items() if k in (*TEXTS, *PLAINS)},
                }
                services.append(row)
                service = Service(**row)
                service.owner = owner
                fresh.append(service)
                events.append(_event(pk, ChangeEvent.Action.CREATE, changes, self.reason))
            else:
                self.updated += 1
                touched.append(pk)
                self._update(found, new, changes, now, user_id)
                events.append(_event(pk, ChangeEvent.Action.UPDATE, changes, self.reason))
                if "places" not in changes and "times" not in changes:
                    continue
            if found is None or "places" in changes:
                for values in new["places"]:
                    place_id = self._place(values, owner, places)
                    links.append({"service_id": pk, "place_id": place_id})
            if found is None or "times" in changes:
                for time in self._times(entry):
                    times.append({**time, "service_id": pk})
        # The new entries' search rows are made before the entries are inserted, so that
        # each goes in with its search_length; being new, they have no old rows to delete
        # (docs/search.md). A worker thread analyses them while the previous batch's rows
        # are written (mostly waiting for the database).
        started = perf_counter()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="catalog-import") as pool:
            analysed = pool.submit(prepare_new, fresh)
            self._write_pending()
            self.pending = analysed.result()
        for row, service in zip(services, fresh, strict=True):
            row["search_length"] = service.search_length
        self.index_seconds += perf_counter() - started
        if agreed:
            Service.objects.filter(pk__in=agreed).update(edited_since_import=False)
        insert_rows(Service, services)
        insert_rows(Place, places)
        insert_rows(Service.places.through, links)
        insert_rows(ServiceTime, times)
        record_changes(events)
        started = perf_counter()
        index_services(touched)
        self.index_seconds += perf_counter() - started

    def _place(
        self, values: dict[str, Any], owner: Organisation, rows: list[dict[str, Any]]
    ) -> Any:
        """The id of the place to link: a new one, or the one the source's location id names
        (created earlier in this import or by an earlier import), updated to `values`."""
        key = values.get("external_id") or ""
        known = self.place_ids.get(key) if key else None
        if key and known is None:
            existing = Place.objects.filter(source=self.source, external_id=key).first()
            if existing is not None:
                known = (existing.pk, _place_values(existing))
        if known is None:
            place_id = uuid.uuid4()
            row = {
                **values,
                "id": place_id,
                "owner_id": owner.pk,
                "source": self.source if key else "",
            }
            rows.append(row)
            if key:
                self.place_ids[key] = (place_id, values)
            return place_id
        place_id, stored = known
        if stored != values:
            pending = next((r for r in rows if r["id"] == place_id), None)
            if pending is not None:
                pending.update(values)
            else:
                Place.objects.filter(pk=place_id).update(**values)
        self.place_ids[key] = (place_id, values)
        return place_id

    def _times(self, entry: Entry) -> list[dict[str, Any]]:
        return [
            {
                "weekday": t.weekday,
                "date": t.date,
                "starts_at": t.starts_at,
                "ends_at": t.ends_at,
                "valid_from": t.valid_from,
                "valid_to": t.valid_to,
            }
            for t in dict.fromkeys(entry.times)
        ]

    def _update(
        self,
        found: Service,
        new: dict[str, Any],
        changes: dict[str, Any],
        now: Any,
        user_id: Any,
    ) -> None:
        fields = {name: new[name] for name in changes if name in (*TEXTS, *PLAINS, "status")}
        if "owner" in changes:
            fields["owner_id"] = new["owner"]
        if fields.get("status") == Service.Status.PUBLISHED:
            fields["published_at"] = now
            fields["published_by_id"] = user_id
        Service.objects.filter(pk=found.pk).update(
            **fields,
            edited_since_import=False,
            updated_at=now,
            updated_by_id=user_id,
            reviewed_on=now.date(),
        )
        if "places" in changes:
            old_ids = [p.pk for p in found.places.all()]
            found.places.clear()
            # a place with the source's location id stays (another entry may link it next)
            Place.objects.filter(pk__in=old_ids, services__isnull=True, external_id="").delete()
        if "times" in changes:
            ServiceTime.objects.filter(service=found).delete()
