"""A step that may only be taken within the integration window lapses the day after the
window's last day: it is then a lapsed right, not an overdue task (issue 15). Pure rules,
both sides of each boundary, without the database."""

from __future__ import annotations

import datetime

import pytest

from kotopolku.casework import rules
from kotopolku.casework.rules import AssessmentFacts, CaseFacts, Kind, Limits, PlanFacts, StepState
from kotopolku.clients import rules as client_rules

D = datetime.date
ONE = datetime.timedelta(days=1)
WINDOW_END = D(2026, 3, 10)


def test_the_window_bound_steps_are_kinds_of_the_rules() -> None:
    assert set(client_rules.WINDOW_BOUND_STEPS) <= set(Kind.ALL)
    assert set(Kind.WINDOW_BOUND) == {
        Kind.ASSESSMENT_START,
        Kind.PLAN_AFTER_ASSESSMENT,
        Kind.WINDOW_ENDING,
    }


@pytest.mark.parametrize(
    ("today", "lapsed"),
    [(WINDOW_END - ONE, False), (WINDOW_END, False), (WINDOW_END + ONE, True)],
    ids=["the day before the window ends", "its last day", "the day after"],
)
@pytest.mark.parametrize("kind", client_rules.WINDOW_BOUND_STEPS)
def test_a_window_bound_step_due_on_the_windows_last_day_lapses_the_day_after(
    kind: str, today: D, lapsed: bool
) -> None:
    assert client_rules.step_lapses(kind, WINDOW_END, WINDOW_END)
    assert client_rules.step_lapsed(kind, WINDOW_END, WINDOW_END, today) is lapsed


@pytest.mark.parametrize("kind", [Kind.REVIEW, Kind.SERVICES_DIRECTED, Kind.INITIAL_INTERVIEW])
def test_other_steps_due_on_the_same_day_fall_overdue_instead(kind: str) -> None:
    assert not client_rules.step_lapses(kind, WINDOW_END, WINDOW_END)
    assert not client_rules.step_lapsed(kind, WINDOW_END, WINDOW_END, WINDOW_END + ONE)


def test_a_window_bound_step_due_before_the_window_ends_falls_overdue() -> None:
    due = WINDOW_END - 30 * ONE  # the organisation's target came first: still possible late
    assert not client_rules.step_lapsed(Kind.ASSESSMENT_START, due, WINDOW_END, due + ONE)
    assert not client_rules.step_lapsed(Kind.ASSESSMENT_START, due, None, due + ONE)


def _facts(**kw: object) -> CaseFacts:
    kw.setdefault("client_since", WINDOW_END - 30 * ONE)  # two months would run past the end
    kw.setdefault("window_end", WINDOW_END)
    return CaseFacts(**kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (WINDOW_END - ONE, StepState.OPEN),
        (WINDOW_END, StepState.OPEN),
        (WINDOW_END + ONE, StepState.LAPSED),
    ],
)
def test_the_capped_assessment_step_is_open_then_lapsed(today: D, state: str) -> None:
    found = {d.kind: d for d in rules.deadlines(_facts(), Limits())}
    assessment = found[Kind.ASSESSMENT_START]
    assert assessment.due == WINDOW_END and assessment.lapses
    assert assessment.state(today) == state
    # the API's `overdue` keeps its meaning: the last day has passed
    assert assessment.overdue(today) is (today > WINDOW_END)
    assert found[Kind.WINDOW_ENDING].state(today) == state


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (WINDOW_END - ONE, StepState.OPEN),
        (WINDOW_END, StepState.OPEN),
        (WINDOW_END + ONE, StepState.LAPSED),
    ],
)
def test_the_capped_first_plan_step_lapses_with_the_window(today: D, state: str) -> None:
    done = AssessmentFacts(started=WINDOW_END - 20 * ONE, completed=WINDOW_END - 5 * ONE)
    found = {d.kind: d for d in rules.deadlines(_facts(assessments=(done,)), Limits())}
    assert found[Kind.PLAN_AFTER_ASSESSMENT].due == WINDOW_END
    assert found[Kind.PLAN_AFTER_ASSESSMENT].state(today) == state


def test_an_uncapped_assessment_step_is_overdue_not_lapsed() -> None:
    since = D(2025, 3, 15)  # due 15.5.2025, the window years away
    found = rules.deadlines(_facts(client_since=since, window_end=D(2028, 1, 1)), Limits())
    due = next(d for d in found if d.kind == Kind.ASSESSMENT_START)
    assert due.due == D(2025, 5, 15) and not due.lapses
    assert due.state(D(2025, 5, 15)) == StepState.OPEN
    assert due.state(D(2025, 5, 16)) == StepState.OVERDUE


def test_a_review_is_never_lapsed() -> None:
    plan = PlanFacts(
        start=D(2025, 6, 1), end=D(2026, 5, 31), active=True, first_directed=D(2025, 6, 2)
    )
    found = rules.deadlines(_facts(client_since=D(2025, 3, 1), plans=(plan,)), Limits())
    review = next(d for d in found if d.kind == Kind.REVIEW)
    assert not review.lapses
    assert review.state(review.due + ONE) == StepState.OVERDUE
