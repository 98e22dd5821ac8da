"""The tray for one client (issue 15): the client's filters, why an entry matches, and the
ranking (docs/catalog.md, "The tray for a client").

Four criteria, each a filter that starts on and can be removed (`REASONS`):

- `municipality`: the entry serves the client's municipality of residence. An entry shared
  by the region lists every municipality of the region, so it stays; an entry of another
  region (or of another municipality only) goes.
- `language`: the entry is given in a language the client speaks (mother tongue, languages of
  service) or needs an interpreter for.
- `target_group`: the entry's target groups fit the client (`fitting_groups`: age, jobseeker
  or not, family, basis of residence). An entry for everyone, or without target groups, fits
  everyone. Groups the register records nothing about (women, students without a study
  permit, entrepreneurs) are not judged: such an entry stays, without the reason.
- `need`: the entry answers a need the client's latest assessment found, as the one table
  `casework.needs.NEED_TRAY` says (through `hooks.need_table` and `hooks.client_needs`).

A result's `matched_on` lists the reasons it fits the client, whether or not the filter is on
(a removed filter widens the list; its reason still ranks). Results are ranked by the number
of reasons, then the number of needs answered, then open now, then starting soon, then the
words' relevance (with `q`), then the name.

The candidates are the entries the other filters find, at most `CANDIDATE_LIMIT` of them
(in the order of the search) before the client's filters and the ranking.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from kotopolku.catalog import hooks
from kotopolku.catalog.models import Service, TargetGroup
from kotopolku.catalog.search.query import SearchQuery, search, timing
from kotopolku.clients.models import Client, HouseholdMember, ImmigrationBasis, JobseekerPeriod

MUNICIPALITY, LANGUAGE, TARGET_GROUP, NEED = "municipality", "language", "target_group", "need"
REASONS = (MUNICIPALITY, LANGUAGE, TARGET_GROUP, NEED)
CANDIDATE_LIMIT = 1000

# Ages (years, at today) for the age-bound target groups.
CHILD_UNDER = 13
YOUTH_UNDER = 30
ADULT_FROM = 18
SENIOR_FROM = 65
# Target groups the client register says nothing about: not judged either way.
UNJUDGED_GROUPS = frozenset({TargetGroup.WOMEN, TargetGroup.STUDENTS, TargetGroup.ENTREPRENEURS})
# The entry's texts a need's words are looked for in (every language).
NEED_TEXT_FIELDS = ("name", "summary", "description")


@dataclass(frozen=True)
class TrayNeed:
    """What one service need looks for in the tray: any of these target groups, programme
    elements, tray categories or provider kinds, or a word beginning with one of `words`
    in the entry's name, summary, description or keywords (any language)."""

    code: str
    label: Any
    target_groups: frozenset[str] = frozenset()
    elements: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    owner_kinds: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """Built once per need (not per entry ranked; a frozen dataclass keeps a cached
        property in its __dict__)."""
        if not self.words:
            return None
        return re.compile(r"\b(?:" + "|".join(map(re.escape, self.words)) + ")", re.IGNORECASE)

    def answers(self, service: Service) -> bool:
        if set(service.target_groups or []) & self.target_groups:
            return True
        if service.programme_element in self.elements or service.tray_category in self.categories:
            return True
        if self.owner_kinds and service.owner.kind in self.owner_kinds:
            return True
        pattern = self.pattern
        return pattern is not None and any(pattern.search(text) for text in _texts(service))


def _texts(service: Service) -> Iterable[str]:
    for name in NEED_TEXT_FIELDS:
        yield from (str(v) for v in (getattr(service, name) or {}).values() if v)
    keywords = service.keywords or {}
    if isinstance(keywords, dict):
        for words in keywords.values():
            yield " ".join(map(str, words)) if isinstance(words, list) else str(words)


def need_table() -> dict[str, TrayNeed]:
    """Every need an assessment records, by code, in the list's order."""
    return {need.code: need for table in hooks.need_table() for need in table}


@dataclass(frozen=True)
class ClientProfile:
    """What the tray knows of one client: never shown as such (no name), only as filters."""

    client_id: uuid.UUID
    municipality: str | None
    languages: tuple[str, ...]
    groups: frozenset[str]
    need_codes: tuple[str, ...]  # every need recorded (with those the table looks nothing for)


