"""The coverage matrix and the languages clients need against the languages of services.

Counts of services are exact: entries are public. Counts of clients are persons from the
register, so they follow the small-number rule of DESIGN.md:

- a count from 1 to 4 is shown as "under 5", never as the number (`PersonCount` keeps only
  what may be shown; the exact figure never leaves `_client_language_counts`);
- no total or sum of client counts is shown anywhere (a total minus the shown counts would
  give the suppressed one back), and the rows are ordered by what is shown, not by the
  exact figure, so the order does not rank the small counts either;
- client counts are given for the user's whole region only, whatever municipality the page
  is narrowed to: a figure for a municipality next to the region's figure would let the
  difference reveal a small number of the other municipalities.

A language is flagged as a gap when clients need it and no published entry of the region is
given in it ("no services"), or when at least 5 clients need it and there is fewer than one
service per `CLIENTS_PER_SERVICE` clients ("few services"). Beside it each language shows its
ratio, clients per entry (issue 15: "covered" with 1 entry for 18 clients said too little):
shown only where the client count is shown, never for a suppressed one (the ratio and the
entry count would give the exact figure back). Clients "need" a language when
it is their mother tongue or one of their languages of service; only active clients whose
municipality of residence is in the region count, each client once per language.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kotopolku.catalog.models import TargetGroup, TrayCategory
from kotopolku.catalog.rules import SMALL_NUMBER, shown_count
from kotopolku.core import languages

if TYPE_CHECKING:
    from kotopolku.catalog.coverage.region import Entry, Region

CLIENTS_PER_SERVICE = 20
NOT_GIVEN = ""


@dataclass(frozen=True)
class PersonCount:
    """A count of persons as it may be shown: 0 or from 5 up exactly, else "under 5"."""

    shown: int | None  # None: between 1 and 4

    @classmethod
    def of(cls, exact: int) -> PersonCount:
        return cls(shown_count(exact))

    @property
    def is_small(self) -> bool:
        return self.shown is None

    @property
    def label(self) -> str:
        return _("under 5") if self.shown is None else str(self.shown)

    def __str__(self) -> str:
        return self.label


def language_label(code: str, ui_language: str) -> str:
    if code == NOT_GIVEN:
        return _("Language not given")
    return languages.name(code, ui_language)


def target_group_label(value: str) -> str:
    if value == NOT_GIVEN:
        return _("Target group not given")
    return str(dict(TargetGroup.choices).get(value, value))


def category_label(value: str) -> str:
    return str(dict(TrayCategory.choices).get(value, value))


# --- The coverage matrix --------------------------------------------------------------------


@dataclass
class MatrixRow:
    language: str
    label: str
    cells: list[int]  # one per target group of the block
    total: int  # distinct entries in this language (an entry may serve several groups)


@dataclass
class CategoryBlock:
    category: str
    label: str
    target_groups: list[tuple[str, str]]  # (value, label)
    rows: list[MatrixRow]
    total: int


@dataclass
class Matrix:
    blocks: list[CategoryBlock]
    total: int  # distinct entries

    def long_rows(self) -> list[tuple[str, str, str, int]]:
        """(category, language, target group, entries): every non-empty cell."""
        out = []
        for block in self.blocks:
            for row in block.rows:
                for (group, _label), count in zip(block.target_groups, row.cells, strict=True):
                    if count:
                        out.append((block.category, row.language, group, count))
        return out


def _group_order(values: set[str]) -> list[str]:
    known = [v for v in TargetGroup.values if v in values]
    other = sorted(v for v in values if v not in TargetGroup.values and v != NOT_GIVEN)
    return known + other + ([NOT_GIVEN] if NOT_GIVEN in values else [])


def coverage_matrix(
    entries: list[Entry], ui_language: str, columns: set[str] | None = None
) -> Matrix:
    """Count entries per tray category x language of service x target group; `columns` are
    columns shown in every category even where they are empty (the region's groups, so that
    a municipality's missing group shows as zeros, not as a missing column)."""
    cells: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    per_language: dict[str, Counter[str]] = defaultdict(Counter)
    per_category: Counter[str] = Counter()
    groups_seen: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        per_category[entry.category] += 1
        groups = entry.target_groups or (NOT_GIVEN,)
        groups_seen[entry.category].update(groups)
        for lang in entry.languages or (NOT_GIVEN,):
            per_language[entry.category][lang] += 1
            for group in groups:
                cells[entry.category][lang][group] += 1
    order = list(TrayCategory.values) + sorted(set(per_category) - set(TrayCategory.values))
    blocks = []
    for category in order:
        if not per_category[category]:
            continue
        group_values = _group_order(groups_seen[category] | (columns or set()))
        langs = sorted(
            per_language[category],
            key=lambda code: (code == NOT_GIVEN, language_label(code, ui_language).casefold()),
        )
        rows = [
            MatrixRow(
                language=lang,
                label=language_label(lang, ui_language),
                cells=[cells[category][lang][g] for g in group_values],
                total=per_language[category][lang],
            )
            for lang in langs
        ]
        blocks.append(
            CategoryBlock(
                category=category,
                label=category_label(category),
                target_groups=[(g, target_group_label(g)) for g in group_values],
                rows=rows,
                total=per_category[category],
            )
        )
    return Matrix(blocks=blocks, total=len(entries))


def region_target_groups(entries: list[Entry]) -> set[str]:
    """The target groups the entries name (not "not given")."""
    return {g for e in entries for g in e.target_groups}


@dataclass
class MunicipalityRow:
    code: str
    name: str
    cells: list[int]  # one per category of `categories`
    total: int
    languages: int  # distinct languages of service
    missing_groups: list[str]  # labels of the region's target groups with no entry here


def municipality_summary(
    region: Region, entries: list[Entry]
) -> tuple[list[tuple[str, str]], list[MunicipalityRow]]:
    """Entries per municipality of the region and tray category (an entry serving several
    municipalities counts in each)."""
    categories = [(value, str(label)) for value, label in TrayCategory.choices]
    region_groups = region_target_groups(entries) - {TargetGroup.EVERYONE.value}
    rows = []
    for code, name in region.municipalities:
        here = [e for e in entries if code in e.codes]
        counts = Counter(e.category for e in here)
        langs = {lang for e in here for lang in e.languages}
        groups_here = {g for e in here for g in e.target_groups}
        rows.append(
            MunicipalityRow(
                code=code,
                name=name,
                cells=[counts[value] for value, _label in categories],
                total=len(here),
                languages=len(langs),
                missing_groups=[
                    target_group_label(g) for g in _group_order(region_groups - groups_here)
                ],
            )
        )
    return categories, rows


# --- Languages clients need -----------------------------------------------------------------


@dataclass(frozen=True)
class LanguageNeed:
    language: str
    label: str  # the language's name in the UI language
    autonym: str  # the name in the language itself ("" when not known)
    clients: PersonCount
    services: int
    gap: str  # "" | "none" | "few"

    @property
    def clients_per_service(self) -> Decimal | None:
        """Clients per published entry in the language, to one decimal; None where it may not
        or cannot be given (a client count under 5, or no entries)."""
        if self.clients.shown is None or not self.services:
            return None
        ratio = Decimal(self.clients.shown) / Decimal(self.services)
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def ratio_label(self) -> str:
        ratio = self.clients_per_service
        return "–" if ratio is None else number_format(ratio, decimal_pos=1)

    @property
    def gap_label(self) -> str:
        if self.gap == "none":
            return _("Gap: no services in this language")
        if self.gap == "few":
            return _("Gap: few services for the clients")
        return _("Covered") if self.services else "–"


def _client_language_counts(municipality_ids: list[int]) -> dict[str, int]:
    """Active clients of the municipalities per language they need (exact: stays here)."""
    from kotopolku.clients.models import Client, ClientStatus

    if not municipality_ids:
        return {}
    counts: Counter[str] = Counter()
    combos = (
        Client.objects.filter(status=ClientStatus.ACTIVE, municipality_id__in=municipality_ids)
        .order_by()
        .values("mother_tongue", "service_languages")
        .annotate(n=Count("id"))
    )
    for combo in combos:
        needed = {combo["mother_tongue"], *(combo["service_languages"] or ())} - {""}
        for code in needed:
            counts[code] += combo["n"]
    return dict(counts)


def _gap(clients: int, services: int) -> str:
    if clients and not services:
        return "none"
    if clients >= SMALL_NUMBER and services * CLIENTS_PER_SERVICE < clients:
        return "few"
    return ""


GAP_ORDER = {"none": 0, "few": 1, "": 2}


def language_needs(region: Region, entries: list[Entry], ui_language: str) -> list[LanguageNeed]:
    """Every language clients of the region need or services are given in, gaps first."""
    exact = _client_language_counts(region.municipality_ids)
    services: Counter[str] = Counter(lang for e in entries for lang in e.languages)
    rows = []
    for code in set(exact) | set(services):
        count = exact.get(code, 0)
        rows.append(
            LanguageNeed(
                language=code,
                label=language_label(code, ui_language),
                autonym=languages.AUTONYMS.get(code, ""),
                clients=PersonCount.of(count),
                services=services[code],
                gap=_gap(count, services[code]),
            )
        )
    # order by what is shown only (an "under 5" sorts as 0), never by the exact count
    rows.sort(key=lambda r: (GAP_ORDER[r.gap], -(r.clients.shown or 0), r.label.casefold()))
    return rows
