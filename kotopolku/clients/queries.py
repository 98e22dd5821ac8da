"""Caseload queries: filters, search and sorting over an already-scoped queryset."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Collate
from django.utils import timezone

from kotopolku.audit.search import BY_HETU, MAX_RESULTS, ClientHit
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.clients.rules import step_lapses_q
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
STEP_FILTERS = ("", "overdue", "lapsed", "soon", "none")
SOON_DAYS = 30


class State:
    """A client's state by the earliest open step (`Client.next_due`, `next_due_kind`): a
    right lapsed (a window-bound step whose window ended, `clients.rules.step_lapsed`), an
    overdue task (one that can still be done), due soon (within SOON_DAYS), due later, or no
    open step."""

    LAPSED = "lapsed"
    OVERDUE = "overdue"
    SOON = "soon"
    LATER = "later"
    NONE = "none"
    OPEN = (LAPSED, OVERDUE, SOON, LATER)


# The unit view's table of counsellors sorts by these (a second click reverses).
COUNSELLOR_SORTS = ("name", "open", "soon", "overdue", "lapsed")
NO_COUNSELLOR = "none"  # the counsellor filter's value for clients without one


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
    counsellor: str = ""  # the unit view: "" all, a counsellor's id, or NO_COUNSELLOR
    counsellor_sort: str = "name"  # the unit view's counsellor table (COUNSELLOR_SORTS)

    @classmethod
    def from_params(cls, params: Any) -> CaseloadFilter:
        sort = params.get("sort", DEFAULT_SORT)
        status = params.get("status", ClientStatus.ACTIVE)
        csort = str(params.get("csort", "name"))
        return cls(
            q=params.get("q", "").strip()[:100],
            municipality=params.get("municipality", "").strip()[:3],
            language=params.get("language", "").strip()[:12],
            authority=params.get("authority", "").strip()[:20],
            status=status if status in (*ClientStatus.values, "all") else ClientStatus.ACTIVE,
            steps=params.get("steps", "") if params.get("steps", "") in STEP_FILTERS else "",
            civic="pending" if params.get("civic") == "pending" else "",
            sort=sort if sort in SORTS else DEFAULT_SORT,
            counsellor=_counsellor(params.get("counsellor", "")),
            counsellor_sort=csort if csort.lstrip("-") in COUNSELLOR_SORTS else "name",
        )


def _counsellor(value: Any) -> str:
    """A counsellor filter's value: a user id in its canonical form, NO_COUNSELLOR or ""."""
    text = str(value or "").strip()
    if text == NO_COUNSELLOR:
        return text
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return ""


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


def lapsing_condition() -> Q:
    """The client's earliest open step lapses at its last day: a window-bound step due on
    the window's last day (`clients.rules.step_lapses`, in SQL)."""
    return step_lapses_q(kind="next_due_kind", due="next_due", window_end="integration_window_end")


def steps_condition(steps: str, today: datetime.date) -> Q:
    """Clients by their earliest open casework step (`Client.next_due`, indexed): "overdue"
    is a task that can still be done, "lapsed" a right whose window has ended."""
    if steps == "overdue":
        return Q(next_due__lt=today) & ~lapsing_condition()
    if steps == "lapsed":
        return Q(next_due__lt=today) & lapsing_condition()
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
    if f.counsellor == NO_COUNSELLOR:
        qs = qs.filter(current_counsellor__isnull=True)
    elif f.counsellor:
        qs = qs.filter(current_counsellor_id=uuid.UUID(f.counsellor))
    return qs.order_by(*_sorts()[f.sort])


@dataclass(frozen=True)
class Group:
    """One group of the caseload: how many clients share these filterable values."""

    municipality_id: int | None
    mother_tongue: str
    status: str
    authority: str
    state: str  # `State` of the earliest open step
    count: int

    @property
    def overdue(self) -> bool:
        return self.state == State.OVERDUE


def state_expression(today: datetime.date) -> Case:
    """`State` in SQL, from the indexed `next_due` and the row's window columns."""
    return Case(
        When(Q(next_due__lt=today) & lapsing_condition(), then=Value(State.LAPSED)),
        When(next_due__lt=today, then=Value(State.OVERDUE)),
        When(next_due__lte=today + datetime.timedelta(days=SOON_DAYS), then=Value(State.SOON)),
        When(next_due__isnull=False, then=Value(State.LATER)),
        default=Value(State.NONE),
        output_field=CharField(),
    )


def groups(base: QuerySet[Client], today: datetime.date | None = None) -> list[Group]:
    """The caseload counted by every filterable value and the state of the earliest open
    step, in one grouped query: it gives the filter options, the counts of lapsed and overdue
    clients and, when no text search is active, the number of matching clients."""
    rows = (
        base.order_by()
        .annotate(state=state_expression(today or timezone.localdate()))
        .values_list(*GROUP_COLUMNS)
        .annotate(n=Count("*"))  # "*": the covering index answers without the table
    )
    return [Group(m, t, s, a, st, n) for m, t, s, a, st, n in rows]


GROUP_COLUMNS = ("municipality_id", "mother_tongue", "status", "responsible_authority", "state")