def _age(birth: datetime.date, today: datetime.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def fitting_groups(client: Client, needs: Iterable[str], today: datetime.date) -> frozenset[str]:
    """The tray's target groups that fit the client."""
    groups = {TargetGroup.EVERYONE.value}
    age = _age(client.birth_date, today)
    if age < CHILD_UNDER:
        groups.add(TargetGroup.CHILDREN)
    if CHILD_UNDER <= age < YOUTH_UNDER:
        groups.add(TargetGroup.YOUTH)
    if age >= ADULT_FROM:
        groups.add(TargetGroup.ADULTS)
    if age >= SENIOR_FROM:
        groups.add(TargetGroup.SENIORS)
    jobseeker = JobseekerPeriod.objects.filter(client=client, start__lte=today).exclude(
        end__lt=today
    )
    if jobseeker.exists():
        groups.add(TargetGroup.JOBSEEKERS)
    households = HouseholdMember.objects.filter(client=client).values("household_id")
    with_children = (
        HouseholdMember.objects.filter(household_id__in=households)
        .exclude(client=client)
        .filter(relation=HouseholdMember.Relation.CHILD)
        .exists()
    )
    if with_children or client.home_care_allowance:
        groups.add(TargetGroup.FAMILIES)
    if client.home_care_allowance:
        groups.add(TargetGroup.PARENTS_AT_HOME)
    if client.immigration_basis == ImmigrationBasis.QUOTA_REFUGEE:
        groups.add(TargetGroup.QUOTA_REFUGEES)
    if client.immigration_basis == ImmigrationBasis.STUDY:
        groups.add(TargetGroup.STUDENTS)
    if "literacy" in needs:
        groups.add(TargetGroup.LITERACY)
    return frozenset(str(g) for g in groups)


def client_languages(client: Client) -> tuple[str, ...]:
    """The languages the client speaks or needs an interpreter for, each once."""
    found = [client.mother_tongue, *(client.service_languages or [])]
    if client.interpreter_needed and client.interpreter_language:
        found.append(client.interpreter_language)
    return tuple(dict.fromkeys(code.lower() for code in found if code))


def profile(client: Client, today: datetime.date | None = None) -> ClientProfile:
    """The client's profile for the tray (the caller has checked that the user sees the
    client and logs the read)."""
    today = today or timezone.localdate()
    needs = tuple(code for found in hooks.client_needs(client.pk) for code in found)
    return ClientProfile(
        client_id=client.pk,
        municipality=client.municipality.code if client.municipality_id else None,  # type: ignore[union-attr]
        languages=client_languages(client),
        groups=fitting_groups(client, needs, today),
        need_codes=needs,
    )


@dataclass
class Match:
    """Why one entry fits the client."""

    service: Service
    reasons: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)  # the codes of the needs it answers
    passes_groups: bool = True
    open_now: bool = False
    starts_soon: bool = False

    @property
    def rank(self) -> tuple[Any, ...]:
        score = float(getattr(self.service, "score", 0.0) or 0.0)
        return (
            -len(self.reasons),
            -len(self.needs),
            not self.open_now,
            not self.starts_soon,
            -score,
        )


@dataclass(frozen=True)
class ClientFilters:
    """The filters in force: the criteria left on (`active`), and one need asked for (from
    the assessment page's link), which then stands for the needs of the assessment."""

    active: frozenset[str] = frozenset(REASONS)
    need: str | None = None

    def needs(self, client: ClientProfile, table: dict[str, TrayNeed]) -> list[TrayNeed]:
        codes = (self.need,) if self.need else client.need_codes
        return [
            table[code] for code in codes if code in table and _looks_for_something(table[code])
        ]


def _looks_for_something(need: TrayNeed) -> bool:
    return bool(
        need.target_groups or need.elements or need.categories or need.owner_kinds or need.words
    )


def match(service: Service, client: ClientProfile, needs: list[TrayNeed]) -> Match:
    found = Match(service)
    if client.municipality and client.municipality in (service.municipality_codes or []):
        found.reasons.append(MUNICIPALITY)
    if set(client.languages) & {code.lower() for code in service.languages or []}:
        found.reasons.append(LANGUAGE)
    groups = set(service.target_groups or [])
    if not groups or groups & client.groups:
        found.reasons.append(TARGET_GROUP)
    found.passes_groups = TARGET_GROUP in found.reasons or bool(groups & UNJUDGED_GROUPS)
    found.needs = [need.code for need in needs if need.answers(service)]
    if found.needs:
        found.reasons.append(NEED)
    return found


def applicable(client: ClientProfile, needs: list[TrayNeed]) -> list[str]:
    """The criteria the client has something for (a client without a municipality has no
    municipality filter; one without needs found, no need filter)."""
    have = {
        MUNICIPALITY: bool(client.municipality),
        LANGUAGE: bool(client.languages),
        TARGET_GROUP: True,
        NEED: bool(needs),
    }
    return [reason for reason in REASONS if have[reason]]


def _keeps(found: Match, on: set[str]) -> bool:
    for reason in on:
        if reason == TARGET_GROUP:
            if not found.passes_groups:
                return False
        elif reason not in found.reasons:
            return False
    return True


@dataclass
class ClientResults:
    count: int
    matches: list[Match]
    on: list[str]  # the filters in force, in the order of REASONS
    off: list[str]  # the filters the client has something for that were removed
    needs: list[TrayNeed]  # the needs the need filter looks for


def client_search(
    query: SearchQuery,
    client: ClientProfile,
    filters: ClientFilters,
    *,
    limit: int,
    offset: int,
    now: datetime.datetime | None = None,
) -> ClientResults:
    """The entries the query finds, filtered and ranked for the client."""
    now = now or timezone.now()
    table = need_table()
    needs = filters.needs(client, table)
    possible = applicable(client, needs)
    on = [reason for reason in possible if reason in filters.active]
    if query.municipality:  # a municipality chosen by hand replaces the client's
        on = [reason for reason in on if reason != MUNICIPALITY]
    elif MUNICIPALITY in on:
        query = dataclasses.replace(query, municipality=client.municipality)
    found = search(query, limit=CANDIDATE_LIMIT, offset=0, now=now).results
    # the reasons are judged against every need recorded, the filter against those asked for
    all_needs = [
        table[c]
        for c in dict.fromkeys((*client.need_codes, *([filters.need] if filters.need else [])))
        if c in table and _looks_for_something(table[c])
    ]
    kept = []
    for service in found:
        m = match(service, client, all_needs)
        if NEED in on and not {n.code for n in needs} & set(m.needs):
            continue
        if _keeps(m, {r for r in on if r != NEED}):
            kept.append(m)
    open_now, soon = timing([m.service.pk for m in kept], now)
    for m in kept:
        m.open_now = m.service.pk in open_now
        m.starts_soon = m.service.pk in soon
    kept.sort(key=lambda m: m.rank)  # stable: ties keep the search's order (name or relevance)
    off = [reason for reason in possible if reason not in on]
    return ClientResults(
        count=len(kept),
        matches=kept[max(offset, 0) : max(offset, 0) + max(limit, 0)],
        on=on,
        off=off,
        needs=needs,
    )
