"""Caseload queries: filters, search and sorting over an already-scoped queryset."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Collate
from django.utils import timezone

from kotopolku.audit.search import BY_HETU, MAX_RESULTS, ClientHit
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.clients.scopes import log_report_clients
from kotopolku.core import henkilotunnus

# Names sort in Finnish order (å, ä, ö after z) where the database has ICU's fi collation.
FINNISH_COLLATION = "fi-x-icu"


def _name(field: str, *, descending: bool = False) -> Any:
    expression: Any = F(field)
    if connection.vendor == "postgresql":
        expression = Collate(field, FINNISH_COLLATION)
    return expression.desc() if descending else expression.asc()


def _sorts() -> dict[str, tuple[Any, ...]]:
    last, first = _name("last_name"), _name("first_name")
    return {
        "due": (F("next_due").asc(nulls_last=True), last, first, "id"),
        "-due": (F("next_due").desc(nulls_last=True), last, first, "id"),
        "window": (F("integration_window_end").asc(nulls_last=True), last, first, "id"),
        "-window": (F("integration_window_end").desc(nulls_last=True), last, first, "id"),
        "name": (last, first, "id"),
        "-name": (_name("last_name", descending=True), _name("first_name", descending=True), "id"),
        "municipality": (_name("municipality__name_fi"), last, first, "id"),
        "language": ("mother_tongue", last, first, "id"),
    }


SORTS = tuple(_sorts())
DEFAULT_SORT = "due"
STEP_FILTERS = ("", "overdue", "soon", "none")
SOON_DAYS = 30


@dataclass(frozen=True)
class CaseloadFilter:
    q: str = ""
    municipality: str = ""
    language: str = ""
    authority: str = ""
    status: str = ClientStatus.ACTIVE
    steps: str = ""  # "" all, "overdue", "soon" (due within SOON_DAYS), "none" (no open step)
    civic: str = ""  # "" all, "pending": civic orientation not yet offered (s. 25)
    sort: str = DEFAULT_SORT

    @classmethod
    def from_params(cls, params: Any) -> CaseloadFilter:
        sort = params.get("sort", DEFAULT_SORT)
        status = params.get("status", ClientStatus.ACTIVE)
        return cls(
            q=params.get("q", "").strip()[:100],
            municipality=params.get("municipality", "").strip()[:3],
            language=params.get("language", "").strip()[:12],
            authority=params.get("authority", "").strip()[:20],
            status=status if status in (*ClientStatus.values, "all") else ClientStatus.ACTIVE,
            steps=params.get("steps", "") if params.get("steps", "") in STEP_FILTERS else "",
            civic="pending" if params.get("civic") == "pending" else "",
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )


def looks_like_hetu(text: str) -> bool:
    """Whether a search text is a henkilötunnus (searched exactly, never in a URL)."""
    normalised = henkilotunnus.normalise(text)
    return len(normalised) == 11 and normalised[:6].isdigit()


def search_condition(text: str) -> Q:
    """A henkilötunnus matches exactly (never partially); otherwise every word must match a name."""
    if looks_like_hetu(text):
        return Q(henkilotunnus=henkilotunnus.normalise(text))
    condition = Q()
    for word in text.split():
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return condition


def steps_condition(steps: str, today: datetime.date) -> Q:
    """Clients by their earliest open casework step (`Client.next_due`, indexed)."""
    if steps == "overdue":
        return Q(next_due__lt=today)
    if steps == "soon":
        return Q(next_due__gte=today, next_due__lte=today + datetime.timedelta(days=SOON_DAYS))
    if steps == "none":
        return Q(next_due__isnull=True)
    return Q()


def apply(
    qs: QuerySet[Client], f: CaseloadFilter, today: datetime.date | None = None
) -> QuerySet[Client]:
    if f.steps:
        qs = qs.filter(steps_condition(f.steps, today or timezone.localdate()))
    if f.civic == "pending":
        qs = qs.filter(civic_orientation_pending=True)
    if f.status != "all":
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(search_condition(f.q))
    if f.municipality:
        qs = qs.filter(municipality__code=f.municipality)
    if f.language:
        qs = qs.filter(mother_tongue=f.language)
    if f.authority:
        qs = qs.filter(responsible_authority=f.authority)
    return qs.order_by(*_sorts()[f.sort])


@dataclass(frozen=True)
class Group:
    """One group of the caseload: how many clients share these filterable values."""

    municipality_id: int | None
    mother_tongue: str
    status: str
    authority: str
    overdue: bool  # the earliest open step is overdue
    count: int


def groups(base: QuerySet[Client], today: datetime.date | None = None) -> list[Group]:
    """The caseload counted by every filterable value, in one grouped query: it gives the
    filter options, the number of clients with an overdue step and, when no text search is
    active, the number of matching clients."""
    overdue = Case(
        When(next_due__lt=today or timezone.localdate(), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    rows = (
        base.order_by()
        .annotate(overdue=overdue)
        .values_list(
            "municipality_id", "mother_tongue", "status", "responsible_authority", "overdue"
        )
        .annotate(n=Count("*"))  # "*": the covering index answers without the table
    )
    return [Group(m, t, s, a, bool(o), n) for m, t, s, a, o, n in rows]


def count_from_groups(found: list[Group], f: CaseloadFilter, codes: dict[int, str]) -> int | None:
    """The number of clients `apply(base, f)` returns, or None when a text search (or a
    steps filter other than "overdue") needs a query."""
    if f.q or f.steps not in ("", "overdue") or f.civic:
        return None
    return sum(
        g.count
        for g in found
        if (f.status == "all" or g.status == f.status)
        and (
            not f.municipality
            or (g.municipality_id is not None and codes.get(g.municipality_id) == f.municipality)
        )
        and (not f.language or g.mother_tongue == f.language)
        and (not f.authority or g.authority == f.authority)
        and (f.steps != "overdue" or g.overdue)
    )


def overdue_count(found: list[Group]) -> int:
    """Active clients whose earliest open step is overdue."""
    return sum(g.count for g in found if g.overdue and g.status == ClientStatus.ACTIVE)


class Listing:
    """A caseload listing for the Paginator: the count comes from the groups when known (no
    COUNT query), and a page is fetched in two steps: the ids in order first (on PostgreSQL
    an index-only scan of the covering caseload index), then those rows' `columns` by key."""

    def __init__(
        self,
        qs: QuerySet[Client],
        columns: tuple[str, ...],
        count: int | None = None,
        *,
        two_step: bool = True,
    ) -> None:
        self.qs, self.columns, self._count, self.two_step = qs, columns, count, two_step

    def count(self) -> int:
        if self._count is None:
            self._count = self.qs.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: Any) -> Any:
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        if not self.two_step:  # a small listing: one query is cheaper than two
            return list(self.qs.values(*self.columns)[key])
        ids = list(self.qs.values_list("id", flat=True)[key])
        if not ids:
            return []
        found = Client.objects.filter(pk__in=ids).values(*self.columns)
        rows = {row["id"]: row for row in found}
        return [rows[pk] for pk in ids]


def log_report_search(user: Any, by: str, text: str) -> list[ClientHit]:
    """The auditor's client search (registered into `audit.search.client_search`): the clients
    whose access-log report `user` may read, by every word of a name or by the whole
    normalised henkilötunnus (never partially)."""
    if by == BY_HETU:
        condition = Q(henkilotunnus=henkilotunnus.normalise(text))
    else:
        words = text.split()
        if not words:
            return []
        condition = Q()
        for word in words:
            condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    found = (
        log_report_clients(user)
        .filter(condition)
        .select_related("responsible_unit")
        .order_by(_name("last_name"), _name("first_name"), "birth_date", "pk")[:MAX_RESULTS]
    )
    return [
        ClientHit(
            id=c.pk,
            name=c.full_name,
            birth_date=c.birth_date,
            unit=str(c.responsible_unit.display_name()) if c.responsible_unit else "",
            status=c.get_status_display(),
        )
        for c in found
    ]
