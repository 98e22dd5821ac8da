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
from django.db import models

from kotopolku.audit import context
from kotopolku.audit.models import AccessEvent, ChangeEvent


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Return `{field: [old, new]}` for every field whose value differs."""
    changes: dict[str, list[Any]] = {}
    for key in sorted(set(old) | set(new)):
        before, after = _jsonable(old.get(key)), _jsonable(new.get(key))
        if before != after:
            changes[key] = [before, after]
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the JSON-ready values of `fields` on `instance` (FKs as ids)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            values[name] = _jsonable(getattr(instance, field.attname))
        else:
            values[name] = _jsonable(getattr(instance, name))
    return values


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
    ids = list(subject_ids)
    owners = (
        list(client_ids)
        if client_ids is not None
        else (ids if subject_type == "client" else [None] * len(ids))
    )
    if len(owners) != len(ids):
        raise ValueError("client_ids must pair with subject_ids")
    ctx = context.current()
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


def flush_reads() -> int:
    """Write the queued access events of the current context in one bulk insert."""
    ctx = context.current()
    if not ctx.pending_reads:
        return 0
    common = _context_fields(ctx)
    rows = [AccessEvent(**common, **read) for read in ctx.pending_reads]
    AccessEvent.objects.bulk_create(rows)
    ctx.pending_reads.clear()
    return len(rows)


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
        changes=_jsonable(dict(changes or {})),
        reason=reason[:500],
    )
    event.save()
    return event
