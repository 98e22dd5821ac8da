"""Who the municipality must offer an assessment (DOMAIN.md 0.1 C7), from register facts.

Pure tests of `clients.rules.assessment_duty` at its boundaries: the age of 18, the last
day of the three-year window, each group, and jobseekers (the employment authority)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from kotopolku.clients import rules
from kotopolku.clients.rules import DutyFacts, DutyReason, NoDuty

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
TODAY = D(2026, 12, 6)
ADULT = DutyFacts(
    birth_date=D(1990, 5, 1),
    basis="work",
    window_end=D(2027, 5, 2),
    window_known=True,
)


def duty(facts: DutyFacts, day: D = TODAY) -> rules.AssessmentDuty:
    return rules.assessment_duty(facts, day)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"basis": "quota_refugee"}, DutyReason.PROTECTION),
        ({"basis": "international_protection"}, DutyReason.PROTECTION),
        ({"basis": "trafficking_victim"}, DutyReason.TRAFFICKING_VICTIM),
        ({"protection_family_member": True}, DutyReason.PROTECTION_FAMILY),
        ({"social_assistance": True}, DutyReason.SOCIAL_ASSISTANCE),
        ({"home_care_allowance": True}, DutyReason.HOME_CARE_ALLOWANCE),
        ({"unaccompanied_minor": True}, DutyReason.UNACCOMPANIED_MINOR),
        ({"assessment_requested_on": TODAY}, DutyReason.REQUESTED),
        ({"assessment_need_noted": True}, DutyReason.NEED_ASSESSED),
    ],
)
def test_each_group_of_the_act_makes_the_municipality_assess(change: dict, reason: str) -> None:
    found = duty(dataclasses.replace(ADULT, **change))
    assert found.owed and found.by_municipality
    assert found.reasons == (reason,)
    assert found.rule.id == "assessment-duty-681-2023"


def test_an_adult_outside_the_groups_is_not_owed_an_assessment() -> None:
    found = duty(ADULT)
    assert not found.owed
    assert found.no_duty == NoDuty.NO_GROUP
    assert found.assessor == ""


def test_a_request_counts_from_the_day_it_was_made() -> None:
    asked = dataclasses.replace(ADULT, assessment_requested_on=TODAY + ONE_DAY)
    assert not duty(asked).owed
    assert duty(asked, TODAY + ONE_DAY).owed


@pytest.mark.parametrize(
    ("birth", "owed"),
    [
        (D(2008, 12, 7), False),  # 18 tomorrow
        (D(2008, 12, 6), True),  # 18 today
        (D(2008, 12, 5), True),
    ],
)
def test_a_child_of_a_refugee_family_is_not_assessed_in_their_own_right(
    birth: D, owed: bool
) -> None:
    child = dataclasses.replace(ADULT, basis="quota_refugee", birth_date=birth)
    found = duty(child)
    assert found.owed is owed
    if not owed:
        assert found.no_duty == NoDuty.CHILD
        assert found.reasons == ()


def test_a_one_year_old_gets_no_assessment() -> None:
    baby = dataclasses.replace(
        ADULT, basis="family", birth_date=D(2025, 11, 24), protection_family_member=True
    )
    assert duty(baby).no_duty == NoDuty.CHILD


@pytest.mark.parametrize(
    "change",
    [
        {"unaccompanied_minor": True},
        {"basis": "trafficking_victim"},
        {"assessment_requested_on": D(2026, 11, 1)},
        {"assessment_need_noted": True},
    ],
)
def test_a_child_is_assessed_for_a_reason_of_their_own(change: dict) -> None:
    child = dataclasses.replace(ADULT, birth_date=D(2010, 1, 1), **change)
    assert duty(child).owed


def test_a_child_receiving_home_care_allowance_through_the_parent_is_not_assessed() -> None:
    child = dataclasses.replace(ADULT, birth_date=D(2020, 1, 1), home_care_allowance=True)
    assert duty(child).no_duty == NoDuty.CHILD


@pytest.mark.parametrize(
    ("day", "owed"),
    [(D(2027, 5, 1), True), (D(2027, 5, 2), True), (D(2027, 5, 3), False)],
)
def test_the_duty_ends_with_the_three_year_window(day: D, owed: bool) -> None:
    refugee = dataclasses.replace(ADULT, basis="quota_refugee")
    found = duty(refugee, day)
    assert found.owed is owed
    if not owed:
        assert found.no_duty == NoDuty.WINDOW_PASSED


def test_an_exempt_or_unknown_window_does_not_end_the_duty() -> None:
    exempt = dataclasses.replace(ADULT, basis="trafficking_victim", window_end=None)
    assert duty(exempt, D(2040, 1, 1)).owed
    unknown = dataclasses.replace(ADULT, basis="quota_refugee", window_end=None, window_known=False)
    assert duty(unknown).owed


def test_a_registered_jobseeker_is_assessed_by_the_employment_authority() -> None:
    jobseeker = dataclasses.replace(ADULT, jobseeker=True)
    found = duty(jobseeker)
    assert found.owed and found.assessor == rules.EMPLOYMENT_AREA
    assert not found.by_municipality
    assert found.reasons == (DutyReason.JOBSEEKER,)
    both = duty(dataclasses.replace(jobseeker, basis="quota_refugee"))
    assert both.assessor == rules.EMPLOYMENT_AREA
    assert both.reasons == (DutyReason.JOBSEEKER, DutyReason.PROTECTION)


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (D(2008, 2, 29), D(2026, 2, 27), 17),
        (D(2008, 2, 29), D(2026, 2, 28), 18),  # as with a time limit in years (add_years)
        (D(2008, 2, 29), D(2028, 2, 29), 20),
        (D(2000, 12, 6), D(2026, 12, 5), 25),
        (D(2000, 12, 6), D(2026, 12, 6), 26),
    ],
)
def test_age_in_full_years(birth: D, day: D, age: int) -> None:
    assert rules.age_on(birth, day) == age


@pytest.mark.parametrize(
    ("birth", "stage"),
    [
        (D(2025, 11, 24), rules.EducationStage.EARLY_CHILDHOOD),
        (D(2020, 12, 7), rules.EducationStage.EARLY_CHILDHOOD),  # 6 tomorrow
        (D(2020, 12, 6), rules.EducationStage.PRE_PRIMARY),
        (D(2019, 12, 6), rules.EducationStage.BASIC),
        (D(2010, 12, 6), rules.EducationStage.UPPER_SECONDARY),
        (D(2008, 12, 7), rules.EducationStage.UPPER_SECONDARY),
        (D(2008, 12, 6), None),
    ],
)
def test_a_childs_education_stage_by_age(birth: D, stage: str | None) -> None:
    assert rules.education_stage(birth, TODAY) == stage
