"""The numbers of the rules are typed parameters of their dated versions: each is read from
the version in force on the relevant day (both sides of every validity boundary), a new
version with another number changes the result only from its first day (DOMAIN.md C11: how
a version of 2027 is added), and a setting overrides only the organisation's own targets."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from kotopolku.casework import rule_versions, rules
from kotopolku.casework.rules import AssessmentFacts, CaseFacts, Kind, Limits, PlanFacts, PlanSpan
from kotopolku.clients import rules as client_rules
from kotopolku.core.dates import add_months
from kotopolku.core.rulebook import NoRuleInForce, Parameter, RuleVersion, Unit, check_sequence
from kotopolku.core.workdays import add_working_days
from kotopolku.ops.checks import check_rule_overrides

D = datetime.date
LAST_OLD = D(2024, 12, 31)  # the last day of the previous act
FIRST_NEW = D(2025, 1, 1)  # the first day of Act 681/2023
Y2027 = D(2027, 1, 1)


def dues(facts: CaseFacts, limits: Limits | None = None) -> dict[str, list[datetime.date]]:
    found: dict[str, list[datetime.date]] = {}
    for due in rules.deadlines(facts, limits or Limits()):
        found.setdefault(due.kind, []).append(due.due)
    return found


def client(since: datetime.date, **kwargs: Any) -> CaseFacts:
    return CaseFacts(client_since=since, window_end=None, **kwargs)


def with_2027(
    versions: tuple[RuleVersion, ...], *params: Parameter, verified: bool = True
) -> tuple[RuleVersion, ...]:
    """`versions` with the last one ended on 31.12.2026 and a synthetic version of 2027
    carrying `params`: exactly how a change in the law is added to the rulebook."""
    *earlier, current = versions
    ended = dataclasses.replace(current, valid_to=Y2027 - datetime.timedelta(days=1))
    new = RuleVersion(
        id=f"{current.id}-2027",
        title=f"{current.title} (synthetic version of 2027)",
        legal_reference="Act 681/2023 as amended (synthetic)",
        valid_from=Y2027,
        source="https://example.org/synthetic",
        verified=verified,
        params=params,
    )
    result = (*earlier, ended, new)
    check_sequence(result)
    return result


# --- The typed parameter ---------------------------------------------------------------------


def test_a_parameter_has_a_unit_of_the_list() -> None:
    assert Parameter("months", 6, "months").unit is Unit.MONTHS  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Parameter("weeks", 2, "weeks")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [-1, True, 1.5, (), (3, "1")])
def test_a_parameter_is_a_whole_number(value: Any) -> None:
    with pytest.raises(ValueError, match="whole number"):
        Parameter("months", value, Unit.MONTHS)


def test_a_version_names_each_parameter_once() -> None:
    with pytest.raises(ValueError, match="repeated"):
        RuleVersion(
            "r",
            "t",
            "ref",
            FIRST_NEW,
            params=(Parameter("days", 1, Unit.DAYS), Parameter("days", 2, Unit.DAYS)),
        )


def test_a_missing_parameter_names_the_version() -> None:
    version = rule_versions.SERVICES_WITHIN[-1]
    with pytest.raises(KeyError, match=version.id):
        version.parameter("weeks")
    with pytest.raises(TypeError):
        rule_versions.PLANS_TOTAL_LENGTH[-1].count("warn_months")
    assert rule_versions.SERVICES_WITHIN[-1].counts("months") == (6,)


def test_every_number_of_the_rulebook_is_a_typed_parameter() -> None:
    versions = [*rule_versions.ALL_RULES, *client_rules.EDUCATION_STAGE_RULES]
    numbered = {v.id for v in versions if v.params}
    assert numbered == {
        "integration-window-681-2023",
        "assessment-start-months",
        "jobseeker-initial-interview-380-2023",
        "jobseeker-initial-interview-380-2023-2026",
        "plan-without-delay-681-2023",
        "first-plan-one-year-681-2023",
        "plans-total-two-years-681-2023",
        "services-within-six-months-681-2023",
        "plan-review-interval",
        "education-stage-by-age",
    }
    assert client_rules.ASSESSMENT_DUTY_RULES[-1].count("adult_age") == 18


# --- Both sides of each validity boundary ------------------------------------------------------


def test_assessment_start_months_from_the_first_day_of_the_act() -> None:
    assert Kind.ASSESSMENT_START not in dues(client(LAST_OLD))
    assert dues(client(FIRST_NEW))[Kind.ASSESSMENT_START] == [D(2025, 3, 1)]


def test_plan_after_assessment_days_from_the_first_day_of_the_act() -> None:
    def found(day: datetime.date) -> list[datetime.date] | None:
        done = AssessmentFacts(started=day, completed=day)
        return dues(client(day, assessments=(done,))).get(Kind.PLAN_AFTER_ASSESSMENT)

    assert found(LAST_OLD) is None
    assert found(FIRST_NEW) == [D(2025, 1, 15)]


def test_review_months_from_the_first_day_of_the_act() -> None:
    def found(start: datetime.date) -> list[datetime.date] | None:
        plan = PlanFacts(start, add_months(start, 12), active=True, first_directed=start)
        return dues(client(start, plans=(plan,))).get(Kind.REVIEW)

    assert found(LAST_OLD) is None
    assert found(FIRST_NEW) == [D(2025, 7, 1)]


def test_services_within_months_from_the_first_day_of_the_act() -> None:
    def found(start: datetime.date) -> list[datetime.date] | None:
        plan = PlanFacts(start, add_months(start, 11), active=True)
        return dues(client(start, plans=(plan,))).get(Kind.SERVICES_DIRECTED)

    assert found(LAST_OLD) is None
    assert found(FIRST_NEW) == [D(2025, 7, 1)]


def test_jobseeker_interview_working_days_on_both_sides_of_each_version() -> None:
    def found(since: datetime.date) -> list[datetime.date] | None:
        facts = client(since, duty=client_rules.EMPLOYMENT_AREA, jobseeker_since=since)
        return dues(facts).get(Kind.INITIAL_INTERVIEW)

    assert found(LAST_OLD) is None  # no version before 1.1.2025
    assert found(FIRST_NEW) == [add_working_days(FIRST_NEW, 5)]
    assert found(D(2025, 12, 31)) == [add_working_days(D(2025, 12, 31), 5)]
    assert found(D(2026, 1, 1)) == [add_working_days(D(2026, 1, 1), 10)]


def one_plan(start: datetime.date, end: datetime.date) -> list[str]:
    return [
        v.rule.id
        for v in rules.check_plan(
            PlanSpan(start, end),
            others=[],
            first_permit_date=start,
            basis="other",
            exempt_bases=(),
        )
    ]


def test_first_plan_years_from_the_first_day_of_the_act() -> None:
    assert one_plan(LAST_OLD, D(2026, 1, 1)) == []  # under the previous act: not judged
    assert one_plan(FIRST_NEW, D(2025, 12, 31)) == []
    assert one_plan(FIRST_NEW, D(2026, 1, 1)) == ["first-plan-one-year-681-2023"]


def test_plans_total_years_from_the_first_day_of_the_act() -> None:
    assert rules.plan_maximum_end(FIRST_NEW) == D(2026, 12, 31)
    first = PlanSpan(FIRST_NEW, D(2025, 12, 31))
    ok = PlanSpan(D(2026, 1, 1), D(2026, 12, 31))
    long = PlanSpan(D(2026, 1, 1), D(2027, 1, 1))
    kwargs: dict[str, Any] = {"first_permit_date": FIRST_NEW, "basis": "other", "exempt_bases": ()}
    assert rules.check_plan(ok, others=[first], **kwargs) == []
    assert [v.rule.id for v in rules.check_plan(long, others=[first], **kwargs)] == [
        "plans-total-two-years-681-2023"
    ]


def test_window_years_from_the_first_day_of_the_act() -> None:
    permit = D(2020, 1, 1)  # more than three years before either day

    def refused(day: datetime.date) -> bool:
        return bool(
            rules.check_assessment(
                started=day,
                first_permit_date=permit,
                basis="other",
                exempt_bases=(),
                interviewer_is_public_official=True,
            )
        )

    assert not refused(LAST_OLD)
    assert refused(FIRST_NEW)


def test_education_stage_ages_from_their_first_day() -> None:
    born = D(2014, 7, 31)  # seven on 31.7.2021
    with pytest.raises(NoRuleInForce):
        client_rules.education_stage(born, D(2021, 7, 31))
    assert client_rules.education_stage(born, D(2021, 8, 1)) == client_rules.EducationStage.BASIC


# --- A version of 2027 changes a number from its first day only (C11) ------------------------


def test_a_2027_version_of_the_law_changes_the_services_deadline_from_its_first_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def services_due(start: datetime.date) -> datetime.date:
        plan = PlanFacts(start, add_months(start, 11), active=True)
        return dues(client(start, plans=(plan,)))[Kind.SERVICES_DIRECTED][0]

    before = (services_due(D(2026, 12, 31)), services_due(Y2027))
    monkeypatch.setattr(
        rules,
        "SERVICES_WITHIN",
        with_2027(rule_versions.SERVICES_WITHIN, Parameter("months", 3, Unit.MONTHS)),
    )
    assert services_due(D(2026, 12, 31)) == before[0] == D(2027, 6, 30)
    assert before[1] == D(2027, 7, 1)
    assert services_due(Y2027) == D(2027, 4, 1)


def test_a_2027_version_changes_the_first_plan_length_from_its_first_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        rules,
        "FIRST_PLAN_LENGTH",
        with_2027(rule_versions.FIRST_PLAN_LENGTH, Parameter("years", 2, Unit.YEARS)),
    )
    assert rules.first_plan_last_day(D(2026, 12, 31)) == D(2027, 12, 30)
    assert rules.first_plan_last_day(Y2027) == D(2028, 12, 31)


def test_a_2027_version_of_an_own_target_changes_the_default_and_keeps_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    versions = with_2027(
        rule_versions.ASSESSMENT_START,
        Parameter("months", 1, Unit.MONTHS, own_target=True),
        verified=False,
    )
    # the deadline reads the version in force, the setting's override its parameter
    monkeypatch.setattr(rules, "ASSESSMENT_START", versions)
    monkeypatch.setattr(rule_versions, "ASSESSMENT_START", versions)
    assert dues(client(D(2026, 12, 31)))[Kind.ASSESSMENT_START] == [D(2027, 2, 28)]
    assert dues(client(Y2027))[Kind.ASSESSMENT_START] == [D(2027, 2, 1)]
    ours = Limits(assessment_start_months=4)
    assert dues(client(D(2026, 12, 31)), ours)[Kind.ASSESSMENT_START] == [D(2027, 4, 30)]
    assert dues(client(Y2027), ours)[Kind.ASSESSMENT_START] == [D(2027, 5, 1)]
    assert rule_versions.override_errors({"ASSESSMENT_START_MONTHS": 4}) == []


def test_a_2027_version_making_a_target_the_laws_number_refuses_the_setting(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(
        rule_versions,
        "PLAN_REVIEW",
        with_2027(rule_versions.PLAN_REVIEW, Parameter("months", 12, Unit.MONTHS)),
    )
    ours = Limits(plan_review_months=3)
    # the setting stands for the days it may, the law's number from 2027 on
    assert ours.number("plan_review_months", D(2026, 12, 31)) == 3
    assert ours.number("plan_review_months", Y2027) == 12
    [message] = rule_versions.override_errors({"PLAN_REVIEW_MONTHS": 3})
    assert "KOTOPOLKU_PLAN_REVIEW_MONTHS=3" in message
    assert "plan-review-interval-2027" in message and "the law's" in message
    settings.PLAN_REVIEW_MONTHS = 3
    [error] = check_rule_overrides(None)
    assert error.id == "kotopolku.E010" and error.msg == message
    settings.PLAN_REVIEW_MONTHS = None
    assert check_rule_overrides(None) == []


def test_a_setting_never_replaces_a_number_of_the_law() -> None:
    versions = rule_versions.SERVICES_WITHIN
    assert rule_versions.number(versions, FIRST_NEW, "months", override=1) == 6
    assert rule_versions.number(rule_versions.PLAN_REVIEW, FIRST_NEW, "months", override=1) == 1


def test_the_settings_of_the_own_targets_pass_the_check(settings: Any) -> None:
    settings.ASSESSMENT_START_MONTHS = 3
    settings.PLAN_AFTER_ASSESSMENT_DAYS = 7
    settings.PLAN_REVIEW_MONTHS = 12
    settings.PLAN_EXTENSION_MAX_MONTHS = 6
    assert check_rule_overrides(None) == []
    limits = Limits.from_settings()
    assert [limits.number(o.field, FIRST_NEW) for o in rule_versions.overrides()] == [3, 7, 12, 6]


def test_the_extension_limit_is_read_for_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    total = rule_versions.PLANS_TOTAL_LENGTH
    *_, current = total
    new_params = tuple(
        Parameter("extension_max_months", 6, Unit.MONTHS, own_target=True)
        if p.name == "extension_max_months"
        else p
        for p in current.params
    )
    monkeypatch.setattr(rule_versions, "PLANS_TOTAL_LENGTH", with_2027(total, *new_params))
    assert Limits().number("plan_extension_max_months", D(2026, 12, 31)) == 12
    assert Limits().number("plan_extension_max_months", Y2027) == 6
