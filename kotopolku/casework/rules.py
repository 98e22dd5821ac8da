"""The rules of casework that come from law: what may be recorded, and when each step is due.

Every rule is a dated, cited `RuleVersion`; a change in the law adds a version here instead
of editing history. Facts that DOMAIN.md marks unverified ([U]) carry `verified=False` and
take their number from settings, with the stated default. Functions here are pure: they
take dates and plain facts and return violations or deadlines, so they are tested at every
boundary without a database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from kotopolku.clients.rules import LAW_2025, WINDOW_RULES, within_window
from kotopolku.core.dates import add_months, add_years
from kotopolku.core.rulebook import RuleVersion, in_force

ONE_DAY = datetime.timedelta(days=1)

ASSESSMENT_START = (
    RuleVersion(
        id="assessment-start-months",
        title="The assessment starts within a set time of the client becoming a client",
        legal_reference=gettext_noop(
            "Act 1386/2010 practice (two months); the time limit of Act 681/2023 "
            "ss. 14-16 is unverified"
        ),
        valid_from=LAW_2025,
        source="http://www.eksote.fi/sosiaalipalvelut/maahanmuuttajat/alkukartoitus-ja-kotoutumissuunnitelma/Sivut/default.aspx",
        verified=False,
    ),
)
INITIAL_INTERVIEW = (
    RuleVersion(
        id="initial-interview-public-official-681-2023",
        title="The initial interview of the assessment is done by a public official",
        legal_reference=gettext_noop("Act 681/2023 s. 14"),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/how-and-when-is-an-assessment-conducted",
    ),
)
PLAN_AFTER_ASSESSMENT = (
    RuleVersion(
        id="plan-without-delay-681-2023",
        title="Preparing the plan starts without delay after the assessment",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 15 ('without delay'; the number of days is a setting)"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/when-is-the-integration-plan-drawn-up-",
        verified=False,
    ),
)
FIRST_PLAN_LENGTH = (
    RuleVersion(
        id="first-plan-one-year-681-2023",
        title="The first integration plan is made for at most one year",
        legal_reference=gettext_noop("Act 681/2023 s. 16"),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/when-is-the-integration-plan-drawn-up-",
    ),
)
PLANS_TOTAL_LENGTH = (
    RuleVersion(
        id="plans-total-two-years-681-2023",
        title="Integration plans last as a rule at most two years in total",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 16 ('as a rule'; a longer total needs a recorded reason)"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/when-is-the-integration-plan-drawn-up-",
    ),
)
SERVICES_WITHIN = (
    RuleVersion(
        id="services-within-six-months-681-2023",
        title="The client is directed to services within six months of the plan",
        legal_reference=gettext_noop("Act 681/2023 s. 15"),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/when-is-the-integration-plan-drawn-up-",
    ),
)
PLAN_REVIEW = (
    RuleVersion(
        id="plan-review-interval",
        title="A plan in force is reviewed at a set interval",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 17 (the duty to follow and update the plan; the "
            "interval is unverified, the previous act said at least yearly)"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/integration-plan",
        verified=False,
    ),
)
MISSED_APPOINTMENT = (
    RuleVersion(
        id="missed-appointment-fee-681-2023-32a",
        title="A fee may be charged for a missed appointment that caused interpreting costs",
        legal_reference=gettext_noop("Act 681/2023 s. 32 a (HE 21/2024)"),
        valid_from=LAW_2025,
        source="https://eduskunta.fi/fi/vaski/hallituksenesitys/sivut/he_21+2024.aspx",
    ),
)
WINDOW = WINDOW_RULES

ALL_RULES: tuple[RuleVersion, ...] = (
    *WINDOW,
    *ASSESSMENT_START,
    *INITIAL_INTERVIEW,
    *PLAN_AFTER_ASSESSMENT,
    *FIRST_PLAN_LENGTH,
    *PLANS_TOTAL_LENGTH,
    *SERVICES_WITHIN,
    *PLAN_REVIEW,
    *MISSED_APPOINTMENT,
)
# Rules whose breach a request may carry as a documented exception with its reason.
EXCEPTION_ALLOWED = frozenset(version.id for version in PLANS_TOTAL_LENGTH)


def is_total_rule(rule_id: str) -> bool:
    """Is this a version of the rule on the plans' total length?"""
    return any(version.id == rule_id for version in PLANS_TOTAL_LENGTH)


