"""The query API of the audit log: what later features use for per-client and per-user reports."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.core.dates import add_years

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

# Clients may ask for log data two years back (703/2023 s. 11 model); reports allow that and more.
REPORT_DEFAULT_YEARS = 2


@dataclass(frozen=True)
class Period:
    start: datetime.datetime
    end: datetime.datetime

    @classmethod
    def from_dates(cls, since: datetime.date | None, until: datetime.date | None) -> Period:
        today = timezone.localdate()
        until = until or today
        since = since or add_years(until, -REPORT_DEFAULT_YEARS)
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(until, datetime.time.max, tzinfo=tz)
        return cls(start, end)


# Which log rows a user may read: one rule, registered by access (`AccessConfig.ready`:
# `access.scopes.auditor_events`, auditors see the events of their own organisations). Without
# a registered rule nobody sees any (fail closed).
EventScope = Callable[[QuerySet[Any], "User"], QuerySet[Any]]
_event_scope: list[EventScope] = []


def register_event_scope(rule: EventScope) -> None:
    _event_scope[:] = [rule]


def _scoped(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return _event_scope[0](qs, user) if _event_scope else qs.none()


def access_events_for(user: User) -> QuerySet[AccessEvent]:
    return _scoped(
        AccessEvent.objects.select_related("unit__organisation", "organisation", "actor"), user
    )


def change_events_for(user: User) -> QuerySet[ChangeEvent]:
    return _scoped(
        ChangeEvent.objects.select_related("unit__organisation", "organisation", "actor"), user
    )


def filter_events(
    qs: QuerySet[Any],
    *,
    period: Period | None = None,
    actor: str = "",
    subject_type: str = "",
    subject_id: str = "",
    client_ids: Iterable[uuid.UUID] | None = None,
) -> QuerySet[Any]:
    if period is not None:
        qs = qs.filter(event_time__gte=period.start, event_time__lte=period.end)
    if actor:
        qs = qs.filter(actor_username__iexact=actor)
    if subject_type:
        qs = qs.filter(subject_type=subject_type)
    if subject_id:
        qs = qs.filter(subject_id=subject_id)
    if client_ids is not None:
        qs = qs.filter(client_id__in=list(client_ids))
    return qs


# Before issue 15 every page of the auditors' log lists wrote one "listed" row per client whose
# log rows it showed, with this purpose: browsing the log flooded the client's own report. The log
# pages now write one row per page (`LOG_BROWSING`, no client), and the client's report leaves
# the old rows out (they stay in the log, where auditors see them). docs/architecture.md, "Audit".
OLD_BROWSING_PURPOSE = "audit"
LOG_BROWSING = "audit_log"


def client_access_log(client_ids: Iterable[uuid.UUID], period: Period) -> QuerySet[AccessEvent]:
    """Every read of the clients' data in the period (all ids of a merged person together),
    without the old per-client rows of the auditors' log browsing (`OLD_BROWSING_PURPOSE`)."""
    return (
        AccessEvent.objects.filter(
            client_id__in=list(client_ids),
            event_time__gte=period.start,
            event_time__lte=period.end,
        )
        .exclude(kind=AccessEvent.Kind.LIST, purpose=OLD_BROWSING_PURPOSE)
        .select_related("unit__organisation", "organisation", "actor")
    )


def client_change_log(client_ids: Iterable[uuid.UUID], period: Period) -> QuerySet[ChangeEvent]:
    """Every change of the clients' data in the period."""
    return ChangeEvent.objects.filter(
        client_id__in=list(client_ids), event_time__gte=period.start, event_time__lte=period.end
    ).select_related("unit__organisation", "organisation", "actor")


def actor_activity(username: str, period: Period) -> Q:
    """A filter for everything one user did in the period (for misuse investigations)."""
    return Q(
        actor_username__iexact=username, event_time__gte=period.start, event_time__lte=period.end
    )
