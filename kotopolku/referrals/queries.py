"""Who sees which referrals, and which of them are stale.

Two sides see a referral. The referring side (the client's caseworkers) reaches it through
the client: the user's own referrals, those of their casework units, and those of the
clients they may read. The receiving side (the provider) reaches it through the receiving
organisation: users holding a catalogue-editor role there see the referral with its minimum
data (`Referral.shared`), never the client register.

Scope functions here belong next to `access.scopes`; they live in this module while issue 5
is built (`provider_organisation_ids`, `referring_referrals`, `received_referrals`,
`visible_referrals`).
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone

from kotopolku.access import scopes
from kotopolku.access.policy import CASEWORK_WRITERS, CATALOG_EDITORS
from kotopolku.referrals.models import Referral

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client

OPEN = tuple(Referral.OPEN_STATUSES)
# How many stale referrals the caseload's box lists (the count covers all of them).
STALE_SHOWN = 10


def provider_organisation_ids(user: User) -> set[uuid.UUID]:
    """The organisations whose received referrals the user answers: those where the user
    holds a catalogue-editor role (claim-your-listing editors are the provider's people)."""
    return {m.unit.organisation_id for m in user.active_memberships if m.role in CATALOG_EDITORS}


def _referring_condition(user: User) -> Q | None:
    if not user.has_role(*scopes.CASEWORK_ROLES):
        return None
    condition = Q(referred_by_id=user.pk)
    units = scopes.unit_ids(user, roles=tuple(CASEWORK_WRITERS))
    if units:
        condition |= Q(unit_id__in=units)
    if user.has_role(*CASEWORK_WRITERS):
        condition |= Q(client_id__in=scopes.visible_clients(user).values("pk"))
    return condition


def referring_referrals(user: User) -> QuerySet[Referral]:
    """Referrals the user sees from the referring side (none for providers only)."""
    condition = _referring_condition(user)
    if condition is None:
        return Referral.objects.none()
    return Referral.objects.filter(condition)


def received_referrals(user: User) -> QuerySet[Referral]:
    """Referrals to the user's provider organisations."""
    orgs = provider_organisation_ids(user)
    if not orgs:
        return Referral.objects.none()
    return Referral.objects.filter(receiver_id__in=orgs)


def visible_referrals(user: User) -> QuerySet[Referral]:
    condition = Q(pk__in=[])
    referring = _referring_condition(user)
    if referring is not None:
        condition |= referring
    orgs = provider_organisation_ids(user)
    if orgs:
        condition |= Q(receiver_id__in=orgs)
    return Referral.objects.filter(condition)


def get_referral_for_user(user: User, referral_id: uuid.UUID | str) -> Referral:
    """A referral the user sees from either side, else 404 (existence must not leak)."""
    referral = (
        visible_referrals(user)
        .select_related("service", "receiver", "unit__organisation", "referred_by", "consent")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def is_receiver(user: User, referral: Referral) -> bool:
    return referral.receiver_id in provider_organisation_ids(user)


def is_referrer(user: User, referral: Referral) -> bool:
    return referring_referrals(user).filter(pk=referral.pk).exists()


# --- Stale referrals ----------------------------------------------------------------------------


def stale_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """An open referral whose status has not changed since this instant is stale."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.REFERRAL_STALE_DAYS)


def is_stale(referral: Referral, now: datetime.datetime | None = None) -> bool:
    return referral.is_open and referral.status_changed_at <= stale_cutoff(now)


def stale(qs: QuerySet[Referral], now: datetime.datetime | None = None) -> QuerySet[Referral]:
    return qs.filter(status__in=OPEN, status_changed_at__lte=stale_cutoff(now))


def own_referrals(user: User) -> QuerySet[Referral]:
    """The counsellor's own: those they sent and those of their own clients."""
    return Referral.objects.filter(Q(referred_by_id=user.pk) | Q(client__current_counsellor=user))


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