def rule(rule_id: str) -> RuleVersion:
    for version in ALL_RULES:
        if version.id == rule_id:
            return version
    raise KeyError(rule_id)


@dataclass(frozen=True)
class Limits:
    """The configurable numbers of the unverified rules (settings; see README)."""

    assessment_start_months: int = 2
    plan_after_assessment_days: int = 14
    plan_review_months: int = 6

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            assessment_start_months=settings.ASSESSMENT_START_MONTHS,
            plan_after_assessment_days=settings.PLAN_AFTER_ASSESSMENT_DAYS,
            plan_review_months=settings.PLAN_REVIEW_MONTHS,
        )


# --- Violations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: RuleVersion
    fields: tuple[str, ...]
    message: str

    @property
    def exception_allowed(self) -> bool:
        return self.rule.id in EXCEPTION_ALLOWED


def _on(versions: Sequence[RuleVersion], day: datetime.date) -> RuleVersion:
    return in_force(versions, max(day, LAW_2025))


def check_assessment(
    *,
    started: datetime.date,
    first_permit_date: datetime.date | None,
    basis: str,
    exempt_bases: Iterable[str],
    interviewer_is_public_official: bool,
) -> list[Violation]:
    found: list[Violation] = []
    if not within_window(first_permit_date, basis, started, exempt_bases=exempt_bases):
        message = (
            "The client's first permit or registration date is not recorded, so the "
            "integration window cannot be checked."
            if first_permit_date is None
            else "The assessment starts outside the client's integration window "
            "(three years from the first permit or registration)."
        )
        found.append(Violation(_on(WINDOW, started), ("started",), message))
    if not interviewer_is_public_official:
        found.append(
            Violation(
                _on(INITIAL_INTERVIEW, started),
                ("interviewer",),
                "The initial interview must be done by a public official.",
            )
        )
    return found


@dataclass(frozen=True)
class PlanSpan:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def last_day_of_years(start: datetime.date, years: int) -> datetime.date:
    """The last day of a period of `years` years starting on `start` (inclusive): the day
    before the anniversary; from 29 February, whose anniversary falls on 28 February in a
    common year (Act 150/1930 s. 4), that 28 February itself, so the period is as long as
    one starting on 28 February."""
    anniversary = add_years(start, years)
    return anniversary if anniversary.day != start.day else anniversary - ONE_DAY


def first_plan_last_day(start: datetime.date) -> datetime.date:
    """The last day a first plan starting on `start` may run to (one year, inclusive)."""
    return last_day_of_years(start, 1)


def total_plan_days_allowed(first_start: datetime.date) -> int:
    """Two years counted from the first plan's start, in days (inclusive)."""
    return (last_day_of_years(first_start, 2) - first_start).days + 1


def check_plan(
    plan: PlanSpan,
    *,
    others: Sequence[PlanSpan],
    first_permit_date: datetime.date | None,
    basis: str,
    exempt_bases: Iterable[str],
) -> list[Violation]:
    """Rules of one plan among the client's other (not cancelled) plans."""
    found: list[Violation] = []
    is_first = all(plan.start < other.start for other in others)
    if is_first:
        if not within_window(first_permit_date, basis, plan.start, exempt_bases=exempt_bases):
            message = (
                "The client's first permit or registration date is not recorded, so the "
                "integration window cannot be checked."
                if first_permit_date is None
                else "The first plan starts outside the client's integration window "
                "(three years from the first permit or registration)."
            )
            found.append(Violation(_on(WINDOW, plan.start), ("start",), message))
        if plan.end > first_plan_last_day(plan.start):
            found.append(
                Violation(
                    _on(FIRST_PLAN_LENGTH, plan.start),
                    ("end",),
                    "The first integration plan may last at most one year.",
                )
            )
    spans = [*others, plan]
    first_start = min(s.start for s in spans)
    if sum(s.days for s in spans) > total_plan_days_allowed(first_start):
        found.append(
            Violation(
                _on(PLANS_TOTAL_LENGTH, plan.start),
                ("end",),
                "The client's integration plans would last over two years in total; "
                "a longer total needs a recorded reason.",
            )
        )
    return found


def overlapping_plan(plan: PlanSpan, others: Iterable[PlanSpan]) -> PlanSpan | None:
    for other in others:
        if plan.start <= other.end and other.start <= plan.end:
            return other
    return None


