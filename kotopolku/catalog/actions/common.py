"""What the tray's actions share: the refusal, the entry's snapshot, writing values, indexing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import jsonable, record_change
from kotopolku.catalog.actions.validate import SERVICE_FIELDS
from kotopolku.catalog.models import Service, ServiceRevision, ServiceTime
from kotopolku.catalog.search.index import index_service

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

A = ChangeEvent.Action
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class NotAllowedError(PermissionError):
    """The user may not change this entry (pages and the API answer 404). Nothing written."""


def time_label(weekday: int | None, day: datetime.date | None, starts: Any, ends: Any) -> str:
    when = day.isoformat() if day is not None else WEEKDAYS[weekday or 0]
    return f"{when} {starts:%H:%M}-{ends:%H:%M}"


def snapshot(service: Service) -> dict[str, Any]:
    """The saved entry as the change log records it (times and places included)."""
    values: dict[str, Any] = {name: jsonable(getattr(service, name)) for name in SERVICE_FIELDS}
    values["status"] = service.status
    values["reviewed_on"] = jsonable(service.reviewed_on)
    values["source"] = service.source
    values["external_id"] = service.external_id
    values["times"] = [
        time_label(t.weekday, t.date, t.starts_at, t.ends_at) for t in service.times.all()
    ]
    values["places"] = sorted(str(p) for p in service.places.values_list("pk", flat=True))
    return values


def comparable(values: Mapping[str, Any]) -> dict[str, Any]:
    """Clean values in the shape of `snapshot` (to find what a change really changes)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "times":
            out[name] = [
                time_label(t["weekday"], t["date"], t["starts_at"], t["ends_at"]) for t in value
            ]
        elif name == "places":
            out[name] = sorted(str(p.pk) for p in value)
        else:
            out[name] = jsonable(value)
    return out


# Lists whose order carries no meaning: a new order alone is no change.
UNORDERED = frozenset({"target_groups", "languages", "municipality_codes", "places", "times"})


def _same(key: str, a: Any, b: Any) -> bool:
    if key in UNORDERED and isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def changed_keys(service: Service, values: Mapping[str, Any]) -> list[str]:
    before = snapshot(service)
    after = comparable(values)
    return [k for k in values if not _same(k, before.get(k), after.get(k))]


def write_values(service: Service, values: Mapping[str, Any]) -> None:
    """Set the fields, save, and replace the times and places given. An imported entry is
    marked as changed here, so that the next import does not silently undo the change."""
    for name, value in values.items():
        if name not in ("times", "places"):
            setattr(service, name, value)
    if values and service.source and not service._state.adding:
        service.edited_since_import = True
    service.save()
    if "times" in values:
        service.times.all().delete()
        ServiceTime.objects.bulk_create(
            ServiceTime(
                service=service,
                weekday=t["weekday"],
                date=t["date"],
                starts_at=t["starts_at"],
                ends_at=t["ends_at"],
            )
            for t in values["times"]
        )
    if "places" in values:
        service.places.set(values["places"])


def log_service(
    service: Service,
    action: str,
    before: Mapping[str, Any],
    *,
    user: User | None,
    reason: str = "",
) -> None:
    from kotopolku.audit.recorder import diff

    record_change(
        "service", service.pk, action, diff(before, snapshot(service)), reason=reason, actor=user
    )


def index(service: Service) -> None:
    """Rewrite the entry's search rows and facets (`catalog.search.index`)."""
    index_service(service)


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return timezone.localdate()


def pending_revision(service: Service) -> ServiceRevision | None:
    return service.revisions.filter(status=ServiceRevision.Status.PENDING).first()


def close_pending(service: Service, *, user: User | None, reason: str) -> dict[str, Any]:
    """Close the entry's pending revision (rejected, with `reason`); return its data."""
    data: dict[str, Any] = {}
    for revision in service.revisions.filter(status=ServiceRevision.Status.PENDING):
        data.update(revision.data)
        decide(revision, ServiceRevision.Status.REJECTED, user=user, reason=reason)
    return data


def decide(revision: ServiceRevision, status: str, *, user: User | None, reason: str) -> None:
    """Close a pending revision as approved or rejected, by `user` with `reason`, logged."""
    revision.status = status
    revision.decided_by = user
    revision.decided_at = now()
    revision.reason = reason
    revision.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record_change(
        "service_revision",
        revision.pk,
        A.UPDATE,
        {"status": [ServiceRevision.Status.PENDING.value, status], "reason": ["", reason]},
        reason=reason,
        actor=user,
    )
