"""The only writers of the audit tables.

`record_read` queues access events in the acting context; the audit middleware writes the
queue in one bulk insert per request (`flush_reads`). `record_change` writes a change event
at once, inside the caller's transaction, so the change and its log row commit together.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kotopolku.audit import context
from kotopolku.audit.models import AccessEvent, ChangeEvent


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        # one instant is one value, whatever zone it was given in
        return (value.astimezone(datetime.UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Return `{field: [old, new]}` for every field whose value differs."""
    changes: dict[str, list[Any]] = {}
    for key in sorted(set(old) | set(new)):
        before, after = jsonable(old.get(key)), jsonable(new.get(key))
        if before != after:
            changes[key] = [before, after]
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the JSON-ready values of `fields` on `instance` (FKs as ids)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            # A related object may name itself for the log (a municipality by its code).
            related_id = getattr(instance, field.attname)
            related = getattr(instance, name) if related_id is not None else None
            values[name] = jsonable(getattr(related, "audit_value", related_id))
        else:
            values[name] = jsonable(getattr(instance, name))
    return values


# --- Identifiers in the change log -------------------------------------------------------------
#
# The change log is append-only: a value written there cannot be corrected or removed before
# its retention time. Identity codes (the henkilötunnus and the other fields an app marks as
# identifiers) are therefore written masked, with a keyed hash (HMAC-SHA-256, key derived from
# SECRET_KEY) so that "was it changed, and back to what it was" stays answerable without the
# code. Rows written before this rule are left as they are (append-only); see docs/architecture.md.

_IDENTIFIERS: set[str] = set()
_HMAC_SALT = "kotopolku.audit.identifier"


def mark_identifiers(*names: str) -> None:
    """Mark field names whose values the change log keeps masked (apps call this in ready())."""
    _IDENTIFIERS.update(names)


def identifier_fields() -> frozenset[str]:
    return frozenset(_IDENTIFIERS)


def identifier_hash(value: str) -> str:
    """The keyed hash of an identifier: equal codes give equal hashes, for this installation's
    secret key only."""
    return salted_hmac(_HMAC_SALT, value, algorithm="sha256").hexdigest()[:32]


def _visible_part(value: str) -> str:
    # A henkilötunnus shows its date, century sign and first digit (010190-9…), which the
    # record shows as the date of birth anyway; other identifiers their first two characters.
    if len(value) == 11 and value[6] in "+-ABCDEFUVWXY":
        return value[:8]
    return value[:2] if len(value) > 4 else ""


def mask_identifier(value: Any) -> Any:
    """`{"masked": "010190-9…", "hash": "<hmac>"}` for a code; None and "" stay as they are."""
    if value in (None, "") or (isinstance(value, dict) and "hash" in value):
        return value
    text = str(value)
    return {"masked": f"{_visible_part(text)}…", "hash": identifier_hash(text)}