def missed_appointment_chargeable(
    *, day: datetime.date, interpreter_booked: bool, missed: bool, cancelled: bool
) -> bool:
    """s. 32 a: the client neither attended nor cancelled an appointment that had an
    interpreter booked (the fee itself is the organiser's decision)."""
    if day < MISSED_APPOINTMENT[0].valid_from:
        return False
    return interpreter_booked and missed and not cancelled


# --- Deadlines ----------------------------------------------------------------------------------


class Kind:
    ASSESSMENT_START = "assessment_start"
    PLAN_AFTER_ASSESSMENT = "plan_after_assessment"
    SERVICES_DIRECTED = "services_directed"
    REVIEW = "review"
    PLAN_ENDING = "plan_ending"
    WINDOW_ENDING = "window_ending"

    ALL = (
        ASSESSMENT_START,
        PLAN_AFTER_ASSESSMENT,
        SERVICES_DIRECTED,
        REVIEW,
        PLAN_ENDING,
        WINDOW_ENDING,
    )


@dataclass(frozen=True)
class AssessmentFacts:
    started: datetime.date | None
    completed: datetime.date | None
    plan_needed: bool = True


@dataclass(frozen=True)
class PlanFacts:
    start: datetime.date
    end: datetime.date
    active: bool  # not ended early or cancelled
    first_directed: datetime.date | None = None  # first service directed or started
    reviews: tuple[datetime.date, ...] = ()


@dataclass(frozen=True)
class CaseFacts:
    client_since: datetime.date
    window_end: datetime.date | None  # None: exempt or unknown
    active: bool = True
    assessments: tuple[AssessmentFacts, ...] = ()
    plans: tuple[PlanFacts, ...] = field(default=())


@dataclass(frozen=True)
class Due:
    kind: str
    due: datetime.date
    rule: RuleVersion

    def overdue(self, today: datetime.date) -> bool:
        return today > self.due


def deadlines(facts: CaseFacts, limits: Limits) -> list[Due]:
    """The open steps of a client's early integration, each with its last day.

    A step is open until the fact that closes it is recorded: an assessment started, a plan
    made, a service directed, a review held. Whether a step is overdue depends on the day
    it is looked at, so it is decided when read (`Due.overdue`).
    """
    if not facts.active:
        return []
    found: list[Due] = []
    started = [a for a in facts.assessments if a.started is not None]
    plans = sorted(facts.plans, key=lambda p: p.start)
    if not started and not plans:
        due = add_months(facts.client_since, limits.assessment_start_months)
        # the assessment may only start within the window: its last day caps the step
        due = min(due, facts.window_end) if facts.window_end is not None else due
        found.append(Due(Kind.ASSESSMENT_START, due, _on(ASSESSMENT_START, facts.client_since)))
    completed = sorted(
        (a for a in facts.assessments if a.completed is not None), key=lambda a: a.completed or 0
    )
    if completed and not plans:
        last = completed[-1]
        assert last.completed is not None
        if last.plan_needed:
            due = last.completed + datetime.timedelta(days=limits.plan_after_assessment_days)
            # the first plan may only start within the window: its last day caps the step
            due = min(due, facts.window_end) if facts.window_end is not None else due
            found.append(
                Due(Kind.PLAN_AFTER_ASSESSMENT, due, _on(PLAN_AFTER_ASSESSMENT, last.completed))
            )
    no_plan_needed = bool(completed) and not completed[-1].plan_needed
    if not plans and facts.window_end is not None and not no_plan_needed:
        found.append(Due(Kind.WINDOW_ENDING, facts.window_end, _on(WINDOW, facts.client_since)))
    if plans and all(p.first_directed is None for p in plans):
        first = plans[0]
        due = add_months(first.start, 6)
        found.append(Due(Kind.SERVICES_DIRECTED, due, _on(SERVICES_WITHIN, first.start)))
    for plan in plans:
        if not plan.active:
            continue
        last_review = max((plan.start, *plan.reviews))
        review_due = add_months(last_review, limits.plan_review_months)
        if review_due <= plan.end:
            found.append(Due(Kind.REVIEW, review_due, _on(PLAN_REVIEW, plan.start)))
        found.append(Due(Kind.PLAN_ENDING, plan.end, _on(PLANS_TOTAL_LENGTH, plan.start)))
    found.sort(key=lambda d: (d.due, Kind.ALL.index(d.kind)))
    return found
