"""The region a user's gap and overlap views cover, and its published entries.

The region is the set of municipalities the user's organisations serve (a coordinator of
the Joensuu centre sees its eight municipalities). An entry belongs to a municipality when
its `municipality_codes` name it, or, for an entry naming none, when its owner serves it
(the same rule as `catalog.scopes.entry_codes`).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Q
from django.utils import timezone

from kotopolku.access import scopes
from kotopolku.catalog.models import Service, ServiceFacet
from kotopolku.orgs.models import Municipality, Organisation

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


@dataclass(frozen=True)
class Entry:
    """The facts of a published entry that the gap and overlap views use (no model)."""

    id: uuid.UUID
    owner_id: uuid.UUID
    category: str
    languages: tuple[str, ...]
    target_groups: tuple[str, ...]
    codes: frozenset[str]
    name: dict[str, str]
    summary: dict[str, str]
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


@dataclass
class Region:
    """The municipalities of a user's region: codes, names, and every code version's id."""

    municipalities: list[tuple[str, str]]  # (code, name in the UI language), by name
    municipality_ids: list[int] = field(default_factory=list)  # all versions, for clients

    @property
    def codes(self) -> set[str]:
        return {code for code, _name in self.municipalities}

    def name(self, code: str) -> str:
        return dict(self.municipalities).get(code, code)

    def entries(self, codes: set[str] | None = None) -> list[Entry]:
        """The published entries serving at least one of `codes` (default: the region)."""
        return published_entries(self.codes if codes is None else codes)


def region_for_user(user: User, ui_language: str, day: datetime.date | None = None) -> Region:
    """The municipalities served by the user's organisations (valid today), by name."""
    day = day or timezone.localdate()
    served = list(scopes.served_municipalities(user))
    current: dict[str, Municipality] = {}
    for m in served:
        valid = m.valid_from <= day and (m.valid_to is None or m.valid_to >= day)
        if valid or m.code not in current:
            current[m.code] = m
    names = sorted(
        ((code, str(m.name(ui_language))) for code, m in current.items()),
        key=lambda item: item[1].casefold(),
    )
    return Region(municipalities=names, municipality_ids=[m.pk for m in served])


def owner_codes(owner_ids: set[uuid.UUID]) -> dict[uuid.UUID, frozenset[str]]:
    """The municipality codes each of the organisations serves (one query)."""
    found: dict[uuid.UUID, set[str]] = defaultdict(set)
    through: Any = Organisation.serves.through
    for owner_id, code in through.objects.filter(organisation_id__in=owner_ids).values_list(
        "organisation_id", "municipality__code"
    ):
        found[owner_id].add(code)
    return {owner_id: frozenset(codes) for owner_id, codes in found.items()}


class Serving(NamedTuple):
    """A published entry serving some of the asked municipalities: the asked fields' values
    (a named row of `values_list`, ordered by id) and the codes the entry serves."""

    row: Any
    codes: frozenset[str]


def serving(codes: set[str], fields: Sequence[str]) -> list[Serving]:
    """Every published entry serving one of `codes` (its own municipalities, or its owner's
    when it names none), with the values of `fields` (`id`, `owner_id` and
    `municipality_codes` come always). Two queries: the entries, and the owners of the entries
    that name no municipality. The entries must be indexed
    (`catalog.search.index.index_service`), as the search needs them to be."""
    if not codes:
        return []
    # narrowed in the database through the search index's municipality facets (entries that
    # name municipalities) and the owners' served municipalities (entries naming none)
    named = ServiceFacet.objects.filter(
        kind=ServiceFacet.Kind.MUNICIPALITY, value__in=sorted(codes)
    ).values("service_id")
    serving_owners = Organisation.objects.filter(serves__code__in=sorted(codes)).values("pk")
    wanted = dict.fromkeys(("id", "owner_id", "municipality_codes", *fields))
    rows = list(
        Service.objects.published()
        .filter(Q(pk__in=named) | Q(municipality_codes=[], owner_id__in=serving_owners))
        .order_by("pk")
        .values_list(*wanted, named=True)
    )
    owners = owner_codes({row.owner_id for row in rows if not row.municipality_codes})
    found = []
    for row in rows:
        own = row.municipality_codes
        served = frozenset(own) if own else owners.get(row.owner_id, frozenset())
        if served & codes:
            found.append(Serving(row, served))
    return found


def published_entries(codes: set[str]) -> list[Entry]:
    """Every published entry serving one of `codes`, as light rows (`serving`)."""
    fields = ("tray_category", "languages", "target_groups", "name", "summary")
    return [
        Entry(
            id=row.id,
            owner_id=row.owner_id,
            category=row.tray_category,
            languages=tuple(dict.fromkeys(row.languages or ())),
            target_groups=tuple(dict.fromkeys(row.target_groups or ())),
            codes=entry_codes,
            name=row.name or {},
            summary=row.summary or {},
            starts_on=row.starts_on,
            ends_on=row.ends_on,
        )
        for row, entry_codes in serving(codes, (*fields, "starts_on", "ends_on"))
    ]