def mask_identifiers(changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` with the values of identifier fields masked."""
    masked: dict[str, Any] = {}
    for name, values in changes.items():
        if name in _IDENTIFIERS and isinstance(values, list | tuple) and len(values) == 2:
            masked[name] = [mask_identifier(values[0]), mask_identifier(values[1])]
        else:
            masked[name] = values
    return masked


def _context_fields(ctx: context.ActingContext) -> dict[str, Any]:
    unit = ctx.unit
    return {
        "request_id": ctx.request_id,
        "actor_id": ctx.user_id,
        "actor_username": ctx.username,
        "role": ctx.role,
        "unit_id": unit.pk if unit is not None else None,
        "organisation_id": unit.organisation_id if unit is not None else None,
        "view": ctx.view[:120],
        "ip": ctx.ip,
    }


def record_read(
    subject_type: str,
    subject_ids: Iterable[Any],
    *,
    kind: str = AccessEvent.Kind.VIEW,
    client_ids: Iterable[Any] | None = None,
    purpose: str = "",
) -> None:
    """Queue one access event per subject; `client_ids` pairs with `subject_ids` when given.

    For a client record the subject is the client itself, so `client_ids` may be omitted.
    """
    if not settings.AUDIT_READS:
        return
    ctx = context.current()
    ctx.read_calls += 1
    ids = list(subject_ids)
    owners = (
        list(client_ids)
        if client_ids is not None
        else (ids if subject_type == "client" else [None] * len(ids))
    )
    if len(owners) != len(ids):
        raise ValueError("client_ids must pair with subject_ids")
    for subject_id, client_id in zip(ids, owners, strict=True):
        ctx.pending_reads.append(
            {
                "subject_type": subject_type,
                "subject_id": str(subject_id),
                "client_id": client_id,
                "kind": kind,
                "purpose": purpose[:200],
            }
        )


_PG_INSERT = """
{prefix}INSERT INTO audit_accessevent (event_time, request_id, actor_id, actor_username, role, unit_id,
    organisation_id, view, ip, subject_type, subject_id, client_id, kind, purpose)
SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, r.subject_type, r.subject_id, r.client_id, r.kind, r.purpose
FROM unnest(%s::varchar[], %s::varchar[], %s::uuid[], %s::varchar[], %s::varchar[])
    AS r(subject_type, subject_id, client_id, kind, purpose){suffix}
"""
# In autocommit mode the statement is its own transaction: set_config(..., true) makes its
# commit asynchronous without extra round trips (no BEGIN, SET, COMMIT).
_PG_INSERT_ASYNC = _PG_INSERT.format(
    prefix="WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))\n",
    suffix=", async_commit",
)
_PG_INSERT_SYNC = _PG_INSERT.format(prefix="", suffix="")

# The common case: every queued read is of a client record with the same kind and purpose
# (a list page). Only the client ids travel as an array.
_PG_INSERT_CLIENTS = """
{prefix}INSERT INTO audit_accessevent (event_time, request_id, actor_id, actor_username, role, unit_id,
    organisation_id, view, ip, subject_type, subject_id, client_id, kind, purpose)
SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, 'client', r.client_id::text, r.client_id, %s, %s
FROM unnest(%s::uuid[]) AS r(client_id){suffix}
"""
_PG_INSERT_CLIENTS_ASYNC = _PG_INSERT_CLIENTS.format(
    prefix="WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))\n",
    suffix=", async_commit",
)
_PG_INSERT_CLIENTS_SYNC = _PG_INSERT_CLIENTS.format(prefix="", suffix="")


_SQLITE_INSERT = """
INSERT INTO audit_accessevent (event_time, request_id, actor_id, actor_username, role, unit_id,
    organisation_id, view, ip, subject_type, subject_id, client_id, kind, purpose)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""


def _sqlite_uuid(value: Any) -> str | None:  # only on sqlite
    """UUIDs as SQLite stores them through the ORM: 32 hex digits."""
    return None if value is None else uuid.UUID(str(value)).hex


def flush_reads() -> int:
    """Write the queued access events of the current context in one insert statement.

    On PostgreSQL the rows go in as one INSERT ... SELECT FROM unnest(...) (one round trip,
    no per-row SQL); on SQLite as one prepared INSERT executed for every row (executemany). With AUDIT_ASYNC_COMMIT on (default off), that statement commits with
    `synchronous_commit = off`: it is checked and ordered like any other, but the request does
    not wait for the WAL flush, so a database crash could lose the last few hundred
    milliseconds of read events (docs/architecture.md). Change events are always committed
    synchronously with the change they record.
    """
    ctx = context.current()
    reads = ctx.pending_reads
    if not reads:
        return 0
    common = _context_fields(ctx)
    if connection.vendor == "postgresql":
        _insert_reads_postgresql(common, reads)  # only on postgresql
    else:  # only on sqlite
        _insert_reads_sqlite(common, reads)
    count = len(reads)
    reads.clear()
    return count


def _insert_reads_postgresql(  # only on postgresql
    common: dict[str, Any], reads: list[dict[str, Any]]
) -> None:
    # Only a statement that is its own transaction may commit asynchronously; inside a
    # caller's transaction the setting would reach the caller's writes too.
    asynchronous = (
        settings.AUDIT_ASYNC_COMMIT
        and connection.get_autocommit()
        and not connection.in_atomic_block
    )
    head = [
        timezone.now(),
        common["request_id"],
        common["actor_id"],
        common["actor_username"],
        common["role"],
        common["unit_id"],
        common["organisation_id"],
        common["view"],
        common["ip"],
    ]
    first = reads[0]
    uniform = all(
        r["subject_type"] == "client"
        and r["client_id"] is not None
        and str(r["client_id"]) == r["subject_id"]
        and r["kind"] == first["kind"]
        and r["purpose"] == first["purpose"]
        for r in reads
    )
    with connection.cursor() as cursor:
        if uniform:
            cursor.execute(
                _PG_INSERT_CLIENTS_ASYNC if asynchronous else _PG_INSERT_CLIENTS_SYNC,
                [*head, first["kind"], first["purpose"], [r["client_id"] for r in reads]],
            )
        else:
            cursor.execute(
                _PG_INSERT_ASYNC if asynchronous else _PG_INSERT_SYNC,
                [
                    *head,
                    [r["subject_type"] for r in reads],
                    [r["subject_id"] for r in reads],
                    [r["client_id"] for r in reads],
                    [r["kind"] for r in reads],
                    [r["purpose"] for r in reads],
                ],
            )


def _insert_reads_sqlite(  # only on sqlite
    common: dict[str, Any], reads: list[dict[str, Any]]
) -> None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fixed = [
        now,
        str(common["request_id"]).replace("-", ""),
        _sqlite_uuid(common["actor_id"]),
        common["actor_username"],
        common["role"],
        _sqlite_uuid(common["unit_id"]),
        _sqlite_uuid(common["organisation_id"]),
        common["view"],
        common["ip"],
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            _SQLITE_INSERT,
            [
                [
                    *fixed,
                    r["subject_type"],
                    r["subject_id"],
                    _sqlite_uuid(r["client_id"]),
                    r["kind"],
                    r["purpose"],
                ]
                for r in reads
            ],
        )


def change_row(
    subject_type: str,
    subject_id: Any,
    action: str,
    changes: Mapping[str, Any],
    *,
    client_id: Any = None,
    reason: str = "",
) -> dict[str, Any]:
    """The fields of one change event in the current acting context, for a bulk insert of
    many events (an import); `record_change` writes one at once. `changes` must already be
    JSON-ready (see `jsonable`)."""
    return {
        **_context_fields(context.current()),
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "client_id": client_id,
        "action": action,
        "changes": mask_identifiers(changes),
        "reason": reason[:500],
    }


def record_changes(rows: list[dict[str, Any]]) -> None:
    """Write many change events at once (rows from `change_row`), inside the caller's
    transaction: COPY on PostgreSQL (an import of 50,000 entries)."""
    from kotopolku.core.bulk import insert_rows

    context.current().change_calls += len(rows)
    insert_rows(ChangeEvent, rows)


def record_change(
    subject_type: str,
    subject_id: Any,
    action: str,
    changes: Mapping[str, Any] | None = None,
    *,
    client_id: Any = None,
    reason: str = "",
    actor: Any = None,
) -> ChangeEvent:
    """Write one change event now (inside the caller's transaction)."""
    ctx = context.current()
    ctx.change_calls += 1
    fields = _context_fields(ctx)
    if actor is not None and fields["actor_id"] is None:
        fields["actor_id"] = actor.pk
        fields["actor_username"] = actor.username
    event = ChangeEvent(
        **fields,
        subject_type=subject_type,
        subject_id=str(subject_id),
        client_id=client_id,
        action=action,
        changes=mask_identifiers(jsonable(dict(changes or {}))),
        reason=reason[:500],
    )
    event.save()
    return event