@dataclass(frozen=True)
class UnitGroups:
    """The unit view's groups: `groups` as `groups()` gives them (summed over the
    counsellors) and, per current counsellor (None: no counsellor), that counsellor's own
    groups as plain tuples (municipality, tongue, status, authority, state, count)."""

    groups: list[Group]
    by_counsellor: dict[Any, list[tuple[Any, ...]]]

    def of(self, counsellor: str) -> list[Group]:
        """The groups of one counsellor (a filter value: an id or NO_COUNSELLOR)."""
        key = None if counsellor == NO_COUNSELLOR else uuid.UUID(counsellor)
        return [Group(*row) for row in self.by_counsellor.get(key, ())]


def unit_groups(base: QuerySet[Client], today: datetime.date | None = None) -> UnitGroups:
    """`groups()` grouped by the current counsellor too, in the same one query (the unit
    view's counts per counsellor), then summed over the counsellors in one pass."""
    counsellor = ExpressionWrapper(F("current_counsellor_id"), output_field=CharField())
    rows = (
        base.order_by()
        .annotate(state=state_expression(today or timezone.localdate()), counsellor=counsellor)
        .values_list(*GROUP_COLUMNS, "counsellor")
        .annotate(n=Count("*"))
    )
    # the id as the database gives it: one UUID made per counsellor, not per group
    ids: dict[Any, uuid.UUID | None] = {None: None}
    sums: dict[tuple[Any, ...], int] = {}
    by_counsellor: dict[Any, list[tuple[Any, ...]]] = {}
    for m, t, s, a, st, c, n in rows:
        key = (m, t, s, a, st)
        sums[key] = sums.get(key, 0) + n
        owner = ids.get(c, False)
        if owner is False:
            owner = ids[c] = uuid.UUID(str(c))
        by_counsellor.setdefault(owner, []).append((m, t, s, a, st, n))
    return UnitGroups(
        [Group(m, t, s, a, st, n) for (m, t, s, a, st), n in sums.items()], by_counsellor
    )


def _matches_steps(state: str, steps: str) -> bool:
    if steps == "soon":
        return state == State.SOON
    if steps in (State.OVERDUE, State.LAPSED, State.NONE):
        return state == steps
    return True


def count_from_groups(found: list[Group], f: CaseloadFilter, codes: dict[int, str]) -> int | None:
    """The number of clients `apply(base, f)` returns, or None when a text search or the
    civic-orientation filter needs a query. With a counsellor filter, pass that counsellor's
    groups (`UnitGroups.of`)."""
    if f.q or f.civic:
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
        and _matches_steps(g.state, f.steps)
    )


def overdue_count(found: list[Group]) -> int:
    """Active clients whose earliest open step is overdue (a task that can still be done)."""
    return sum(
        g.count for g in found if g.state == State.OVERDUE and g.status == ClientStatus.ACTIVE
    )


def lapsed_count(found: list[Group]) -> int:
    """Active clients whose earliest open step is a right that has lapsed."""
    return sum(
        g.count for g in found if g.state == State.LAPSED and g.status == ClientStatus.ACTIVE
    )


@dataclass
class CounsellorCounts:
    """One row of the unit view's table of counsellors: active clients by the state of
    their earliest open step."""

    counsellor_id: Any
    name: str = ""
    clients: int = 0
    open: int = 0  # with an open step (any state)
    soon: int = 0
    overdue: int = 0
    lapsed: int = 0

    @property
    def key(self) -> str:
        """The counsellor filter's value for this row."""
        return str(self.counsellor_id) if self.counsellor_id is not None else NO_COUNSELLOR


def counsellor_counts(
    found: UnitGroups, names: dict[Any, str], sort: str = "name"
) -> list[CounsellorCounts]:
    """The unit view's counts per counsellor, from the unit's groups (no query of its own),
    sorted by `sort` (COUNSELLOR_SORTS, "-" for descending); `names` maps the counsellors'
    ids to their names (the clients without a counsellor sort last by name)."""
    out: list[CounsellorCounts] = []
    active = ClientStatus.ACTIVE
    for counsellor_id, rows in found.by_counsellor.items():
        by_state: dict[str, int] = {}
        for _m, _t, status, _a, state, n in rows:
            if status == active:
                by_state[state] = by_state.get(state, 0) + n
        if not by_state:
            continue
        out.append(
            CounsellorCounts(
                counsellor_id,
                names.get(counsellor_id, ""),
                clients=sum(by_state.values()),
                open=sum(by_state.get(state, 0) for state in State.OPEN),
                soon=by_state.get(State.SOON, 0),
                overdue=by_state.get(State.OVERDUE, 0),
                lapsed=by_state.get(State.LAPSED, 0),
            )
        )
    key, descending = sort.lstrip("-"), sort.startswith("-")
    by_name = sorted(out, key=lambda r: (r.counsellor_id is None, r.name.lower()))
    if key == "name":
        return list(reversed(by_name)) if descending else by_name
    # by a count, most first unless reversed; ties by name
    return sorted(by_name, key=lambda r: getattr(r, key), reverse=not descending)


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
        annotations: dict[str, Any] | None = None,
    ) -> None:
        self.qs, self.columns, self._count, self.two_step = qs, columns, count, two_step
        self.annotations = annotations or {}  # read with the rows (e.g. the steps subquery)

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
            return list(self.qs.values(*self.columns, **self.annotations)[key])
        ids = list(self.qs.values_list("id", flat=True)[key])
        if not ids:
            return []
        found = Client.objects.filter(pk__in=ids).values(*self.columns, **self.annotations)
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
