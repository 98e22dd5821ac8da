"""The rules of casework at their boundaries: the day before, on and after every limit.

Pure tests: dates and plain facts in, violations and deadlines out; no database.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from kotopolku.casework import rule_versions, rules
from kotopolku.casework.rule_versions import ALL_RULES
from kotopolku.casework.rules import (
    AssessmentFacts,
    CaseFacts,
    Due,
    Kind,
    Limits,
    PlanFacts,
    PlanSpan,
)
from kotopolku.clients import rules as client_rules
from kotopolku.clients.rules import LAW_2025
from kotopolku.core.dates import add_months, add_years
from kotopolku.core.rulebook import NoRuleInForce, RuleVersion, in_force

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
EXEMPT = ("trafficking_victim",)
BASIS = "quota_refugee"
PERMIT = D(2024, 5, 2)
WINDOW_LAST = D(2027, 5, 2)  # three years from the first permit, the last day included

WINDOW_ID = "integration-window-681-2023"
INTERVIEW_ID = "initial-interview-public-official-681-2023"
FIRST_PLAN_ID = "first-plan-one-year-681-2023"
TOTAL_ID = "plans-total-two-years-681-2023"
SERVICES_ID = "services-within-six-months-681-2023"
ASSESSMENT_START_ID = "assessment-start-months"
PLAN_AFTER_ID = "plan-without-delay-681-2023"
REVIEW_ID = "plan-review-interval"
MISSED_ID = "missed-appointment-fee-681-2023-32a"
DEFAULT = Limits()
EMPLOYMENT = "employment_area"


def assess(
    started: D,
    *,
    permit: D | None = PERMIT,
    basis: str = BASIS,
    official: bool = True,
) -> list[rules.Violation]:
    return rules.check_assessment(
        started=started,
        first_permit_date=permit,
        basis=basis,
        exempt_bases=EXEMPT,
        interviewer_is_public_official=official,
    )


def plan_check(
    start: D,
    end: D,
    *others: tuple[D, D],
    permit: D | None = PERMIT,
    basis: str = BASIS,
) -> list[rules.Violation]:
    return rules.check_plan(
        PlanSpan(start, end),
        others=[PlanSpan(a, b) for a, b in others],
        first_permit_date=permit,
        basis=basis,
        exempt_bases=EXEMPT,
    )


def ids(violations: list[rules.Violation]) -> list[str]:
    return [v.rule.id for v in violations]


def dues(facts: CaseFacts, limits: Limits = DEFAULT) -> dict[str, list[D]]:
    found: dict[str, list[D]] = {}
    for due in rules.deadlines(facts, limits):
        found.setdefault(due.kind, []).append(due.due)
    return found


def case(**kw: Any) -> CaseFacts:
    kw.setdefault("client_since", D(2025, 3, 15))
    kw.setdefault("window_end", None)
    return CaseFacts(**kw)


# --- The integration window: assessment -------------------------------------------------------


LATE_PERMIT = D(2025, 5, 2)  # a permit under this act: the day before it is judged too


@pytest.mark.parametrize(
    ("started", "permit", "allowed"),
    [
        (LATE_PERMIT - ONE_DAY, LATE_PERMIT, False),
        (LATE_PERMIT, LATE_PERMIT, True),
        (WINDOW_LAST - ONE_DAY, PERMIT, True),
        (WINDOW_LAST, PERMIT, True),
        (WINDOW_LAST + ONE_DAY, PERMIT, False),
    ],
)
def test_the_assessment_starts_within_the_window_last_day_included(
    started: D, permit: D, allowed: bool
) -> None:
    found = assess(started, permit=permit)
    if allowed:
        assert found == []
    else:
        assert ids(found) == [WINDOW_ID]
        assert found[0].fields == ("started",)
        assert not found[0].exception_allowed


def test_a_refused_late_assessment_says_it_is_outside_the_window() -> None:
    (violation,) = assess(WINDOW_LAST + ONE_DAY)
    assert "outside the client's integration window" in violation.message


@pytest.mark.parametrize("started", [WINDOW_LAST + ONE_DAY, D(2035, 1, 1), PERMIT - ONE_DAY])
def test_an_exempt_basis_may_be_assessed_at_any_time(started: D) -> None:
    assert assess(started, basis="trafficking_victim") == []
    assert assess(started, basis="trafficking_victim", permit=None) == []


def test_the_exempt_bases_come_from_the_argument_not_from_the_basis_name() -> None:
    late = WINDOW_LAST + ONE_DAY
    found = rules.check_assessment(
        started=late,
        first_permit_date=PERMIT,
        basis="trafficking_victim",
        exempt_bases=(),
        interviewer_is_public_official=True,
    )
    assert ids(found) == [WINDOW_ID]
    assert (
        rules.check_assessment(
            started=late,
            first_permit_date=PERMIT,
            basis="work",
            exempt_bases=("work",),
            interviewer_is_public_official=True,
        )
        == []
    )


def test_an_unknown_first_permit_date_refuses_the_assessment() -> None:
    (violation,) = assess(D(2025, 6, 1), permit=None)
    assert violation.rule.id == WINDOW_ID
    assert violation.fields == ("started",)
    assert "not recorded" in violation.message


def test_the_initial_interview_needs_a_public_official() -> None:
    (violation,) = assess(D(2025, 6, 1), official=False)
    assert violation.rule.id == INTERVIEW_ID
    assert violation.fields == ("interviewer",)
    assert "public official" in violation.message


def test_every_broken_rule_of_an_assessment_is_reported_in_order() -> None:
    found = assess(WINDOW_LAST + ONE_DAY, official=False)
    assert ids(found) == [WINDOW_ID, INTERVIEW_ID]


def test_an_assessment_under_the_previous_act_is_not_judged() -> None:
    # C8: a day in 2024 falls under Act 1386/2010: neither the window nor the interviewer
    # of Act 681/2023 refuses it, and it does not fail with "no rule in force"
    assert assess(D(2024, 12, 31), permit=D(2020, 1, 1), official=False) == []
    assert assess(D(2012, 1, 1), permit=None, official=False) == []
    (violation,) = assess(D(2025, 1, 1), permit=D(2024, 1, 1), official=False)
    assert violation.rule.valid_from == LAW_2025


# --- The integration window: first plan -------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "permit", "allowed"),
    [
        (LATE_PERMIT - ONE_DAY, LATE_PERMIT, False),
        (LATE_PERMIT, LATE_PERMIT, True),
        (WINDOW_LAST - ONE_DAY, PERMIT, True),
        (WINDOW_LAST, PERMIT, True),
        (WINDOW_LAST + ONE_DAY, PERMIT, False),
    ],
)
def test_the_first_plan_starts_within_the_window_last_day_included(
    start: D, permit: D, allowed: bool
) -> None:
    found = plan_check(start, start + datetime.timedelta(days=30), permit=permit)
    if allowed:
        assert found == []
    else:
        assert ids(found) == [WINDOW_ID]
        assert found[0].fields == ("start",)
        assert "first plan starts outside" in found[0].message


def test_an_exempt_basis_may_start_the_first_plan_after_the_window() -> None:
    late = WINDOW_LAST + ONE_DAY
    assert plan_check(late, late + datetime.timedelta(days=30), basis="trafficking_victim") == []
    assert plan_check(late, late, basis="trafficking_victim", permit=None) == []


def test_an_unknown_first_permit_date_refuses_the_first_plan() -> None:
    (violation,) = plan_check(D(2025, 6, 1), D(2025, 12, 31), permit=None)
    assert violation.rule.id == WINDOW_ID
    assert violation.fields == ("start",)
    assert "not recorded" in violation.message


def test_a_later_plan_is_not_bound_by_the_window() -> None:
    first = (D(2027, 1, 1), D(2027, 4, 30))
    assert plan_check(WINDOW_LAST + ONE_DAY, D(2027, 12, 31), first) == []
    # but a plan placed before every other one is the first plan again
    assert ids(plan_check(LATE_PERMIT - ONE_DAY, LATE_PERMIT, first, permit=LATE_PERMIT)) == [
        WINDOW_ID
    ]


# --- The first plan: at most one year -----------------------------------------------------------

START = D(2025, 3, 10)


@pytest.mark.parametrize(
    ("end", "allowed"),
    [
        (START, True),
        (D(2026, 3, 8), True),
        (D(2026, 3, 9), True),  # start + 1 year - 1 day
        (D(2026, 3, 10), False),  # start + 1 year
        (D(2026, 3, 11), False),
    ],
)
def test_the_first_plan_lasts_at_most_one_year(end: D, allowed: bool) -> None:
    assert rules.first_plan_last_day(START) == D(2026, 3, 9)
    found = plan_check(START, end, permit=D(2025, 1, 15))
    if allowed:
        assert found == []
    else:
        assert ids(found) == [FIRST_PLAN_ID]
        assert found[0].fields == ("end",)
        assert not found[0].exception_allowed


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (
            D(2028, 2, 29),
            D(2029, 2, 28),
        ),  # the anniversary of 29 Feb is 28 Feb: as long as from 28 Feb
        (D(2028, 2, 28), D(2029, 2, 27)),
        (D(2028, 3, 1), D(2029, 2, 28)),
        (D(2027, 3, 1), D(2028, 2, 29)),
        (D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_the_last_day_of_a_first_plan_is_a_year_later_less_one_day(start: D, last: D) -> None:
    assert rules.first_plan_last_day(start) == last
    if (start.month, start.day) != (2, 29):
        assert rules.first_plan_last_day(start) == add_years(start, 1) - ONE_DAY
    permit = add_years(start, -1)
    assert plan_check(start, last, permit=permit) == []
    assert ids(plan_check(start, last + ONE_DAY, permit=permit)) == [FIRST_PLAN_ID]


def test_a_first_plan_starting_on_29_february() -> None:
    start = D(2028, 2, 29)
    permit = D(2028, 1, 15)
    assert add_years(start, 1) == D(2029, 2, 28)
    # 29.2.2028-28.2.2029 lasts 366 days, as does 28.2.2028-27.2.2029
    assert plan_check(start, D(2029, 2, 28), permit=permit) == []
    assert ids(plan_check(start, D(2029, 3, 1), permit=permit)) == [FIRST_PLAN_ID]
    assert (D(2029, 2, 28) - start).days == (D(2029, 2, 27) - D(2028, 2, 28)).days


def test_a_plan_under_the_previous_act_is_not_judged_nor_the_first_plan() -> None:
    # C8 and C5: a plan of 2024 is not refused, and the first plan under this act is the
    # first one starting in 2025 or later (its one-year limit and the two years count from it)
    assert plan_check(D(2024, 1, 1), D(2026, 12, 31), permit=D(2023, 1, 1)) == []
    old = (D(2023, 6, 1), D(2024, 12, 31))
    assert ids(plan_check(D(2025, 1, 1), D(2026, 1, 1), old)) == [FIRST_PLAN_ID]
    assert plan_check(D(2025, 1, 1), D(2025, 12, 31), old) == []


def test_a_later_plan_may_last_over_a_year_within_the_total() -> None:
    first = (D(2025, 1, 1), D(2025, 3, 31))
    assert plan_check(D(2025, 4, 1), D(2026, 6, 30), first) == []


# --- All plans: at most two years in total ------------------------------------------------------


@pytest.mark.parametrize(
    ("first_start", "allowed_days"),
    [
        (D(2025, 1, 1), 730),
        (D(2024, 1, 1), 731),  # 29 Feb 2024 falls inside
        (D(2024, 2, 29), 731),  # two years from 29 Feb run to 28 Feb, as from 28 Feb
        (D(2024, 2, 28), 731),
        (D(2024, 3, 1), 730),
        (D(2027, 3, 1), 731),  # 29 Feb 2028 falls inside
    ],
)
def test_two_years_in_days_count_the_leap_days_inside_them(
    first_start: D, allowed_days: int
) -> None:
    assert rules.total_plan_days_allowed(first_start) == allowed_days


def test_plan_days_are_counted_inclusive() -> None:
    assert PlanSpan(D(2025, 1, 1), D(2025, 1, 1)).days == 1
    assert PlanSpan(D(2025, 1, 1), D(2025, 12, 31)).days == 365
    assert PlanSpan(D(2024, 1, 1), D(2024, 12, 31)).days == 366


@pytest.mark.parametrize(
    ("second_end", "allowed"),
    [
        (D(2026, 12, 30), True),  # 729 days
        (D(2026, 12, 31), True),  # 730 days: exactly two years
        (D(2027, 1, 1), False),  # 731 days
    ],
)
def test_the_plans_together_last_at_most_two_years(second_end: D, allowed: bool) -> None:
    first = (D(2025, 1, 1), D(2025, 12, 31))
    found = plan_check(D(2026, 1, 1), second_end, first)
    if allowed:
        assert found == []
    else:
        assert ids(found) == [TOTAL_ID]
        assert found[0].fields == ("end",)
        assert not found[0].exception_allowed
        assert "extension decision" in found[0].message


PLAN_DAYS = Limits(plan_maximum_counting=rules.PLAN_DAYS)


def test_by_default_the_two_years_are_calendar_time_so_gaps_count() -> None:
    # C5, the stricter reading: two years from the first plan's start, whatever the gaps
    first = (D(2025, 1, 1), D(2025, 6, 30))
    second_start = D(2026, 1, 1)
    assert plan_check(second_start, D(2026, 12, 31), first) == []
    assert ids(plan_check(second_start, D(2027, 1, 1), first)) == [TOTAL_ID]


def test_counted_as_plan_days_the_gaps_do_not_count() -> None:
    first = PlanSpan(D(2025, 1, 1), D(2025, 6, 30))  # 181 days
    second_start = D(2026, 1, 1)
    fits = second_start + datetime.timedelta(days=730 - 181 - 1)
    assert first.days + PlanSpan(second_start, fits).days == 730
    assert fits > add_years(D(2025, 1, 1), 2), "the plan runs past two calendar years"

    def check(end: D) -> list[rules.Violation]:
        return rules.check_plan(
            PlanSpan(second_start, end),
            others=[first],
            first_permit_date=PERMIT,
            basis=BASIS,
            exempt_bases=EXEMPT,
            limits=PLAN_DAYS,
        )

    assert check(fits) == []
    assert ids(check(fits + ONE_DAY)) == [TOTAL_ID]
    assert (
        rules.maximum_end_for([first, PlanSpan(second_start, fits)], counting=rules.PLAN_DAYS)
        == fits
    )


def test_the_total_is_checked_for_a_plan_that_is_not_the_last() -> None:
    later = (D(2026, 1, 2), D(2027, 1, 1))
    assert plan_check(D(2025, 1, 2), D(2025, 12, 31), later) == []
    # moving the first plan's start a day earlier moves the two years' end before the later
    # plan's end
    found = plan_check(D(2025, 1, 1), D(2025, 12, 31), later)
    assert ids(found) == [TOTAL_ID]


def test_three_plans_count_together() -> None:
    a = (D(2025, 1, 1), D(2025, 8, 31))  # 243
    b = (D(2025, 9, 1), D(2026, 4, 30))  # 242
    days_left = 730 - PlanSpan(*a).days - PlanSpan(*b).days
    start = D(2026, 5, 1)
    last = start + datetime.timedelta(days=days_left - 1)
    assert plan_check(start, last, a, b) == []
    assert ids(plan_check(start, last + ONE_DAY, a, b)) == [TOTAL_ID]


def test_no_rule_allows_a_free_text_exception_any_more() -> None:
    # the two-year maximum is lengthened by a recorded extension decision instead
    assert frozenset() == rules.EXCEPTION_ALLOWED
    for version in ALL_RULES:
        assert not rules.Violation(version, ("x",), "m").exception_allowed


@pytest.mark.parametrize(
    ("months", "end", "allowed"),
    [
        (0, D(2026, 12, 31), True),
        (0, D(2027, 1, 1), False),
        (6, D(2027, 6, 30), True),
        (6, D(2027, 7, 1), False),
    ],
)
def test_an_extension_lengthens_the_maximum_by_its_months(
    months: int, end: D, allowed: bool
) -> None:
    found = rules.check_plan(
        PlanSpan(D(2026, 1, 1), end),
        others=[PlanSpan(D(2025, 1, 1), D(2025, 12, 31))],
        first_permit_date=PERMIT,
        basis=BASIS,
        exempt_bases=EXEMPT,
        extension_months=months,
    )
    assert (found == []) is allowed
    assert rules.plan_maximum_end(D(2025, 1, 1), months) == (
        D(2026, 12, 31) if not months else D(2027, 6, 30)
    )


@pytest.mark.parametrize(
    ("today", "warning"),
    [
        (D(2026, 9, 29), None),
        (D(2026, 9, 30), 3),  # three months before the last day, 31 December
        (D(2026, 11, 29), 3),
        (D(2026, 11, 30), 1),  # one month before
        (D(2026, 12, 31), 1),
        (D(2027, 1, 1), None),  # after it ended
    ],
)
def test_the_counsellor_is_warned_three_months_and_one_month_before_the_maximum(
    today: D, warning: int | None
) -> None:
    assert rules.maximum_warning(D(2026, 12, 31), today) == warning
    assert rules.maximum_warning(None, today) is None


def test_the_maximum_is_a_deadline_while_a_plan_is_in_force() -> None:
    first = PlanFacts(D(2025, 3, 1), D(2026, 2, 28), active=False, first_directed=D(2025, 4, 1))
    second = PlanFacts(D(2026, 3, 1), D(2027, 2, 28), active=True)
    assert dues(case(plans=(first, second)))[Kind.PLAN_MAXIMUM] == [D(2027, 2, 28)]
    extended = case(plans=(first, second), extension_months=3)
    assert dues(extended)[Kind.PLAN_MAXIMUM] == [D(2027, 5, 31)]
    ended = dataclasses.replace(second, active=False)
    assert Kind.PLAN_MAXIMUM not in dues(case(plans=(first, ended)))


# --- Overlap ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        (D(2024, 12, 1), D(2024, 12, 31), False),
        (D(2024, 12, 1), D(2025, 1, 1), True),
        (D(2025, 6, 30), D(2025, 9, 1), True),
        (D(2025, 7, 1), D(2025, 9, 1), False),
        (D(2025, 2, 1), D(2025, 3, 1), True),
        (D(2024, 1, 1), D(2026, 1, 1), True),
    ],
)
def test_plans_sharing_a_day_overlap(start: D, end: D, overlaps: bool) -> None:
    other = PlanSpan(D(2025, 1, 1), D(2025, 6, 30))
    found = rules.overlapping_plan(PlanSpan(start, end), [other])
    assert (found == other) if overlaps else (found is None)


def test_no_other_plans_no_overlap() -> None:
    assert rules.overlapping_plan(PlanSpan(D(2025, 1, 1), D(2025, 2, 1)), []) is None


# --- Deadlines: assessment start ----------------------------------------------------------------


def test_a_new_client_is_due_an_assessment_start_two_months_later() -> None:
    (due,) = rules.deadlines(case(client_since=D(2025, 3, 15)), DEFAULT)
    assert due.kind == Kind.ASSESSMENT_START
    assert due.due == D(2025, 5, 15)
    assert due.rule.id == ASSESSMENT_START_ID
    assert not due.rule.verified


@pytest.mark.parametrize(
    ("months", "since", "due"),
    [
        (2, D(2025, 12, 31), D(2026, 2, 28)),
        (3, D(2025, 3, 15), D(2025, 6, 15)),
        (1, D(2028, 1, 31), D(2028, 2, 29)),
        (12, D(2025, 3, 15), D(2026, 3, 15)),
    ],
)
def test_the_assessment_start_months_are_configurable(months: int, since: D, due: D) -> None:
    limits = Limits(assessment_start_months=months)
    assert dues(case(client_since=since), limits) == {Kind.ASSESSMENT_START: [due]}


def test_the_assessment_start_is_overdue_only_the_day_after_its_last_day() -> None:
    (due,) = rules.deadlines(case(client_since=D(2025, 3, 15)), DEFAULT)
    assert not due.overdue(D(2025, 5, 14))
    assert not due.overdue(D(2025, 5, 15))
    assert due.overdue(D(2025, 5, 16))


def test_a_started_assessment_or_any_plan_closes_the_assessment_start() -> None:
    started = AssessmentFacts(started=D(2025, 4, 1), completed=None)
    assert Kind.ASSESSMENT_START not in dues(case(assessments=(started,)))
    plan = PlanFacts(D(2025, 4, 1), D(2026, 3, 31), active=True)
    assert Kind.ASSESSMENT_START not in dues(case(plans=(plan,)))
    not_started = AssessmentFacts(started=None, completed=None)
    assert dues(case(assessments=(not_started,)))[Kind.ASSESSMENT_START] == [D(2025, 5, 15)]


# --- Deadlines: the plan after the assessment ---------------------------------------------------


@pytest.mark.parametrize(
    ("days", "due"), [(14, D(2025, 5, 15)), (30, D(2025, 5, 31)), (1, D(2025, 5, 2))]
)
def test_the_plan_is_due_a_set_number_of_days_after_the_assessment(days: int, due: D) -> None:
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))
    found = rules.deadlines(case(assessments=(done,)), Limits(plan_after_assessment_days=days))
    (plan_due,) = found
    assert plan_due.kind == Kind.PLAN_AFTER_ASSESSMENT
    assert plan_due.due == due
    assert plan_due.rule.id == PLAN_AFTER_ID
    assert not plan_due.overdue(due)
    assert plan_due.overdue(due + ONE_DAY)


def test_no_plan_deadline_when_the_assessment_finds_no_plan_is_needed() -> None:
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1), plan_needed=False)
    assert rules.deadlines(case(assessments=(done,)), DEFAULT) == []


def test_no_plan_deadline_before_the_assessment_is_completed() -> None:
    going = AssessmentFacts(started=D(2025, 4, 1), completed=None)
    assert rules.deadlines(case(assessments=(going,)), DEFAULT) == []


def test_the_latest_completed_assessment_decides_the_plan_deadline() -> None:
    old = AssessmentFacts(started=D(2025, 2, 1), completed=D(2025, 3, 1))
    new = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))
    assert dues(case(assessments=(new, old))) == {Kind.PLAN_AFTER_ASSESSMENT: [D(2025, 5, 15)]}
    new_without = dataclasses.replace(new, plan_needed=False)
    assert dues(case(assessments=(old, new_without))) == {}


def test_a_plan_closes_the_plan_deadline() -> None:
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))
    plan = PlanFacts(D(2025, 5, 10), D(2026, 5, 9), active=True, first_directed=D(2025, 5, 10))
    assert Kind.PLAN_AFTER_ASSESSMENT not in dues(case(assessments=(done,), plans=(plan,)))


# --- Deadlines: services directed within six months --------------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (D(2025, 1, 15), D(2025, 7, 15)),
        (D(2025, 8, 31), D(2026, 2, 28)),
        (D(2027, 8, 31), D(2028, 2, 29)),
        (D(2025, 12, 31), D(2026, 6, 30)),
    ],
)
def test_services_are_due_six_months_after_the_first_plan_starts_if_not_agreed(
    start: D, due: D
) -> None:
    plan = PlanFacts(start, add_years(start, 1) - ONE_DAY, active=True)
    (services,) = [
        d for d in rules.deadlines(case(plans=(plan,)), DEFAULT) if d.kind == "services_directed"
    ]
    assert services.due == due == add_months(start, 6)
    assert services.rule.id == SERVICES_ID
    assert services.rule.verified
    assert not services.overdue(due - ONE_DAY)
    assert not services.overdue(due)
    assert services.overdue(due + ONE_DAY)


@pytest.mark.parametrize(
    ("agreed", "start", "due"),
    [
        (D(2025, 3, 10), D(2025, 4, 1), D(2025, 9, 10)),  # agreed before the start
        (D(2025, 4, 1), D(2025, 4, 1), D(2025, 10, 1)),
        (D(2025, 8, 31), D(2025, 9, 15), D(2026, 2, 28)),
    ],
)
def test_services_count_six_months_from_the_day_the_plan_was_agreed(
    agreed: D, start: D, due: D
) -> None:
    # C6: from the preparation of the plan (the day it is agreed), not from its start
    plan = PlanFacts(start, add_years(start, 1) - ONE_DAY, active=True, agreed_on=agreed)
    (services,) = [
        d for d in rules.deadlines(case(plans=(plan,)), DEFAULT) if d.kind == "services_directed"
    ]
    assert services.due == due
    assert services.due != add_months(start, 6) or agreed == start
    assert not services.overdue(due)
    assert services.overdue(due + ONE_DAY)


def test_a_directed_service_in_any_plan_closes_the_services_deadline() -> None:
    first = PlanFacts(D(2025, 1, 15), D(2025, 6, 30), active=False)
    second = PlanFacts(D(2025, 7, 1), D(2026, 6, 30), active=True)
    assert dues(case(plans=(second, first)))[Kind.SERVICES_DIRECTED] == [D(2025, 7, 15)]
    directed = dataclasses.replace(second, first_directed=D(2025, 9, 1))
    assert Kind.SERVICES_DIRECTED not in dues(case(plans=(first, directed)))


# --- Deadlines: review, plan ending, window ending -------------------------------------------------

PLAN = PlanFacts(D(2025, 1, 15), D(2026, 1, 14), active=True, first_directed=D(2025, 2, 1))


def test_a_plan_in_force_is_reviewed_six_months_from_its_start() -> None:
    found = rules.deadlines(case(plans=(PLAN,)), DEFAULT)
    assert [(d.kind, d.due, d.rule.id) for d in found] == [
        (Kind.REVIEW, D(2025, 7, 15), REVIEW_ID),
        (Kind.PLAN_ENDING, D(2026, 1, 14), TOTAL_ID),
        (Kind.PLAN_MAXIMUM, D(2027, 1, 14), TOTAL_ID),
    ]
    review = found[0]
    assert not review.overdue(D(2025, 7, 15))
    assert review.overdue(D(2025, 7, 16))


def test_the_next_review_counts_from_the_last_review() -> None:
    reviewed = dataclasses.replace(PLAN, reviews=(D(2025, 3, 1), D(2025, 7, 1)))
    assert dues(case(plans=(reviewed,)))[Kind.REVIEW] == [D(2026, 1, 1)]
    # the reviews need not be in order
    unordered = dataclasses.replace(PLAN, reviews=(D(2025, 7, 1), D(2025, 3, 1)))
    assert dues(case(plans=(unordered,)))[Kind.REVIEW] == [D(2026, 1, 1)]


@pytest.mark.parametrize(
    ("last_review", "expected"),
    [
        (D(2025, 7, 13), [D(2026, 1, 13)]),  # the day before the plan ends
        (D(2025, 7, 14), [D(2026, 1, 14)]),  # on the plan's last day
        (D(2025, 7, 15), None),  # after the plan: no review is due
    ],
)
def test_a_review_is_due_only_while_within_the_plan(
    last_review: D, expected: list[D] | None
) -> None:
    reviewed = dataclasses.replace(PLAN, reviews=(last_review,))
    assert dues(case(plans=(reviewed,))).get(Kind.REVIEW) == expected


@pytest.mark.parametrize(
    ("months", "due"), [(3, D(2025, 4, 15)), (12, None), (11, D(2025, 12, 15))]
)
def test_the_review_interval_is_configurable(months: int, due: D | None) -> None:
    found = dues(case(plans=(PLAN,)), Limits(plan_review_months=months))
    assert found.get(Kind.REVIEW) == ([due] if due else None)


def test_an_ended_or_early_ended_plan_has_no_review_or_ending() -> None:
    ended = dataclasses.replace(PLAN, active=False)
    assert rules.deadlines(case(plans=(ended,)), DEFAULT) == []


def test_every_plan_in_force_has_its_ending() -> None:
    first = PlanFacts(D(2025, 1, 1), D(2025, 3, 31), active=True, first_directed=D(2025, 1, 2))
    second = PlanFacts(D(2025, 4, 1), D(2025, 9, 30), active=True)
    assert dues(case(plans=(second, first)))[Kind.PLAN_ENDING] == [D(2025, 3, 31), D(2025, 9, 30)]


def test_the_window_end_is_a_deadline_only_while_there_is_no_plan() -> None:
    window = D(2027, 5, 2)
    (due, window_due) = rules.deadlines(case(window_end=window), DEFAULT)
    assert due.kind == Kind.ASSESSMENT_START
    assert (window_due.kind, window_due.due, window_due.rule.id) == (
        Kind.WINDOW_ENDING,
        window,
        WINDOW_ID,
    )
    assert not window_due.overdue(window)
    assert window_due.overdue(window + ONE_DAY)
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))
    assert dues(case(window_end=window, assessments=(done,)))[Kind.WINDOW_ENDING] == [window]
    assert Kind.WINDOW_ENDING not in dues(case(window_end=window, plans=(PLAN,)))
    assert Kind.WINDOW_ENDING not in dues(case(window_end=None))


def test_an_inactive_client_has_no_deadlines() -> None:
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))
    busy = case(window_end=D(2027, 5, 2), assessments=(done,), plans=(PLAN,))
    assert rules.deadlines(busy, DEFAULT) != []
    assert rules.deadlines(dataclasses.replace(busy, active=False), DEFAULT) == []
    assert rules.deadlines(case(active=False), DEFAULT) == []


def test_deadlines_are_sorted_by_day_then_by_kind() -> None:
    plan = PlanFacts(D(2025, 1, 15), D(2025, 7, 15), active=True)
    found = rules.deadlines(case(plans=(plan,)), DEFAULT)
    # services (six months), review (six months) and the ending all fall on 15 July
    assert [(d.kind, d.due) for d in found] == [
        (Kind.SERVICES_DIRECTED, D(2025, 7, 15)),
        (Kind.REVIEW, D(2025, 7, 15)),
        (Kind.PLAN_ENDING, D(2025, 7, 15)),
        (Kind.PLAN_MAXIMUM, D(2027, 1, 14)),
    ]
    found = rules.deadlines(case(client_since=D(2025, 3, 15), window_end=D(2025, 4, 1)), DEFAULT)
    # the window caps the assessment step: both on 1 April, in the order of the kinds
    assert [(d.kind, d.due) for d in found] == [
        (Kind.ASSESSMENT_START, D(2025, 4, 1)),
        (Kind.WINDOW_ENDING, D(2025, 4, 1)),
    ]


@pytest.mark.parametrize(
    ("window_end", "expected"),
    [
        (D(2025, 5, 14), D(2025, 5, 14)),  # the window ends the day before: it caps the step
        (D(2025, 5, 15), D(2025, 5, 15)),  # on the same day
        (D(2025, 5, 16), D(2025, 5, 15)),  # the day after: the set months decide
        (None, D(2025, 5, 15)),  # exempt or unknown: no cap
    ],
)
def test_the_window_caps_the_assessment_step(window_end: D | None, expected: D) -> None:
    found = rules.deadlines(case(client_since=D(2025, 3, 15), window_end=window_end), DEFAULT)
    assert [d.due for d in found if d.kind == Kind.ASSESSMENT_START] == [expected]


@pytest.mark.parametrize(
    ("window_end", "expected"),
    [
        (D(2025, 5, 14), D(2025, 5, 14)),
        (D(2025, 5, 15), D(2025, 5, 15)),
        (D(2025, 5, 16), D(2025, 5, 15)),
        (None, D(2025, 5, 15)),
    ],
)
def test_the_window_caps_the_first_plan_step(window_end: D | None, expected: D) -> None:
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))  # + 14 days = 15 May
    found = rules.deadlines(
        case(client_since=D(2025, 3, 15), window_end=window_end, assessments=(done,)), DEFAULT
    )
    assert [d.due for d in found if d.kind == Kind.PLAN_AFTER_ASSESSMENT] == [expected]


def test_steps_that_started_under_the_previous_act_are_not_judged() -> None:
    # C8: a client since 2024, an assessment completed in 2024 and a plan of 2024 set no
    # deadline by the 2025 rules; the day after, they do
    assert rules.deadlines(case(client_since=D(2024, 12, 31)), DEFAULT) == []
    (due,) = rules.deadlines(case(client_since=D(2025, 1, 1)), DEFAULT)
    assert (due.kind, due.due) == (Kind.ASSESSMENT_START, D(2025, 3, 1))
    done = AssessmentFacts(started=D(2024, 12, 1), completed=D(2024, 12, 31))
    assert rules.deadlines(case(assessments=(done,)), DEFAULT) == []
    old_plan = PlanFacts(D(2024, 6, 1), D(2025, 5, 31), active=True)
    assert rules.deadlines(case(plans=(old_plan,)), DEFAULT) == []
    new_plan = dataclasses.replace(old_plan, start=D(2025, 1, 1))
    assert Kind.PLAN_ENDING in dues(case(plans=(new_plan,)))


def test_a_pre_2025_step_is_never_overdue() -> None:
    old = client_rules.previous_act_version("x", "t")
    assert not Due(Kind.REVIEW, D(2024, 6, 1), old).overdue(D(2026, 12, 6))
    assert not old.judged and old.valid_to == D(2024, 12, 31)


# --- The missed-appointment fee -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "booked", "missed", "cancelled", "chargeable"),
    [
        (D(2024, 12, 31), True, True, False, False),
        (D(2025, 1, 1), True, True, False, True),
        (D(2025, 1, 2), True, True, False, True),
        (D(2025, 6, 1), False, True, False, False),
        (D(2025, 6, 1), True, True, True, False),
        (D(2025, 6, 1), True, False, False, False),
    ],
)
def test_a_missed_appointment_with_a_booked_interpreter_may_be_charged_from_2025(
    day: D, booked: bool, missed: bool, cancelled: bool, chargeable: bool
) -> None:
    assert (
        rules.missed_appointment_chargeable(
            day=day, interpreter_booked=booked, missed=missed, cancelled=cancelled
        )
        is chargeable
    )


# --- The rule versions ------------------------------------------------------------------------


@pytest.mark.parametrize("version", ALL_RULES, ids=lambda v: v.id)
def test_every_rule_is_a_dated_cited_version(version: RuleVersion) -> None:
    assert version.id.strip()
    assert version.title.strip()
    assert version.legal_reference.strip()
    assert version.source.startswith("http")
    assert in_force((version,), version.valid_from) is version
    with pytest.raises(NoRuleInForce):
        in_force((version,), version.valid_from - ONE_DAY)
    if version.valid_to is None:
        assert in_force((version,), D(2040, 1, 1)) is version
    else:
        assert in_force((version,), version.valid_to) is version
        with pytest.raises(NoRuleInForce):
            in_force((version,), version.valid_to + ONE_DAY)
    assert rule_versions.rule(version.id) is version
    if version.under_previous_act:
        assert version.valid_to == LAW_2025 - ONE_DAY
        assert not version.judged


@pytest.mark.parametrize(
    "versions",
    [
        rule_versions.WINDOW,
        rule_versions.ASSESSMENT_START,
        rule_versions.INITIAL_INTERVIEW,
        rule_versions.JOBSEEKER_INTERVIEW,
        rule_versions.PLAN_AFTER_ASSESSMENT,
        rule_versions.FIRST_PLAN_LENGTH,
        rule_versions.PLANS_TOTAL_LENGTH,
        rule_versions.SERVICES_WITHIN,
        rule_versions.PLAN_REVIEW,
    ],
    ids=lambda vs: vs[-1].id,
)
def test_each_rule_has_two_dated_versions_that_follow_each_other(
    versions: tuple[RuleVersion, ...],
) -> None:
    from kotopolku.core.rulebook import check_sequence

    assert len(versions) >= 2
    check_sequence(versions)
    assert versions[-1].valid_to is None


def test_rule_ids_are_unique() -> None:
    names = [v.id for v in ALL_RULES]
    assert len(names) == len(set(names))
    assert {
        WINDOW_ID,
        INTERVIEW_ID,
        FIRST_PLAN_ID,
        TOTAL_ID,
        SERVICES_ID,
        ASSESSMENT_START_ID,
        PLAN_AFTER_ID,
        REVIEW_ID,
        MISSED_ID,
    } <= set(names)


def test_an_unknown_rule_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        rule_versions.rule("no-such-rule")


def test_a_version_ends_on_its_last_day() -> None:
    old = RuleVersion("r", "t", "ref", D(2025, 1, 1), valid_to=D(2025, 12, 31))
    new = RuleVersion("r2", "t", "ref", D(2026, 1, 1))
    assert in_force((old, new), D(2025, 12, 31)) is old
    assert in_force((old, new), D(2026, 1, 1)) is new


def _limit_rules() -> dict[str, set[str]]:
    """For each number in `Limits`, the rules whose deadline moves when it changes."""
    facts = case(
        assessments=(AssessmentFacts(started=None, completed=D(2025, 5, 1)),),
    )
    planned = case(plans=(PLAN,))
    moved: dict[str, set[str]] = {}
    for name in (f.name for f in dataclasses.fields(Limits)):
        value = getattr(DEFAULT, name)
        if isinstance(value, str):
            other: Any = rules.PLAN_DAYS
        else:
            other = DEFAULT.number(name, D(2025, 6, 1)) + 1
        changed = dataclasses.replace(DEFAULT, **{name: other})
        found: set[str] = set()
        for f in (facts, planned):
            before = {(d.rule.id, d.due) for d in rules.deadlines(f, DEFAULT)}
            after = {(d.rule.id, d.due) for d in rules.deadlines(f, changed)}
            found |= {rule_id for rule_id, _ in before ^ after}
        moved[name] = found
    return moved


def test_the_unverified_rules_are_exactly_those_whose_numbers_come_from_settings() -> None:
    unverified = {v.id for v in ALL_RULES if not v.verified}
    # the 2026 version of the jobseeker's interview is unverified for its enactment, not
    # for a number of ours: its ten days are the bill's
    assert unverified == {
        ASSESSMENT_START_ID,
        PLAN_AFTER_ID,
        REVIEW_ID,
        "jobseeker-initial-interview-380-2023-2026",
    }
    moved = _limit_rules()
    assert moved == {
        "assessment_start_months": {ASSESSMENT_START_ID},
        "plan_after_assessment_days": {PLAN_AFTER_ID},
        "plan_review_months": {REVIEW_ID},
        "plan_maximum_counting": set(),
        "plan_extension_max_months": set(),
    }
    assert set().union(*moved.values()) == unverified - {
        "jobseeker-initial-interview-380-2023-2026"
    }


def test_the_limits_default_to_the_numbers_of_the_rule_versions() -> None:
    day = D(2025, 6, 1)
    assert [
        Limits().number(name, day)
        for name in (
            "assessment_start_months",
            "plan_after_assessment_days",
            "plan_review_months",
            "plan_extension_max_months",
        )
    ] == [2, 14, 6, 12]


def test_the_limits_are_read_from_settings(settings: Any) -> None:
    settings.ASSESSMENT_START_MONTHS = 4
    settings.PLAN_AFTER_ASSESSMENT_DAYS = 21
    settings.PLAN_REVIEW_MONTHS = 3
    limits = Limits.from_settings()
    assert limits == Limits(
        assessment_start_months=4, plan_after_assessment_days=21, plan_review_months=3
    )
    assert dues(case(client_since=D(2025, 3, 15)), limits) == {
        Kind.ASSESSMENT_START: [D(2025, 7, 15)]
    }


def test_every_deadline_and_violation_cites_a_listed_rule() -> None:
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))
    plan = PlanFacts(D(2025, 5, 10), D(2026, 5, 9), active=True)
    everything = [
        *rules.deadlines(case(window_end=D(2027, 1, 1)), DEFAULT),
        *rules.deadlines(case(window_end=D(2027, 1, 1), assessments=(done,)), DEFAULT),
        *rules.deadlines(case(assessments=(done,), plans=(plan,)), DEFAULT),
        *rules.deadlines(case(duty=EMPLOYMENT, jobseeker_since=D(2025, 6, 2)), DEFAULT),
    ]
    assert {d.kind for d in everything} == set(Kind.ALL)
    assert all(isinstance(d, Due) and d.rule in ALL_RULES for d in everything)
    violations = [
        *assess(WINDOW_LAST + ONE_DAY, official=False),
        *plan_check(D(2025, 1, 1), D(2027, 1, 1)),
    ]
    assert {v.rule.id for v in violations} == {WINDOW_ID, INTERVIEW_ID, FIRST_PLAN_ID, TOTAL_ID}
    assert all(v.rule in ALL_RULES for v in violations)


# --- Date arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 1, 30), 1, D(2025, 2, 28)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 1, 15), 0, D(2025, 1, 15)),
        (D(2025, 1, 15), 12, D(2026, 1, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2025, 1, 31), -1, D(2024, 12, 31)),
        (D(2025, 1, 15), -13, D(2023, 12, 15)),
        (D(2025, 1, 15), -12, D(2024, 1, 15)),
        (D(2025, 12, 1), -11, D(2025, 1, 1)),
        (D(2025, 5, 31), -3, D(2025, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    day: D, months: int, expected: D
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2024, 2, 29), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2024, 2, 29), -1, D(2023, 2, 28)),
        (D(2024, 2, 29), -4, D(2020, 2, 29)),
        (D(2025, 3, 10), 2, D(2027, 3, 10)),
    ],
)
def test_add_years_keeps_the_day_or_takes_the_months_last(day: D, years: int, expected: D) -> None:
    assert add_years(day, years) == expected


# --- Registered jobseekers: the employment-services act's initial interview (C4) ---------------


@pytest.mark.parametrize(
    ("registered", "due", "rule_id"),
    [
        # 5 working days under the 2025 version; the registration day does not count
        (D(2025, 3, 3), D(2025, 3, 10), "jobseeker-initial-interview-380-2023"),  # Mon -> Mon
        (D(2025, 12, 31), D(2026, 1, 9), "jobseeker-initial-interview-380-2023"),  # 1.1, 6.1
        # 10 working days from 1.1.2026 (the version in force on the registration day)
        (D(2026, 1, 1), D(2026, 1, 16), "jobseeker-initial-interview-380-2023-2026"),
        (D(2026, 3, 2), D(2026, 3, 16), "jobseeker-initial-interview-380-2023-2026"),
    ],
)
def test_a_jobseekers_initial_interview_is_due_in_working_days_by_the_version_in_force(
    registered: D, due: D, rule_id: str
) -> None:
    found = rules.deadlines(case(duty=EMPLOYMENT, jobseeker_since=registered), DEFAULT)
    assert [(d.kind, d.due, d.rule.id) for d in found] == [(Kind.INITIAL_INTERVIEW, due, rule_id)]
    assert not found[0].overdue(due)
    assert found[0].overdue(due + ONE_DAY)


def test_a_jobseeker_gets_no_municipal_targets_and_the_plan_is_the_employment_authoritys() -> None:
    done = AssessmentFacts(started=D(2025, 4, 1), completed=D(2025, 5, 1))
    found = dues(case(duty=EMPLOYMENT, jobseeker_since=D(2025, 3, 3), assessments=(done,)))
    # the assessment started after the registration closes the interview; no municipal
    # 14-day plan target, no assessment-start target
    assert found == {}
    plan = PlanFacts(D(2025, 5, 10), D(2026, 5, 9), active=True, first_directed=D(2025, 6, 1))
    found = dues(case(duty=EMPLOYMENT, jobseeker_since=D(2025, 3, 3), plans=(plan,)))
    assert Kind.REVIEW not in found  # the organisation's review interval is the municipality's
    assert found[Kind.PLAN_ENDING] == [D(2026, 5, 9)]


def test_an_assessment_before_the_registration_does_not_close_the_interview() -> None:
    before = AssessmentFacts(started=D(2025, 2, 1), completed=None)
    found = dues(case(duty=EMPLOYMENT, jobseeker_since=D(2025, 3, 3), assessments=(before,)))
    assert found == {Kind.INITIAL_INTERVIEW: [D(2025, 3, 10)]}


def test_no_duty_means_no_assessment_or_window_deadline() -> None:
    # C7: a child or a person outside the groups gets no adult deadlines
    assert rules.deadlines(case(duty="", window_end=D(2027, 1, 1)), DEFAULT) == []
    started = AssessmentFacts(started=D(2025, 4, 1), completed=None)
    # an assessment made on request anyway keeps the window as its last day
    assert dues(case(duty="", window_end=D(2027, 1, 1), assessments=(started,))) == {
        Kind.WINDOW_ENDING: [D(2027, 1, 1)]
    }
