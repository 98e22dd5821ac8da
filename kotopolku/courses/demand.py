"""The demand of a quarter (issue 16, item 2): from the client register, how many clients of
an area need each group-guidance theme and civic-orientation unit, in which language and year
of integration, and how many of them need an interpreter in which language.

The rules are `courses.rules` (pure); this module reads the register in two queries whatever
the number of clients (the clients with their residence and language facts, and their
jobseeker periods for the assessment duty, as plain values) and counts. It returns counts only, never names.

Inputs that the courses models will feed (`courses.models`, built in parallel): the
curriculum's theme keys (`rules.Curriculum`), the themes each client has attended (a mapping
or a callable from the client's id), and the counsellors' enrolment requests and waitlists (a
mapping from (theme key, language) to client ids). Until then callers pass plain values.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from kotopolku.clients.actions import assessment_duty_of
from kotopolku.clients.models import Client, ClientStatus, JobseekerPeriod
from kotopolku.clients.rules import Period, is_jobseeker
from kotopolku.courses import rules
from kotopolku.courses.rules import Curriculum, Languages, Quarter

ClientId = uuid.UUID | str
Attended = Mapping[Any, Collection[str]] | Callable[[Any], Collection[str]]
Requests = Mapping[tuple[str, str], Iterable[ClientId]]

# The register columns the demand reads (the year, the languages, the assessment duty).
FIELDS = (
    "id",
    "first_permit_date",
    "mother_tongue",
    "service_languages",
    "interpreter_language",
    "civic_orientation_pending",
    "birth_date",
    "immigration_basis",
    "integration_window_end",
    "unaccompanied_minor",
    "protection_family_member",
    "social_assistance",
    "home_care_allowance",
    "assessment_requested_on",
    "assessment_need_noted",
)
REGISTER = "register"
REQUESTED = "requested"
WAITLISTED = "waitlisted"
YEAR_ORDER_UNKNOWN = 99


@dataclass(frozen=True)
class DemandRow:
    """One theme in one course language for one year of integration (`rules.BEYOND` after the
    third, None when the client's start is unknown or a requested client is outside the
    area's active clients)."""

    theme: str
    language: str
    year: int | None
    clients: int  # every client counted here: from the register and from the requests
    requested: int  # of them, through a counsellor's enrolment request
    waitlisted: int  # of them, on a waitlist
    interpreters: tuple[tuple[str, int], ...]  # (language, clients) in code order

    @property
    def needing_interpreter(self) -> int:
        return sum(n for _code, n in self.interpreters)

    def as_dict(self) -> dict[str, Any]:
        return {
            "theme": self.theme,
            "language": self.language,
            "year": year_label(self.year),
            "clients": self.clients,
            "requested": self.requested,
            "waitlisted": self.waitlisted,
            "needing_interpreter": self.needing_interpreter,
            "interpreters": dict(self.interpreters),
        }


@dataclass(frozen=True)
class QuarterDemand:
    quarter: Quarter
    municipalities: tuple[str, ...]
    threshold: int
    shared_languages: tuple[str, ...]
    # the course languages of each theme with demand, in the curriculum's order
    course_languages: tuple[tuple[str, tuple[str, ...]], ...]
    rows: tuple[DemandRow, ...]
    clients_read: int  # active clients of the municipalities
    clients_in_demand: int  # of them, needing at least one theme
    start_unknown: int  # of them, with no first permit or registration date
    language_unknown: int  # of them, with no language recorded
    rules: tuple[str, ...] = field(
        default=(
            rules.INTEGRATION_YEAR_RULES[0].id,
            rules.GROUP_GUIDANCE_RULES[0].id,
            rules.CIVIC_ORIENTATION_RULES[0].id,
            rules.COURSE_LANGUAGE_RULES[0].id,
        )
    )

    def as_dict(self) -> dict[str, Any]:
        """The demand as JSON-ready values (dates as ISO text, the year as 1, 2, 3,
        "beyond" or null)."""
        return {
            "quarter": str(self.quarter),
            "first_day": self.quarter.first_day.isoformat(),
            "last_day": self.quarter.last_day.isoformat(),
            "municipalities": list(self.municipalities),
            "threshold": self.threshold,
            "shared_languages": list(self.shared_languages),
            "course_languages": {theme: list(codes) for theme, codes in self.course_languages},
            "rows": [row.as_dict() for row in self.rows],
            "clients_read": self.clients_read,
            "clients_in_demand": self.clients_in_demand,
            "start_unknown": self.start_unknown,
            "language_unknown": self.language_unknown,
            "rules": list(self.rules),
        }


def year_label(year: int | None) -> int | str | None:
    return "beyond" if year == rules.BEYOND else year


@dataclass
class _Need:
    """One client's need of one theme, before the language is chosen."""

    client: str
    year: int | None
    theme: str
    languages: Languages
    source: str = REGISTER


def _attended_of(attended: Attended | None) -> Callable[[str], Collection[str]]:
    if attended is None:
        return lambda _key: ()
    if callable(attended):
        return lambda key: attended(key)
    by_text = {str(k): v for k, v in attended.items()}
    return lambda key: by_text.get(key, ())


def _codes(area: Iterable[Any]) -> tuple[str, ...]:
    """Municipality codes from codes or `orgs.Municipality` rows."""
    return tuple(sorted({str(getattr(m, "code", m)) for m in area}))


def _requests(
    requests: Requests | None, waitlists: Requests | None
) -> dict[tuple[str, str], tuple[str, str]]:
    """(client, theme) -> (language, source): one per client and theme. A waitlist place wins
    over a request; among several languages the first in code order."""
    chosen: dict[tuple[str, str], tuple[str, str]] = {}
    for source, given in ((WAITLISTED, waitlists), (REQUESTED, requests)):
        for (theme, language), ids in sorted((given or {}).items()):
            for client_id in ids:
                chosen.setdefault((str(client_id), theme), (language, source))
    return chosen


def active_clients(codes: Sequence[str]) -> QuerySet[Client]:
    """The active clients of the municipalities, with the columns the demand reads."""
    return (
        Client.objects.filter(status=ClientStatus.ACTIVE, municipality__code__in=codes)
        .order_by("pk")
        .only(*FIELDS)
    )


def jobseeker_periods(clients: QuerySet[Client]) -> dict[str, list[Period]]:
    """The jobseeker periods of `clients` by the client's id (text), in one query."""
    found: dict[str, list[Period]] = defaultdict(list)
    rows = (
        JobseekerPeriod.objects.filter(client__in=clients.values("pk"))
        .order_by()
        .values_list("client_id", "start", "end")
    )
    for client_id, start, end in rows:
        found[str(client_id)].append(Period(start, end))
    return found


def quarter_demand(
    quarter: Quarter | str,
    area_municipalities: Iterable[Any],
    *,
    curriculum: Curriculum,
    attended: Attended | None = None,
    requests: Requests | None = None,
    waitlists: Requests | None = None,
    threshold: int | None = None,
    shared_languages: Sequence[str] | None = None,
) -> QuarterDemand:
    """The demand of `quarter` in the area's municipalities (codes or Municipality rows).

    A client's year of integration and their duty of civic orientation are taken on the
    quarter's first day. `attended` gives the theme keys a client has attended (by the
    client's id, a UUID or its text); `requests` and `waitlists` map (theme key, language) to
    the ids of clients a counsellor asked to enrol, or who wait for a place: such a client
    counts in that language (it overrides their register language for the theme, and counts
    toward that language's threshold), in the year of their record (None if they are not an
    active client of the area). `threshold` overrides the setting
    KOTOPOLKU_COURSE_LANGUAGE_THRESHOLD (the organisation's own number, see
    `rules.COURSE_LANGUAGE_RULES`); `shared_languages` the setting
    KOTOPOLKU_COURSE_SHARED_LANGUAGES (default Finnish, then English)."""
    if isinstance(quarter, str):
        quarter = Quarter.parse(quarter)
    day = quarter.first_day
    codes = _codes(area_municipalities)
    limit = rules.language_threshold(
        day, threshold if threshold is not None else settings.COURSE_LANGUAGE_THRESHOLD
    )
    shared = tuple(
        settings.COURSE_SHARED_LANGUAGES if shared_languages is None else shared_languages
    )
    if not shared:
        raise ValueError("shared_languages: at least one language (e.g. Finnish) is needed")
    attended_of = _attended_of(attended)
    overrides = _requests(requests, waitlists)

    needs: list[_Need] = []
    known: dict[str, tuple[int | None, Languages]] = {}
    read = start_unknown = language_unknown = 0
    clients = active_clients(codes)
    periods = jobseeker_periods(clients) if codes else {}
    for client in clients if codes else ():
        read += 1
        key = str(client.pk)
        year = rules.integration_year(client.first_permit_date, day)
        languages = Languages(
            client.mother_tongue,
            tuple(c for c in (client.service_languages or ()) if c),
            client.interpreter_language,
        )
        known[key] = (year, languages)
        start_unknown += year is None
        language_unknown += not languages.known()
        integration_client = (
            client.civic_orientation_pending
            or assessment_duty_of(
                client, jobseeker=is_jobseeker(periods.get(key, ()), day), day=day
            ).owed
        )
        themes = rules.needed_themes(
            year,
            integration_client=integration_client,
            curriculum=curriculum,
            attended=attended_of(key),
            day=day,
        )
        needs.extend(_Need(key, year, theme, languages) for theme in themes)
    in_demand = len({n.client for n in needs})

    # the counsellors' requests and waitlists: the requested language comes first
    by_client_theme = {(n.client, n.theme): n for n in needs}
    for (key, theme), (language, source) in sorted(overrides.items()):
        year, languages = known.get(key, (None, Languages()))
        requested = Languages(language, languages.known(), language)
        need = by_client_theme.get((key, theme))
        if need is None:
            needs.append(_Need(key, year, theme, requested, source))
        else:
            need.languages, need.source = requested, source

    first_choice: dict[str, Counter[str]] = defaultdict(Counter)
    for need in needs:
        first_choice[need.theme][need.languages.first_choice()] += 1
    offered = {
        theme: rules.course_languages(counts, limit, shared)
        for theme, counts in first_choice.items()
    }

    cells: dict[tuple[str, str, int | None], Counter[str]] = defaultdict(Counter)
    interpreters: dict[tuple[str, str, int | None], Counter[str]] = defaultdict(Counter)
    for need in needs:
        placement = rules.place(need.languages, offered[need.theme], shared)
        cell = (need.theme, placement.language, need.year)
        cells[cell][need.source] += 1
        if placement.interpreter:
            interpreters[cell][placement.interpreter] += 1

    order = {key: i for i, key in enumerate(curriculum.order())}

    def theme_order(theme: str) -> tuple[int, str]:
        return (order.get(theme, len(order)), theme)

    def cell_order(cell: tuple[str, str, int | None]) -> tuple[Any, ...]:
        theme, language, year = cell
        return (*theme_order(theme), language, YEAR_ORDER_UNKNOWN if year is None else year)

    rows = tuple(
        DemandRow(
            theme=cell[0],
            language=cell[1],
            year=cell[2],
            clients=sum(cells[cell].values()),
            requested=cells[cell][REQUESTED],
            waitlisted=cells[cell][WAITLISTED],
            interpreters=tuple(sorted(interpreters[cell].items())),
        )
        for cell in sorted(cells, key=cell_order)
    )
    used = {(row.theme, row.language) for row in rows}
    return QuarterDemand(
        quarter=quarter,
        municipalities=codes,
        threshold=limit,
        shared_languages=shared,
        course_languages=tuple(
            (theme, tuple(sorted(c for c in offered[theme] if (theme, c) in used)))
            for theme in sorted(offered, key=theme_order)
        ),
        rows=rows,
        clients_read=read,
        clients_in_demand=in_demand,
        start_unknown=start_unknown,
        language_unknown=language_unknown,
    )
