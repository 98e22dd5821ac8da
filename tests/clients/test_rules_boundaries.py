"""clients/rules.py at its boundaries: every branch of the assessment duty, the education
stage and the responsible authority, with pure facts (no database)."""

from __future__ import annotations

import datetime

import pytest

from kotopolku.clients import rules
from kotopolku.clients.rules import DutyFacts, DutyReason, NoDuty, Period

D = datetime.date
DAY = D(2026, 3, 2)
ADULT = D(1990, 5, 1)
CHILD = D(2015, 5, 1)


def _facts(**kw: object) -> DutyFacts:
    values: dict[str, object] = {
        "birth_date": ADULT,
        "basis": "family",
        "window_end": D(2027, 1, 1),
        "window_known": True,
    }
    values.update(kw)
    return DutyFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        ({"basis": "quota_refugee"}, DutyReason.PROTECTION),
        ({"basis": "international_protection"}, DutyReason.PROTECTION),
        ({"protection_family_member": True}, DutyReason.PROTECTION_FAMILY),
        ({"social_assistance": True}, DutyReason.SOCIAL_ASSISTANCE),
        ({"home_care_allowance": True}, DutyReason.HOME_CARE_ALLOWANCE),
        ({"unaccompanied_minor": True}, DutyReason.UNACCOMPANIED_MINOR),
        ({"basis": "trafficking_victim"}, DutyReason.TRAFFICKING_VICTIM),
        ({"assessment_requested_on": DAY}, DutyReason.REQUESTED),
        ({"assessment_need_noted": True}, DutyReason.NEED_ASSESSED),
    ],
)
def test_each_group_of_the_act_gives_the_municipality_the_duty(
    facts: dict[str, object], reason: str
) -> None:
    duty = rules.assessment_duty(_facts(**facts), DAY)
    assert duty.owed and duty.by_municipality
    assert duty.assessor == rules.MUNICIPALITY
    assert duty.reasons == (reason,)
    assert duty.no_duty == ""
    assert duty.rule.id == "assessment-duty-681-2023"


def test_a_request_counts_from_its_day_on() -> None:
    assert rules.assessment_duty(_facts(assessment_requested_on=DAY), DAY).owed
    later = rules.assessment_duty(_facts(assessment_requested_on=DAY + datetime.timedelta(1)), DAY)
    assert not later.owed and later.no_duty == NoDuty.NO_GROUP


def test_the_window_passes_the_day_after_its_end() -> None:
    facts = _facts(basis="quota_refugee", window_end=DAY)
    assert rules.assessment_duty(facts, DAY).owed
    passed = rules.assessment_duty(facts, DAY + datetime.timedelta(1))
    assert (passed.owed, passed.no_duty, passed.assessor) == (False, NoDuty.WINDOW_PASSED, "")
    # the reasons stay readable on the refusal
    assert passed.reasons == (DutyReason.PROTECTION,)


def test_an_unknown_window_does_not_end_the_duty() -> None:
    facts = _facts(basis="quota_refugee", window_end=D(2020, 1, 1), window_known=False)
    assert rules.assessment_duty(facts, DAY).owed


def test_a_child_needs_a_reason_of_its_own() -> None:
    child = _facts(birth_date=CHILD, social_assistance=True)
    refused = rules.assessment_duty(child, DAY)
    assert (refused.owed, refused.no_duty) == (False, NoDuty.CHILD)
    own = rules.assessment_duty(_facts(birth_date=CHILD, unaccompanied_minor=True), DAY)
    assert own.owed and own.reasons == (DutyReason.UNACCOMPANIED_MINOR,)


def test_the_adult_age_is_reached_on_the_eighteenth_birthday() -> None:
    born = D(2008, 3, 2)
    facts = _facts(birth_date=born, social_assistance=True)
    assert rules.assessment_duty(facts, D(2026, 3, 1)).no_duty == NoDuty.CHILD
    assert rules.assessment_duty(facts, D(2026, 3, 2)).owed


