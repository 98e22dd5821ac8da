"""What the public path reads: a municipality's published tray entries, sorted into the steps,
and the programme published for it. Nothing is cached: every request reads the database, so a
newly published programme version (or an entry published or archived in the tray) shows on the
next page load.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet

from kotopolku.catalog.coverage.region import published_entries
from kotopolku.catalog.models import Service, ServiceTime
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.models import Programme, ProgrammeAnswer, ProgrammeSection
from kotopolku.public.texts import StepRule

UPCOMING_DAYS = 60  # dated times within this many days are listed as "coming dates"


def municipality(code: str, day: datetime.date | None = None) -> Municipality | None:
    """The municipality with the 3-digit `code` valid on `day` (default today), else None."""
    if not (len(code) == 3 and code.isdigit()):
        return None
    return Municipality.objects.valid_on(day).filter(code=code).first()


def served_codes() -> set[str]:
    """The municipalities that an active organisation of this installation serves."""
    return set(
        Organisation.objects.filter(is_active=True)
        .values_list("serves__code", flat=True)
        .exclude(serves__code=None)
    )


def published_programme(code: str) -> Programme | None:
    """The programme version in force for the municipality: the latest published version of a
    programme (own or joint) that covers it; drafts, versions in review, approved but not yet
    published and superseded versions never count."""
    return (
        Programme.objects.filter(status=Programme.Status.PUBLISHED, municipalities__code=code)
        .select_related("organisation")
        .order_by(F("published_at").desc(nulls_last=True), "-approved_on", "-version")
        .first()
    )


@dataclass
class ProgrammePart:
    """One part of the published programme as the path shows it."""

    element: str
    responsible: list[str]  # the B answers (responsible parties), as written
    services: list[Service]  # the part's linked entries that are published


def programme_parts(programme: Programme) -> dict[str, ProgrammePart]:
    """The programme's parts by element: their B answers and published linked services."""
    sections = ProgrammeSection.objects.filter(programme=programme).prefetch_related(
        Prefetch(
            "answers",
            queryset=ProgrammeAnswer.objects.filter(part=ProgrammeAnswer.Part.B).order_by(
                "position"
            ),
        ),
        Prefetch("services", queryset=_with_details(Service.objects.published())),
    )
    parts: dict[str, ProgrammePart] = {}
    for section in sections.order_by("number"):
        if section.element in parts:
            continue
        parts[section.element] = ProgrammePart(
            element=section.element,
            responsible=[a.text.strip() for a in section.answers.all() if a.text.strip()],
            services=sorted(section.services.all(), key=lambda s: str(s.display_name("fi"))),
        )
    return parts


def _with_details(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return queryset.select_related("owner").prefetch_related(
        "places", Prefetch("times", queryset=ServiceTime.objects.order_by("date", "weekday"))
    )


def municipality_services(code: str) -> list[Service]:
    """The published entries serving the municipality (its own list names it, or it names none
    and its owner serves it: the tray's rule, `catalog.coverage.region.published_entries`),
    with their owner, places and times."""
    ids = [entry.id for entry in published_entries({code})]
    if not ids:
        return []
    return list(_with_details(Service.objects.published().filter(pk__in=ids)))


def matches(rule: StepRule, service: Service) -> bool:
    """Does the tray entry belong to the step (data/steps.toml)?"""
    if rule.owners and service.owner.slug not in rule.owners:
        return False
    if rule.element:
        if service.programme_element != rule.element:
            return False
        if service.kind == Service.Kind.AUTHORITY_ROLE and not rule.owners:
            return False
    if rule.schedule and service.schedule_kind not in rule.schedule:
        return False
    return not (rule.exclude_schedule and service.schedule_kind in rule.exclude_schedule)


@dataclass
class StepServices:
    rule: StepRule
    services: list[Service] = field(default_factory=list)
    in_programme: set[uuid.UUID] = field(default_factory=set)
    part: ProgrammePart | None = None


def steps_for(
    rules: Iterable[StepRule], services: list[Service], parts: dict[str, ProgrammePart]
) -> list[StepServices]:
    """Each step's entries: the programme part's linked entries first (marked), then the
    other matching entries of the municipality, by provider and name."""
    out = []
    for rule in rules:
        part = parts.get(rule.element) if rule.programme else None
        linked = list(part.services) if part else []
        linked_ids = {s.pk for s in linked}
        rest = sorted(
            (s for s in services if matches(rule, s) and s.pk not in linked_ids),
            key=lambda s: (str(s.owner.display_name("fi")), str(s.display_name("fi"))),
        )
        out.append(StepServices(rule, linked + rest, linked_ids, part))
    return out


def upcoming_times(
    service: Service, today: datetime.date, days: int = UPCOMING_DAYS
) -> list[ServiceTime]:
    """The entry's dated times from today on, within `days`."""
    horizon = today + datetime.timedelta(days=days)
    return [t for t in service.times.all() if t.date is not None and today <= t.date <= horizon]


def weekly_times(service: Service, today: datetime.date) -> list[ServiceTime]:
    """The entry's weekly times that hold today or later."""
    return [
        t
        for t in service.times.all()
        if t.weekday is not None and t.date is None and (t.valid_to is None or t.valid_to >= today)
    ]
