"""Content of a programme computed from the tray and the register, shown read-only beside the
text that refers to it (issue 17, scope 2).

- The responsibility table: the published tray entries serving the programme's
  municipalities, grouped by their programme element (a row per element, in the template's
  order), with the names of the organisations that provide them, split between jobseekers
  and the other integration clients by the entries' target groups (`split`).
- The languages of civic orientation: the languages of the published civic-orientation
  entries, and the register's demand: the clients of the municipalities flagged as not yet
  offered civic orientation, counted per language. Counts are aggregated and follow the
  small-number rule of the coverage page (1-4 shown as "under 5", never summed).
- The providers of integration training and of literacy training.

Three queries whatever the size of the tray: the entries with their owners, the owners of
entries that name no municipality, and one aggregate over the clients.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from kotopolku.catalog.coverage.gaps import PersonCount
from kotopolku.catalog.coverage.region import serving
from kotopolku.catalog.models import ProgrammeElement, TargetGroup
from kotopolku.core import languages
from kotopolku.core.translated import pick
from kotopolku.orgs.models import Municipality

# Target groups outside the labour force: an entry naming only these is for "others".
OUTSIDE_LABOUR_FORCE = frozenset(
    {
        TargetGroup.PARENTS_AT_HOME.value,
        TargetGroup.SENIORS.value,
        TargetGroup.CHILDREN.value,
        TargetGroup.STUDENTS.value,
        TargetGroup.ASYLUM_SEEKERS.value,
    }
)
JOBSEEKERS = TargetGroup.JOBSEEKERS.value


def split(target_groups: Iterable[str]) -> tuple[bool, bool]:
    """(for jobseekers, for others) as the tray says: an entry naming only jobseekers is for
    jobseekers, one naming only groups outside the labour force is for the others; an entry
    naming both kinds, or no group, or "everyone", or a group such as adults counts for both."""
    groups = set(target_groups)
    if groups == {JOBSEEKERS}:
        return True, False
    if groups and groups <= OUTSIDE_LABOUR_FORCE:
        return False, True
    return True, True


@dataclass(frozen=True)
class TrayEntry:
    id: uuid.UUID
    name: str
    element: str
    provider: str
    languages: tuple[str, ...]
    target_groups: tuple[str, ...]


@dataclass
class DerivedRow:
    """A row of the derived responsibility table: one programme element."""

    element: str
    jobseekers: list[str] = field(default_factory=list)  # provider names, sorted
    others: list[str] = field(default_factory=list)
    entries: list[TrayEntry] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(dict(ProgrammeElement.choices).get(self.element, self.element))


@dataclass(frozen=True)
class LanguageDemand:
    language: str
    label: str  # in the language asked for
    clients: PersonCount  # clients waiting for civic orientation, suppressed under 5
    offered: bool  # a published civic-orientation entry is given in it


@dataclass
class Derived:
    responsibility: list[DerivedRow]
    civic_languages_offered: list[str]  # language codes
    civic_demand: list[LanguageDemand]  # every language offered or in demand
    integration_training_providers: list[str]
    literacy_providers: list[str]

    @property
    def civic_languages(self) -> list[str]:
        """Every language of civic orientation: offered, or in demand in the register."""
        return [d.language for d in self.civic_demand]

    def row(self, element: str) -> DerivedRow | None:
        return next((r for r in self.responsibility if r.element == element), None)


def municipality_codes(programme: Any) -> set[str]:
    return set(programme.municipalities.values_list("code", flat=True))


def tray_entries(codes: set[str], lang: str) -> list[TrayEntry]:
    """The published entries serving one of `codes` (`catalog.coverage.region.serving`:
    the entry's own municipalities, or its owner's when it names none)."""
    fields = ("name", "programme_element", "owner__name", "languages", "target_groups")
    entries = [
        TrayEntry(
            id=row.id,
            name=str(pick(row.name, lang)),
            element=row.programme_element,
            provider=str(pick(row.owner__name, lang)),
            languages=tuple(dict.fromkeys(row.languages or ())),
            target_groups=tuple(dict.fromkeys(row.target_groups or ())),
        )
        for row, _codes in serving(codes, fields)
    ]
    entries.sort(key=lambda e: (e.name.casefold(), str(e.id)))
    return entries


def responsibility_table(entries: list[TrayEntry]) -> list[DerivedRow]:
    rows: dict[str, DerivedRow] = {}
    for entry in entries:
        row = rows.setdefault(entry.element, DerivedRow(entry.element))
        row.entries.append(entry)
        for_jobseekers, for_others = split(entry.target_groups)
        if for_jobseekers and entry.provider not in row.jobseekers:
            row.jobseekers.append(entry.provider)
        if for_others and entry.provider not in row.others:
            row.others.append(entry.provider)
    order = list(ProgrammeElement.values)
    result = sorted(
        rows.values(), key=lambda r: order.index(r.element) if r.element in order else 99
    )
    for row in result:
        row.jobseekers.sort(key=str.casefold)
        row.others.sort(key=str.casefold)
    return result


def civic_orientation_demand(codes: set[str]) -> dict[str, int]:
    """Clients of the municipalities waiting for civic orientation, per language (exact: it
    stays in this module). A client counts once, in their first language of service, else
    their mother tongue (civic orientation is given in the native or a well-known language,
    Act 681/2023 s. 25)."""
    from kotopolku.clients.models import Client, ClientStatus

    if not codes:
        return {}
    ids = Municipality.objects.filter(code__in=sorted(codes)).values("pk")
    counts: Counter[str] = Counter()
    combos = (
        Client.objects.filter(
            status=ClientStatus.ACTIVE, civic_orientation_pending=True, municipality_id__in=ids
        )
        .order_by()
        .values("mother_tongue", "service_languages")
        .annotate(n=Count("id"))
    )
    for combo in combos:
        preferred = [c for c in (combo["service_languages"] or ()) if c]
        code = preferred[0] if preferred else combo["mother_tongue"]
        if code:
            counts[code] += combo["n"]
    return dict(counts)


def _providers(entries: Iterable[TrayEntry]) -> list[str]:
    return sorted({e.provider for e in entries}, key=str.casefold)


LITERACY_WORDS = re.compile(r"luku- ja kirjoitus|lukutaito|literacy|läs- och skriv", re.I)


def derive(programme: Any, lang: str | None = None) -> Derived:
    """Everything derived for `programme` (names in `lang`, default the document's)."""
    lang = lang or programme.language or "fi"
    codes = municipality_codes(programme)
    entries = tray_entries(codes, lang)
    civic = [e for e in entries if e.element == ProgrammeElement.CIVIC_ORIENTATION]
    offered = sorted({code for e in civic for code in e.languages})
    demand = civic_orientation_demand(codes)
    rows = [
        LanguageDemand(
            language=code,
            label=languages.name(code, lang),
            clients=PersonCount.of(demand.get(code, 0)),
            offered=code in offered,
        )
        for code in set(offered) | set(demand)
    ]
    # ordered by what is shown only (an "under 5" sorts as 0), never by the exact count
    rows.sort(key=lambda r: (-(r.clients.shown or 0), r.label.casefold()))
    literacy = [
        e
        for e in entries
        if TargetGroup.LITERACY.value in e.target_groups or LITERACY_WORDS.search(e.name)
    ]
    return Derived(
        responsibility=responsibility_table(entries),
        civic_languages_offered=offered,
        civic_demand=rows,
        integration_training_providers=_providers(
            e for e in entries if e.element == ProgrammeElement.INTEGRATION_TRAINING
        ),
        literacy_providers=_providers(literacy),
    )
