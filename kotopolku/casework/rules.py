"""The rules of casework that come from law: what may be recorded, and when each step is due.

The rules themselves, dated and cited, and their numbers are `RuleVersion`s in
`casework.rule_versions`; this module decides with them. Functions here are pure: they take
dates and plain facts and return violations or deadlines, so they are tested at every boundary
without a database. The organisation's settings for its own targets are `Limits`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kotopolku.casework.rule_versions import (
    ASSESSMENT_START,
    CIVIC_ORIENTATION,
    FIRST_PLAN_LENGTH,
    INITIAL_INTERVIEW,
    JOB_SEARCH_OBLIGATION,
    JOBSEEKER_INTERVIEW,
    MISSED_APPOINTMENT,
    PLAN_AFTER_ASSESSMENT,
    PLAN_REVIEW,
    PLANS_TOTAL_LENGTH,
    SERVICES_WITHIN,
    WINDOW,
    first_judging,
    judged,
    overrides,
    under_this_act,
    whole_number,
)
from kotopolku.clients.rules import (
    EMPLOYMENT_AREA,
    MUNICIPALITY,
    WINDOW_BOUND_STEPS,
    step_lapses,
    within_window,
)
from kotopolku.core.dates import add_months, add_years
from kotopolku.core.rulebook import RuleVersion
from kotopolku.core.workdays import add_working_days

ONE_DAY = datetime.timedelta(days=1)


# Rules whose breach a request may carry as a documented exception with its reason. None
# since the two-year maximum is extended by a recorded decision (`PlanExtension`); the
# exceptions stored on older plans stay readable.
EXCEPTION_ALLOWED: frozenset[str] = frozenset()
# Exceptions recorded on plans before the extension decisions (the free-text reason of the
# two-year rule): kept readable, and carried by an imported document of those plans only.
LEGACY_EXCEPTION_RULES = frozenset({"plans-total-two-years-681-2023"})

CALENDAR = "calendar"
PLAN_DAYS = "plan_days"
COUNTING = (CALENDAR, PLAN_DAYS)


def is_total_rule(rule_id: str) -> bool:
    """Is this a version of the rule on the plans' total length?"""
    return any(version.id == rule_id for version in PLANS_TOTAL_LENGTH)


@dataclass(frozen=True)
class Limits:
    """The organisation's settings for the rules (see README): overrides of its own targets
    (None: the number of the version in force) and its reading of the two-year maximum.
    The numbers themselves are the rule versions' parameters, read for the relevant day."""

    assessment_start_months: int | None = None
    plan_after_assessment_days: int | None = None
    plan_review_months: int | None = None
    plan_maximum_counting: str = CALENDAR
    plan_extension_max_months: int | None = None

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            **{o.field: getattr(settings, o.setting, None) for o in overrides()},
            plan_maximum_counting=settings.PLAN_MAXIMUM_COUNTING,
        )

    def number(self, field: str, day: datetime.date) -> int:
        """The number behind `field` for a record dated `day`: the version in force, or this
        organisation's own target where the version allows one."""
        override = next(o for o in overrides() if o.field == field)
        return whole_number(override.versions, day, override.parameter, getattr(self, field))


# --- Violations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: RuleVersion
    fields: tuple[str, ...]
    message: str

    @property
    def exception_allowed(self) -> bool:
        return self.rule.id in EXCEPTION_ALLOWED