def test_a_registered_jobseeker_is_assessed_by_the_employment_authority() -> None:
    duty = rules.assessment_duty(_facts(jobseeker=True, social_assistance=True), DAY)
    assert duty.owed and not duty.by_municipality
    assert duty.assessor == rules.EMPLOYMENT_AREA
    assert duty.reasons == (DutyReason.JOBSEEKER, DutyReason.SOCIAL_ASSISTANCE)


def test_no_group_no_duty() -> None:
    duty = rules.assessment_duty(_facts(), DAY)
    assert (duty.owed, duty.no_duty, duty.by_municipality) == (False, NoDuty.NO_GROUP, False)


def test_a_day_under_the_previous_act_is_judged_by_the_law_of_2025() -> None:
    duty = rules.assessment_duty(_facts(basis="quota_refugee"), D(2024, 6, 1))
    assert duty.rule.id == "assessment-duty-681-2023"


def test_age_on_a_leap_day_birthday() -> None:
    born = D(2008, 2, 29)
    assert rules.age_on(born, D(2026, 2, 27)) == 17
    assert rules.age_on(born, D(2026, 2, 28)) == 18


@pytest.mark.parametrize(
    ("birth", "stage"),
    [
        (D(2026, 1, 1), rules.EducationStage.EARLY_CHILDHOOD),
        (D(2020, 3, 3), rules.EducationStage.EARLY_CHILDHOOD),  # 5 the day before turning 6
        (D(2020, 3, 2), rules.EducationStage.PRE_PRIMARY),
        (D(2019, 3, 2), rules.EducationStage.BASIC),
        (D(2010, 3, 3), rules.EducationStage.BASIC),
        (D(2010, 3, 2), rules.EducationStage.UPPER_SECONDARY),
        (D(2008, 3, 3), rules.EducationStage.UPPER_SECONDARY),
        (D(2008, 3, 2), None),
    ],
)
def test_education_stage_by_age(birth: datetime.date, stage: str | None) -> None:
    assert rules.education_stage(birth, DAY) == stage


def test_responsible_authority() -> None:
    periods = [Period(D(2026, 1, 1), D(2026, 3, 1)), Period(D(2026, 4, 1), None)]
    assert rules.responsible_authority(periods, None, D(2026, 3, 1)) == rules.EMPLOYMENT_AREA
    assert rules.responsible_authority(periods, None, D(2026, 3, 2)) == rules.MUNICIPALITY
    agreed = rules.responsible_authority(periods, rules.EMPLOYMENT_AREA, D(2026, 3, 2))
    assert agreed == rules.EMPLOYMENT_AREA
    assert rules.responsible_authority(periods, None, D(2030, 1, 1)) == rules.EMPLOYMENT_AREA
    assert rules.responsible_authority([], None, D(2024, 1, 1)) == rules.MUNICIPALITY


def test_overlapping_periods() -> None:
    jan = Period(D(2026, 1, 1), D(2026, 1, 31))
    assert not rules.overlapping([])
    assert not rules.overlapping([Period(D(2026, 2, 1), None), jan])
    assert rules.overlapping([jan, Period(D(2026, 1, 31), D(2026, 2, 5))])
    assert rules.overlapping([Period(D(2026, 1, 1), None), Period(D(2027, 1, 1), None)])


def test_the_window() -> None:
    permit = D(2025, 3, 1)
    exempt = ("trafficking_victim",)
    assert rules.integration_window_end(permit, "family", exempt_bases=exempt, today=DAY) == D(
        2028, 3, 1
    )
    assert rules.integration_window_end(None, "family", exempt_bases=exempt, today=DAY) is None
    assert (
        rules.integration_window_end(permit, "trafficking_victim", exempt_bases=exempt, today=DAY)
        is None
    )
    assert rules.within_window(None, "trafficking_victim", DAY, exempt_bases=exempt)
    assert not rules.within_window(None, "family", DAY, exempt_bases=exempt)
    assert rules.within_window(permit, "family", D(2028, 3, 1), exempt_bases=exempt)
    assert not rules.within_window(permit, "family", D(2028, 3, 2), exempt_bases=exempt)
    assert not rules.within_window(permit, "family", D(2025, 2, 28), exempt_bases=exempt)
