"""Queries of referrals: the stale ones (the rule is `referrals.rules.stale_cutoff`), the
caseload's box, a client's referrals and the history as each side may read it. Who sees which
referral is `referrals.scopes`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet, Window

from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.clients.scopes import own_client_condition
from kotopolku.referrals.models import Referral, ReferralEvent
from kotopolku.referrals.rules import stale_cutoff
from kotopolku.referrals.scopes import sent_by

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client

OPEN = tuple(Referral.OPEN_STATUSES)
# How many stale referrals the caseload's box lists (the count covers all of them).
STALE_SHOWN = 10


# --- What the provider sees ---------------------------------------------------------------------

# The steps the referring side takes; their notes (e.g. why a counsellor cancelled) are
# written about the client for the referring side and never shown to the provider.
REFERRING_STEPS = frozenset({Referral.Status.SENT, Referral.Status.CANCELLED})


def history(events: Iterable[ReferralEvent], *, provider_view: bool) -> list[ReferralEvent]:
    """The referral's steps as one side sees them: the provider sees every step and its own
    notes, but not the notes of the referring side's steps (blanked in memory only)."""
    shown = list(events)
    if provider_view:
        for event in shown:
            if event.status in REFERRING_STEPS:
                event.note = ""
    return shown


# --- Stale referrals ----------------------------------------------------------------------------


def with_status(qs: QuerySet[Referral], status: str) -> QuerySet[Referral]:
    """The list filter: "open" (any open status), one status, or "" (all)."""
    if status == "open":
        return qs.filter(status__in=OPEN)
    return qs.filter(status=status) if status else qs


def log_listed(pairs: Iterable[tuple[Any, Any]], purpose: str) -> None:
    """One access-log row (a listing) per referral shown, with its client: `pairs` are
    (referral id, client id). An empty page is logged as read too (no rows, but the route's
    duty to log is met: `audit.middleware.check_declared_reads`)."""
    found = list(pairs)
    record_read(
        "referral",
        [referral for referral, _client in found],
        client_ids=[client for _referral, client in found],
        kind=AccessEvent.Kind.LIST,
        purpose=purpose,
    )


def stale(qs: QuerySet[Referral], now: datetime.datetime | None = None) -> QuerySet[Referral]:
    return qs.filter(status__in=OPEN, status_changed_at__lte=stale_cutoff(now))


def own_referrals(user: User) -> QuerySet[Referral]:
    """The counsellor's own: those they sent (from their current organisations) and those
    of their own clients."""
    return Referral.objects.filter(sent_by(user) | own_client_condition(user, "client__"))


def stale_box(qs: QuerySet[Referral], now: datetime.datetime | None = None) -> dict[str, Any]:
    """The caseload's box: how many referrals are stale, and the oldest of them as rows.
    One query, whatever the number (the count rides on every row as a window)."""
    rows = list(
        stale(qs, now)
        .annotate(total=Window(Count("id")))
        .order_by("status_changed_at", "id")
        .values(
            "id",
            "client_id",
            "status",
            "status_changed_at",
            "shared",
            "service__name",
            "receiver__name",
            "total",
        )[:STALE_SHOWN]
    )
    return {"count": rows[0]["total"] if rows else 0, "rows": rows}


def client_referrals(client: Client) -> list[Referral]:
    return list(
        client.referrals.select_related("service", "receiver", "referred_by").order_by(
            "-created_at"
        )
    )