def check_assessment(
    *,
    started: datetime.date,
    first_permit_date: datetime.date | None,
    basis: str,
    exempt_bases: Iterable[str],
    interviewer_is_public_official: bool,
) -> list[Violation]:
    found: list[Violation] = []
    window = judged(WINDOW, started)
    if window is not None and not within_window(
        first_permit_date, basis, started, exempt_bases=exempt_bases
    ):
        message = (
            "The client's first permit or registration date is not recorded, so the "
            "integration window cannot be checked."
            if first_permit_date is None
            else "The assessment starts outside the client's integration window "
            "(three years from the first permit or registration)."
        )
        found.append(Violation(window, ("started",), message))
    interview = judged(INITIAL_INTERVIEW, started)
    if interview is not None and not interviewer_is_public_official:
        found.append(
            Violation(
                interview,
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
    version = judged(FIRST_PLAN_LENGTH, start) or first_judging(FIRST_PLAN_LENGTH)
    return last_day_of_years(start, version.count("years"))


def total_plan_days_allowed(first_start: datetime.date) -> int:
    """Two years counted from the first plan's start, in days (inclusive)."""
    return (plan_maximum_end(first_start) - first_start).days + 1


def plan_maximum_end(first_start: datetime.date, extension_months: int = 0) -> datetime.date:
    """The last day of the two-year maximum counted as calendar time from the first plan's
    start under this act (the stricter reading of C5), lengthened by recorded extensions."""
    version = judged(PLANS_TOTAL_LENGTH, first_start) or first_judging(PLANS_TOTAL_LENGTH)
    end = last_day_of_years(first_start, version.count("years"))
    return add_months(end + ONE_DAY, extension_months) - ONE_DAY if extension_months else end


def maximum_end_for(
    spans: Sequence[PlanSpan], *, counting: str, extension_months: int = 0
) -> datetime.date | None:
    """The last day the client's plans under this act may reach, by the organisation's
    reading: `calendar` (two years of calendar time from the first plan's start; gaps
    between plans count) or `plan_days` (two years' worth of plan days; gaps do not count,
    so the current plan may run until the days are used up). None without such plans."""
    ours = sorted((s for s in spans if under_this_act(s.start)), key=lambda s: s.start)
    if not ours:
        return None
    first = ours[0].start
    calendar_end = plan_maximum_end(first, extension_months)
    if counting != PLAN_DAYS:
        return calendar_end
    allowed = (calendar_end - first).days + 1
    last = ours[-1]
    used_before = sum(s.days for s in ours[:-1])
    return last.start + datetime.timedelta(days=allowed - used_before - 1)


def maximum_warning(maximum_end: datetime.date | None, today: datetime.date) -> int | None:
    """How many months' warning is due: 3 from three months before the maximum ends, 1
    from one month before, None otherwise (and after it has ended)."""
    if maximum_end is None or today > maximum_end:
        return None
    version = judged(PLANS_TOTAL_LENGTH, today) or first_judging(PLANS_TOTAL_LENGTH)
    months: int
    for months in sorted(version.counts("warn_months")):
        if today >= add_months(maximum_end, -months):
            return months
    return None


def check_plan(
    plan: PlanSpan,
    *,
    others: Sequence[PlanSpan],
    first_permit_date: datetime.date | None,
    basis: str,
    exempt_bases: Iterable[str],
    limits: Limits | None = None,
    extension_months: int = 0,
) -> list[Violation]:
    """Rules of one plan among the client's other (not cancelled) plans. Plans under the
    previous act are not judged and do not start the two years (C5, C8)."""
    if not under_this_act(plan.start):
        return []
    limits = limits or Limits()
    found: list[Violation] = []
    ours = [o for o in others if under_this_act(o.start)]
    is_first = all(plan.start < other.start for other in ours)
    if is_first:
        window = judged(WINDOW, plan.start)
        if window is not None and not within_window(
            first_permit_date, basis, plan.start, exempt_bases=exempt_bases
        ):
            message = (
                "The client's first permit or registration date is not recorded, so the "
                "integration window cannot be checked."
                if first_permit_date is None
                else "The first plan starts outside the client's integration window "
                "(three years from the first permit or registration)."
            )
            found.append(Violation(window, ("start",), message))
        first_rule = judged(FIRST_PLAN_LENGTH, plan.start)
        if first_rule is not None and plan.end > first_plan_last_day(plan.start):
            found.append(
                Violation(
                    first_rule, ("end",), "The first integration plan may last at most one year."
                )
            )
    spans = sorted([*ours, plan], key=lambda s: s.start)
    total = judged(PLANS_TOTAL_LENGTH, spans[0].start)
    if total is None:
        return found
    calendar_end = plan_maximum_end(spans[0].start, extension_months)
    if limits.plan_maximum_counting == PLAN_DAYS:
        too_long = sum(s.days for s in spans) > (calendar_end - spans[0].start).days + 1
    else:
        too_long = max(s.end for s in spans) > calendar_end
    if too_long:
        found.append(
            Violation(
                total,
                ("end",),
                "The client's integration plans would last over two years counted from the "
                "first plan's start; record an extension decision first.",
            )
        )
    return found


def check_job_search_obligation(
    plan: PlanSpan, *, has_obligation: bool, jobseeker_periods: Iterable[PlanSpan]
) -> list[Violation]:
    """A job-search obligation in a plan under this act needs the client to be a registered
    jobseeker during the plan (a registration period that overlaps it)."""
    version = judged(JOB_SEARCH_OBLIGATION, plan.start)
    if version is None or not has_obligation:
        return []
    if overlapping_plan(plan, jobseeker_periods) is not None:
        return []
    return [
        Violation(
            version,
            ("job_search_obligation",),
            "Only a registered jobseeker's plan includes a job-search obligation: the client "
            "is not registered as a jobseeker during the plan.",
        )
    ]


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
    if judged(MISSED_APPOINTMENT, day) is None:
        return False
    return interpreter_booked and missed and not cancelled


def check_missed_appointment_fee(
    *,
    day: datetime.date,
    fee_charged: bool,
    interpreter_booked: bool,
    missed: bool,
    cancelled: bool,
) -> list[Violation]:
    """A missed-appointment fee (s. 32 a) may only be based on a contact from the day the
    section applies, with an interpreter booked, that the client neither attended nor
    cancelled in time. Refuses any other fee with the rule's id."""
    if not fee_charged:
        return []
    version = judged(MISSED_APPOINTMENT, day)
    if version is None:
        return [
            Violation(
                MISSED_APPOINTMENT[-1],
                ("fee_charged",),
                "A missed-appointment fee can only be charged for an appointment on or after "
                "1.1.2025 (Act 681/2023 s. 32 a).",
            )
        ]
    found: list[Violation] = []
    if not interpreter_booked:
        found.append(
            Violation(
                version,
                ("fee_charged", "interpreter_booked"),
                "A missed-appointment fee can only be charged when an interpreter was booked.",
            )
        )
    if not missed or cancelled:
        found.append(
            Violation(
                version,
                ("fee_charged", "missed"),
                "A missed-appointment fee can only be charged when the client neither came nor "
                "cancelled in time.",
            )
        )
    return found


# --- Deadlines ----------------------------------------------------------------------------------


class Kind:
    ASSESSMENT_START = "assessment_start"
    INITIAL_INTERVIEW = "initial_interview"
    PLAN_AFTER_ASSESSMENT = "plan_after_assessment"
    SERVICES_DIRECTED = "services_directed"
    REVIEW = "review"
    PLAN_ENDING = "plan_ending"
    PLAN_MAXIMUM = "plan_maximum"
    WINDOW_ENDING = "window_ending"

    ALL = (
        ASSESSMENT_START,
        INITIAL_INTERVIEW,
        PLAN_AFTER_ASSESSMENT,
        SERVICES_DIRECTED,
        REVIEW,
        PLAN_ENDING,
        PLAN_MAXIMUM,
        WINDOW_ENDING,
    )
    # the steps that lapse at the end of the integration window (kept with the window rule)
    WINDOW_BOUND = WINDOW_BOUND_STEPS


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
    agreed_on: datetime.date | None = None  # the day the plan was prepared (agreed)


@dataclass(frozen=True)
class CaseFacts:
    client_since: datetime.date
    window_end: datetime.date | None  # None: exempt or unknown
    active: bool = True
    assessments: tuple[AssessmentFacts, ...] = ()
    plans: tuple[PlanFacts, ...] = field(default=())
    # who must offer the assessment (`clients.rules.assessment_duty`): the municipality,
    # the employment authority (a registered jobseeker) or nobody ("")
    duty: str = MUNICIPALITY
    jobseeker_since: datetime.date | None = None  # the current registration's start
    extension_months: int = 0  # recorded extensions of the two-year maximum
    civic_orientation_offered: bool = False  # multilingual civic orientation offered (s. 25)


@dataclass(frozen=True)
class Due:
    kind: str
    due: datetime.date
    rule: RuleVersion
    # the step's last day is the end of the integration window (`clients.rules.step_lapses`):
    # after it the right to the step has lapsed, it is not an overdue task
    lapses: bool = False

    def overdue(self, today: datetime.date) -> bool:
        """The last day has passed (also for a lapsed step: the API's `overdue` keeps its
        meaning; `state` tells the two apart)."""
        return self.rule.judged and today > self.due

    def state(self, today: datetime.date) -> str:
        """`StepState`: open, overdue (can still be done) or lapsed (the window ended)."""
        if not self.overdue(today):
            return StepState.OPEN
        return StepState.LAPSED if self.lapses else StepState.OVERDUE


class StepState:
    """The state of an open step on a day, as the API names it."""

    OPEN = "open"
    OVERDUE = "overdue"
    LAPSED = "lapsed"
    ALL = (OPEN, OVERDUE, LAPSED)


def deadline_rules() -> dict[str, tuple[RuleVersion, ...]]:
    """The rule behind each deadline kind (the rules page lists them)."""
    return {
        Kind.ASSESSMENT_START: ASSESSMENT_START,
        Kind.INITIAL_INTERVIEW: JOBSEEKER_INTERVIEW,
        Kind.PLAN_AFTER_ASSESSMENT: PLAN_AFTER_ASSESSMENT,
        Kind.SERVICES_DIRECTED: SERVICES_WITHIN,
        Kind.REVIEW: PLAN_REVIEW,
        Kind.PLAN_ENDING: PLANS_TOTAL_LENGTH,
        Kind.PLAN_MAXIMUM: PLANS_TOTAL_LENGTH,
        Kind.WINDOW_ENDING: WINDOW,
    }


def services_anchor(plan: PlanFacts) -> datetime.date:
    """The day the six months to direct the client to services count from: the day the
    plan was agreed (C6), or its start while no day of agreement is recorded."""
    return plan.agreed_on or plan.start


def deadlines(facts: CaseFacts, limits: Limits) -> list[Due]:
    """The open steps of a client's early integration, each with its last day.

    A step is open until the fact that closes it is recorded: an assessment started, a plan
    made, a service directed, a review held. A step whose starting event falls under the
    previous act is not judged (C8), so it is not listed. The employment authority's steps
    for a registered jobseeker are those of the employment-services act; the organisation's
    own targets apply to the municipality's clients only. Whether a step is overdue depends
    on the day it is looked at, so it is decided when read (`Due.overdue`).
    """
    if not facts.active:
        return []
    found: list[Due] = []

    def add(
        kind: str, due: datetime.date, versions: Sequence[RuleVersion], day: datetime.date
    ) -> None:
        version = judged(versions, day)
        if version is not None:
            found.append(Due(kind, due, version, step_lapses(kind, due, facts.window_end)))

    def capped(due: datetime.date) -> datetime.date:
        # the assessment and the first plan may only be made within the window
        return min(due, facts.window_end) if facts.window_end is not None else due

    municipal = facts.duty != EMPLOYMENT_AREA
    started = [a for a in facts.assessments if a.started is not None]
    plans = sorted(facts.plans, key=lambda p: p.start)
    if facts.duty == MUNICIPALITY and not started and not plans:
        since = facts.client_since
        due = capped(add_months(since, limits.number("assessment_start_months", since)))
        add(Kind.ASSESSMENT_START, due, ASSESSMENT_START, facts.client_since)
    if facts.duty == EMPLOYMENT_AREA and facts.jobseeker_since is not None and not plans:
        since = facts.jobseeker_since
        if not any(a.started is not None and a.started >= since for a in started):
            version = judged(JOBSEEKER_INTERVIEW, since)
            if version is not None:
                due = add_working_days(since, version.count("working_days"))
                found.append(Due(Kind.INITIAL_INTERVIEW, due, version))
    completed = sorted(
        (a for a in facts.assessments if a.completed is not None), key=lambda a: a.completed or 0
    )
    if completed and not plans and municipal:
        last = completed[-1]
        assert last.completed is not None
        if last.plan_needed:
            days = limits.number("plan_after_assessment_days", last.completed)
            due = capped(last.completed + datetime.timedelta(days=days))
            add(Kind.PLAN_AFTER_ASSESSMENT, due, PLAN_AFTER_ASSESSMENT, last.completed)
    no_plan_needed = bool(completed) and not completed[-1].plan_needed
    concerned = bool(facts.duty) or bool(started)
    if not plans and facts.window_end is not None and not no_plan_needed and concerned:
        add(Kind.WINDOW_ENDING, facts.window_end, WINDOW, facts.window_end)
    ours = [p for p in plans if under_this_act(p.start)]
    if ours and all(p.first_directed is None for p in ours):
        anchor = services_anchor(ours[0])
        version = judged(SERVICES_WITHIN, anchor)
        if version is not None:
            due = add_months(anchor, version.count("months"))
            found.append(Due(Kind.SERVICES_DIRECTED, due, version))
    for plan in plans:
        if not plan.active:
            continue
        if municipal:
            last_review = max((plan.start, *plan.reviews))
            review_due = add_months(last_review, limits.number("plan_review_months", plan.start))
            if review_due <= plan.end:
                add(Kind.REVIEW, review_due, PLAN_REVIEW, plan.start)
        add(Kind.PLAN_ENDING, plan.end, PLANS_TOTAL_LENGTH, plan.start)
    if any(p.active for p in ours):
        maximum = maximum_end_for(
            [PlanSpan(p.start, p.end) for p in ours],
            counting=limits.plan_maximum_counting,
            extension_months=facts.extension_months,
        )
        # `ours` holds a plan under this act, so there is a maximum: the test is for mypy
        if maximum is not None:  # pragma: no branch
            add(Kind.PLAN_MAXIMUM, maximum, PLANS_TOTAL_LENGTH, ours[0].start)
    found.sort(key=lambda d: (d.due, Kind.ALL.index(d.kind)))
    return found


def civic_orientation_pending(facts: CaseFacts, today: datetime.date) -> bool:
    """Is the client a kotoutuja-asiakas not yet offered multilingual civic orientation
    (s. 25)? A kotoutuja-asiakas here: an active client whom an assessment must be offered
    (the duty of `clients.rules.assessment_duty`) or who has an assessment or a plan under
    this act. Nothing is pending under the previous act (C8)."""
    if judged(CIVIC_ORIENTATION, today) is None or not facts.active:
        return False
    if facts.civic_orientation_offered:
        return False
    return (
        bool(facts.duty)
        or any(a.started is not None and under_this_act(a.started) for a in facts.assessments)
        or any(under_this_act(p.start) for p in facts.plans)
    )
