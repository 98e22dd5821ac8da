"""Rules of the demand for group guidance and civic orientation (issue 16, item 2): a client's
year of integration, the themes they need in a quarter, and the language they take a theme in
(with the interpreter rule). Pure functions over dates and plain facts, no database; each rule
is a dated, cited version (`core.rulebook`) whose numbers are its parameters.

Sources: the Toivo model of the North Karelia regional integration centre (seed
`toivo-regional-integration-centre-model.txt`: group guidance for the first, second and third
year of integration, every theme at least once a quarter, in the clients' mother tongues or
languages of service); Act 681/2023 s. 25 (multilingual civic orientation for every
kotoutuja-asiakas in their native or a well-known language, DOMAIN.md 1.8 and 0.1 C12); and the
organisation's own setting for when a language becomes a course language (not law).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from kotopolku.clients.rules import LAW_2025, age_on
from kotopolku.core.dates import add_years
from kotopolku.core.rulebook import Parameter, RuleVersion, Unit, in_force

TOIVO_SOURCE = "seed: toivo-regional-integration-centre-model.txt (Joensuu, Toivo)"

# --- The quarter -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter (1: January-March ... 4: October-December) of a year."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter is 1, 2, 3 or 4, not {self.number}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """A quarter written as 2027Q1 (or 2027-Q1, 2027q1)."""
        cleaned = text.strip().upper().replace("-", "")
        year, sep, number = cleaned.partition("Q")
        if not sep or not year.isdigit() or not number.isdigit():
            raise ValueError(f"quarter: write it as 2027Q1, not {text!r}")
        return cls(int(year), int(number))

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        following = Quarter(self.year + self.number // 4, self.number % 4 + 1)
        return following.first_day - datetime.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


# --- The year of integration (the Toivo model's years 1-3) -------------------------------------

INTEGRATION_YEAR_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        id="integration-year-toivo",
        title="The year of integration counts from the first residence permit or registration; "
        "group guidance has themes for years 1, 2 and 3",
        legal_reference=gettext_noop(
            "The organisation's own model (the Toivo regional integration centre: group "
            "guidance for the first, second and third year of integration); the three years "
            "follow the integration window of Act 681/2023 ss. 14 and 16"
        ),
        valid_from=LAW_2025,
        source=TOIVO_SOURCE,
        params=(Parameter("years", 3, Unit.YEARS),),
    ),
)
# The year after the model's last: the client is beyond the years group guidance serves.
BEYOND = 4


def integration_year(start: datetime.date | None, day: datetime.date) -> int | None:
    """The client's year of integration on `day`: 1, 2 or 3, or `BEYOND` after the third; None
    when the start (the first residence permit or registration, `Client.first_permit_date`) is
    unknown or later than `day`.

    Year n runs from the (n-1)th anniversary of the start to the day before the nth
    (`clients.rules.age_on`: a start on 29 February has its anniversary on 28 February in a
    common year). The third anniversary itself still counts as year 3: it is the last day of
    the integration window (`clients.rules.integration_window_end`, inclusive)."""
    if start is None or day < start:
        return None
    rule = in_force(INTEGRATION_YEAR_RULES, max(day, LAW_2025))
    years = rule.count("years")
    year = age_on(start, day) + 1
    if year <= years or day == add_years(start, years):
        return min(year, years)
    return BEYOND


# --- The themes a client needs in a quarter ----------------------------------------------------

GROUP_GUIDANCE_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        id="group-guidance-themes-toivo",
        title="Group guidance: the themes of the client's year of integration, each theme at "
        "least once a quarter, until the client has attended it",
        legal_reference=gettext_noop(
            "The organisation's own model (the Toivo regional integration centre: one-year "
            "cycle, every theme at least once in every quarter); not law"
        ),
        valid_from=LAW_2025,
        source=TOIVO_SOURCE,
    ),
)
CIVIC_ORIENTATION_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        id="civic-orientation-units-681-2023",
        title="Multilingual civic orientation is offered to every kotoutuja-asiakas in their "
        "native or a well-known language",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 25; Government Decree 576/2024 (the units' hours are unverified, "
            "DOMAIN.md C12: the curriculum's setting)"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/multilingual-civic-orientation",
    ),
)


@dataclass(frozen=True)
class Curriculum:
    """The theme keys the demand is counted for, in the curriculum's order: group-guidance
    themes by year of integration (1, 2, 3), and the units of civic orientation. The courses
    models (`courses.models`) feed it; the rules only read keys."""

    guidance: Mapping[int, Sequence[str]] = field(default_factory=dict)
    civic_orientation: Sequence[str] = ()

    def order(self) -> tuple[str, ...]:
        """Every theme key once, in the curriculum's order (year 1, 2, 3, then civic)."""
        seen: dict[str, None] = {}
        for year in sorted(self.guidance):
            for key in self.guidance[year]:
                seen.setdefault(key)
        for key in self.civic_orientation:
            seen.setdefault(key)
        return tuple(seen)


