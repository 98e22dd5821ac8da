"""casework/rules.py's remaining branches, without the database: the rule lookups, the
settings' overrides, the job-search obligation, the missed-appointment fee, the deadlines of
a plan agreed before the act and the civic orientation still pending."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from kotopolku.casework import rule_versions, rules
from kotopolku.casework.rule_versions import Override
from kotopolku.casework.rules import (
    CaseFacts,
    Kind,
    Limits,
    PlanFacts,
    PlanSpan,
)
from kotopolku.core.rulebook import Parameter, RuleVersion, Unit

D = datetime.date
ONE = datetime.timedelta(days=1)


def test_is_total_rule() -> None:
    assert rules.is_total_rule("plans-total-two-years-681-2023")
    assert rules.is_total_rule("plans-total-1386-2010")
    assert not rules.is_total_rule("first-plan-one-year-681-2023")


def test_a_list_of_numbers_is_not_a_whole_number() -> None:
    with pytest.raises(TypeError, match="'warn_months' is a list of numbers"):
        rule_versions.whole_number(rule_versions.PLANS_TOTAL_LENGTH, D(2026, 1, 1), "warn_months")
    assert rule_versions.whole_number(rule_versions.PLANS_TOTAL_LENGTH, D(2026, 1, 1), "years") == 2


def _law_version(**params: int) -> RuleVersion:
    return RuleVersion(
        id="test-rule-2027",
        title="A rule of a later law",
        legal_reference="Act 999/2027 s. 1",
        valid_from=D(2027, 1, 1),
        source="https://example.invalid/law",
        params=tuple(Parameter(name, value, Unit.MONTHS) for name, value in params.items()),
    )


def test_an_override_of_the_laws_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    versions = (*rule_versions.PLAN_REVIEW, _law_version(months=3))
    monkeypatch.setattr(
        rule_versions,
        "overrides",
        lambda: (Override("plan_review_months", "PLAN_REVIEW_MONTHS", versions, "months"),),
    )
    errors = rule_versions.override_errors({"PLAN_REVIEW_MONTHS": 4})
    assert len(errors) == 1
    assert errors[0].startswith(
        "KOTOPOLKU_PLAN_REVIEW_MONTHS=4 would override 'months' of the rule test-rule-2027"
    )
    assert (
        "in force from 2027-01-01" in errors[0]
        and "Unset KOTOPOLKU_PLAN_REVIEW_MONTHS" in errors[0]
    )
    # unset: nothing to refuse
    assert rule_versions.override_errors({"PLAN_REVIEW_MONTHS": None}) == []


def test_a_version_without_the_parameter_does_not_refuse_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    versions = (*rule_versions.PLAN_REVIEW, _law_version(weeks=3))
    monkeypatch.setattr(
        rule_versions,
        "overrides",
        lambda: (Override("plan_review_months", "PLAN_REVIEW_MONTHS", versions, "months"),),
    )
    assert rule_versions.override_errors({"PLAN_REVIEW_MONTHS": 4}) == []


def test_the_real_overrides_are_all_own_targets() -> None:
    values = {o.setting: 5 for o in rule_versions.overrides()}
    assert rule_versions.override_errors(values) == []


def test_no_plans_under_this_act_have_no_maximum() -> None:
    old = [PlanSpan(D(2024, 1, 1), D(2024, 12, 31))]
    assert rules.maximum_end_for(old, counting=rules.CALENDAR) is None
    assert rules.maximum_end_for([], counting=rules.PLAN_DAYS) is None


def test_a_plan_whose_total_rule_is_not_judged_is_checked_for_the_first_year_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rule without a judging version on the day (here: only the previous act's) is not
    applied."""
    plan = PlanSpan(D(2026, 1, 1), D(2028, 6, 30))
    common: dict[str, Any] = {
        "others": [],
        "first_permit_date": D(2025, 6, 1),
        "basis": "family",
        "exempt_bases": (),
    }
    ids = {v.rule.id for v in rules.check_plan(plan, **common)}
    assert ids == {"first-plan-one-year-681-2023", "plans-total-two-years-681-2023"}
    monkeypatch.setattr(rules, "PLANS_TOTAL_LENGTH", rule_versions.PLANS_TOTAL_LENGTH[:1])
    ids = {v.rule.id for v in rules.check_plan(plan, **common)}
    assert ids == {"first-plan-one-year-681-2023"}