def civic_orientation_owed(integration_client: bool, day: datetime.date) -> bool:
    """Is civic orientation offered to the client on `day`? To a kotoutuja-asiakas under
    s. 25 of Act 681/2023, from 1.1.2025; before it, this act set no duty."""
    return integration_client and day >= CIVIC_ORIENTATION_RULES[0].valid_from


def needed_themes(
    year: int | None,
    *,
    integration_client: bool,
    curriculum: Curriculum,
    attended: Collection[str],
    day: datetime.date,
) -> tuple[str, ...]:
    """The themes a client needs in the quarter starting on `day`, in the curriculum's order:
    the group-guidance themes of their year of integration (none beyond the third year or with
    the year unknown; Toivo model), the civic-orientation units if they are a kotoutuja-asiakas
    (s. 25), less the themes they have attended."""
    needed: list[str] = []
    if year is not None:
        needed.extend(curriculum.guidance.get(year, ()))
    if civic_orientation_owed(integration_client, day):
        needed.extend(curriculum.civic_orientation)
    done = set(attended)
    return tuple(dict.fromkeys(key for key in needed if key not in done))


# --- The course language and the interpreter rule ----------------------------------------------

COURSE_LANGUAGE_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        id="course-language-threshold",
        title="A language becomes a course language of a theme when this many clients need the "
        "theme in it; below that they join a shared-language group with an interpreter",
        legal_reference=gettext_noop(
            "The organisation's own setting (not law): Act 681/2023 s. 25 asks for the native "
            "or a well-known language; the Toivo model gives group guidance in the mother "
            "tongues or languages of service, in other languages as needed"
        ),
        valid_from=LAW_2025,
        source=TOIVO_SOURCE + " ; https://kotoutuminen.fi/en/multilingual-civic-orientation",
        verified=False,
        params=(Parameter("clients", 5, Unit.PERSONS, own_target=True),),
    ),
)
# The code of a language nobody recorded (ISO 639-2 "undetermined"): the interpreter's
# language is to be found out.
UNKNOWN_LANGUAGE = "und"


def language_threshold(day: datetime.date, override: int | None = None) -> int:
    """How many clients make a language a course language of a theme, for a quarter starting
    on `day`: the version's number, or the organisation's `override` (a setting) where the
    version marks the number as its own target."""
    version = in_force(COURSE_LANGUAGE_RULES, max(day, LAW_2025))
    parameter = version.parameter("clients")
    if override is not None and parameter.own_target:
        if override < 1:
            raise ValueError("the course-language threshold is at least 1 client")
        return override
    return version.count("clients")


@dataclass(frozen=True)
class Languages:
    """A client's languages in the register: the mother tongue, the languages of service in the
    client's order, and the interpreter language if recorded (ISO 639 codes; "" unknown)."""

    mother_tongue: str = ""
    service: Sequence[str] = ()
    interpreter: str = ""

    def known(self) -> tuple[str, ...]:
        """The languages the client takes a course in, in order of preference: the mother
        tongue, then the languages of service."""
        return tuple(dict.fromkeys(c for c in (self.mother_tongue, *self.service) if c))

    def first_choice(self) -> str:
        """The language the client's demand counts in: the mother tongue, else the first
        language of service; "" when none is recorded."""
        known = self.known()
        return known[0] if known else ""

    def interpreter_language(self) -> str:
        """The language an interpreter works in for the client: the recorded interpreter
        language, else the mother tongue, else the first language of service, else unknown."""
        return self.interpreter or self.first_choice() or UNKNOWN_LANGUAGE


def course_languages(
    counts: Mapping[str, int], threshold: int, shared: Iterable[str]
) -> frozenset[str]:
    """The course languages of one theme: those whose demand (clients by first choice) reaches
    `threshold`, and the shared languages (Finnish, English: the groups others join with an
    interpreter), which are always course languages."""
    return frozenset({code for code, n in counts.items() if code and n >= threshold}) | set(shared)


@dataclass(frozen=True)
class Placement:
    """The language a client takes a theme in, and the interpreter's language ("" none)."""

    language: str
    interpreter: str = ""


def place(languages: Languages, offered: Collection[str], shared: Sequence[str]) -> Placement:
    """The group a client joins for a theme whose course languages are `offered`: their mother
    tongue if it is one; else the first language of service that is one (a well-known
    language, no interpreter); else the first shared language (`shared[0]`, Finnish by
    default) with an interpreter in their language."""
    for code in languages.known():
        if code in offered:
            return Placement(code)
    if not shared:
        raise ValueError("at least one shared language (e.g. Finnish) is needed")
    return Placement(shared[0], languages.interpreter_language())