def test_job_search_obligation_needs_a_registration_overlapping_the_plan() -> None:
    plan = PlanSpan(D(2026, 1, 1), D(2026, 12, 31))
    check = rules.check_job_search_obligation
    assert check(plan, has_obligation=False, jobseeker_periods=[]) == []
    found = check(plan, has_obligation=True, jobseeker_periods=[])
    assert [(v.rule.id, v.fields) for v in found] == [
        ("job-search-obligation-jobseekers-681-2023", ("job_search_obligation",))
    ]
    before = PlanSpan(D(2025, 1, 1), D(2025, 12, 31))
    assert check(plan, has_obligation=True, jobseeker_periods=[before]) != []
    touching = PlanSpan(D(2025, 1, 1), D(2026, 1, 1))
    assert check(plan, has_obligation=True, jobseeker_periods=[before, touching]) == []
    # a plan under the previous act is not judged
    old = PlanSpan(D(2024, 1, 1), D(2024, 12, 31))
    assert check(old, has_obligation=True, jobseeker_periods=[]) == []


def _fee(**kw: Any) -> list[str]:
    values: dict[str, Any] = {
        "day": D(2025, 1, 1),
        "fee_charged": True,
        "interpreter_booked": True,
        "missed": True,
        "cancelled": False,
    }
    values.update(kw)
    return [" ".join(v.fields) for v in rules.check_missed_appointment_fee(**values)]


def test_a_missed_appointment_fee_from_1_1_2025_on() -> None:
    assert _fee() == []
    refused = rules.check_missed_appointment_fee(
        day=D(2024, 12, 31), fee_charged=True, interpreter_booked=True, missed=True, cancelled=False
    )
    assert [v.rule.id for v in refused] == ["missed-appointment-fee-681-2023-32a"]
    assert "on or after 1.1.2025" in refused[0].message
    assert _fee(day=D(2024, 12, 31), fee_charged=False) == []


def test_a_missed_appointment_fee_needs_an_interpreter_and_a_missed_appointment() -> None:
    assert _fee(fee_charged=False, interpreter_booked=False, missed=False) == []
    assert _fee(interpreter_booked=False) == ["fee_charged interpreter_booked"]
    assert _fee(missed=False) == ["fee_charged missed"]
    assert _fee(cancelled=True) == ["fee_charged missed"]
    assert _fee(interpreter_booked=False, cancelled=True) == [
        "fee_charged interpreter_booked",
        "fee_charged missed",
    ]


def test_missed_appointment_chargeable() -> None:
    chargeable = rules.missed_appointment_chargeable
    assert chargeable(day=D(2025, 1, 1), interpreter_booked=True, missed=True, cancelled=False)
    assert not chargeable(
        day=D(2024, 12, 31), interpreter_booked=True, missed=True, cancelled=False
    )
    assert not chargeable(day=D(2025, 1, 1), interpreter_booked=True, missed=True, cancelled=True)


def test_services_within_six_months_of_a_plan_agreed_under_the_act() -> None:
    plan = PlanFacts(D(2025, 1, 10), D(2025, 12, 31), active=True, agreed_on=D(2025, 1, 2))
    facts = CaseFacts(D(2024, 11, 1), None, plans=(plan,))
    due = [d for d in rules.deadlines(facts, Limits()) if d.kind == Kind.SERVICES_DIRECTED]
    assert [d.due for d in due] == [D(2025, 7, 2)]


def test_a_plan_agreed_before_the_act_has_no_services_deadline() -> None:
    """C8: the six months count from the day the plan was agreed; agreed in December 2024,
    the step falls under the previous act and is not judged, though the plan runs in 2025."""
    plan = PlanFacts(D(2025, 1, 10), D(2025, 12, 31), active=True, agreed_on=D(2024, 12, 20))
    facts = CaseFacts(D(2024, 11, 1), None, plans=(plan,))
    kinds = [d.kind for d in rules.deadlines(facts, Limits())]
    assert Kind.SERVICES_DIRECTED not in kinds
    assert Kind.PLAN_ENDING in kinds and Kind.PLAN_MAXIMUM in kinds


def test_civic_orientation_pending() -> None:
    today = D(2026, 3, 2)
    facts = CaseFacts(D(2026, 1, 1), None)
    assert rules.civic_orientation_pending(facts, today)
    assert not rules.civic_orientation_pending(CaseFacts(D(2026, 1, 1), None, active=False), today)
    offered = CaseFacts(D(2026, 1, 1), None, civic_orientation_offered=True)
    assert not rules.civic_orientation_pending(offered, today)
    assert not rules.civic_orientation_pending(facts, D(2024, 12, 31))
    nobody = CaseFacts(D(2026, 1, 1), None, duty="")
    assert not rules.civic_orientation_pending(nobody, today)
    planned = CaseFacts(
        D(2026, 1, 1), None, duty="", plans=(PlanFacts(D(2025, 2, 1), D(2026, 1, 31), True),)
    )
    assert rules.civic_orientation_pending(planned, today)
