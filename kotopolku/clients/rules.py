"""Rules of the client register that come from law: the integration window, who the
municipality must offer an assessment, and the responsible authority. Pure functions over
dates and facts; each rule is a dated, cited version (`core.rulebook`).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext_noop

from kotopolku.core.dates import add_years
from kotopolku.core.rulebook import PREVIOUS_ACT, Parameter, RuleVersion, Unit, in_force

LAW_2025 = datetime.date(2025, 1, 1)
# Act 1386/2010 was in force from 1.9.2011 until Act 681/2023 repealed it on 1.1.2025.
PREVIOUS_ACT_FROM = datetime.date(2011, 9, 1)
PREVIOUS_ACT_TO = datetime.date(2024, 12, 31)


def previous_act_version(rule_id: str, title: str) -> RuleVersion:
    """The version of a rule for days under the previous act 1386/2010: Kotopolku does not
    judge them (DOMAIN.md 0.1 C8: the transition provisions are unverified), it shows the
    records "under the previous act" without deadlines, overdue flags or refusals."""
    return RuleVersion(
        id=f"{rule_id}-1386-2010",
        title=title,
        legal_reference=gettext_noop(
            "Act 1386/2010 (the previous act): not judged by the rules of Act 681/2023"
        ),
        valid_from=PREVIOUS_ACT_FROM,
        valid_to=PREVIOUS_ACT_TO,
        source="https://kotoutuminen.fi/koto24-usein-kysytyt-kysymykset",
        act=PREVIOUS_ACT,
        judged=False,
    )


# --- The integration window (DOMAIN.md 1.6, 1.7 and 7.6) ------------------------------------

WINDOW_RULES: tuple[RuleVersion, ...] = (
    previous_act_version(
        "integration-window", "Assessment and first plan within three years of the first permit"
    ),
    RuleVersion(
        id="integration-window-681-2023",
        title="Assessment and first integration plan within three years of the first permit",
        legal_reference=gettext_noop(
            "Act 681/2023 ss. 14 and 16 (assessment and plan); victims of trafficking may "
            "be assessed later"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/who-is-an-assessment-conducted-on ; "
        "https://kotoutuminen.fi/en/when-is-the-integration-plan-drawn-up-",
        params=(Parameter("years", 3, Unit.YEARS),),
    ),
)


def integration_window_end(
    first_permit_date: datetime.date | None,
    basis: str,
    *,
    exempt_bases: Iterable[str],
    today: datetime.date,
) -> datetime.date | None:
    """The last day an assessment or first plan may be made; None when there is no limit
    (an exempt basis) or no start date is known yet."""
    if first_permit_date is None or basis in set(exempt_bases):
        return None
    rule = in_force(WINDOW_RULES, max(today, LAW_2025))
    return add_years(first_permit_date, rule.count("years"))


def within_window(
    first_permit_date: datetime.date | None,
    basis: str,
    day: datetime.date,
    *,
    exempt_bases: Iterable[str],
) -> bool:
    """May an assessment or first plan be made on `day`?"""
    exempt = set(exempt_bases)
    if basis in exempt:
        return True
    if first_permit_date is None:
        return False
    end = integration_window_end(first_permit_date, basis, exempt_bases=exempt, today=day)
    return end is not None and first_permit_date <= day <= end


# The casework steps (`casework.rules.Kind`) that may only be taken within the integration
# window (Act 681/2023 ss. 14 and 16): the assessment, the first plan and the window's own
# reminder. When such a step's last day is the window's last day, the day after it the step
# can no longer be taken: the client's right to it has lapsed. That is not an overdue task
# (which can still be done late) and the pages and counts keep the two apart.
WINDOW_BOUND_STEPS = ("assessment_start", "plan_after_assessment", "window_ending")


def step_lapses(kind: str, due: datetime.date, window_end: datetime.date | None) -> bool:
    """Does the step lapse on its last day (rather than fall overdue)? Only a window-bound
    step whose last day is the end of the client's integration window does."""
    return kind in WINDOW_BOUND_STEPS and window_end is not None and due == window_end


def step_lapses_q(*, kind: str, due: str, window_end: str) -> Q:
    """`step_lapses` in SQL, over the named fields (the caseload's earliest step, the reminders'
    deadlines): a window-bound step due on the window's last day."""
    return Q(**{f"{kind}__in": WINDOW_BOUND_STEPS, due: F(window_end)})


def step_lapsed(
    kind: str, due: datetime.date, window_end: datetime.date | None, today: datetime.date
) -> bool:
    """Has the client's right to the step lapsed by `today`? From the day after the window's
    last day; on the last day itself the step can still be taken."""
    return today > due and step_lapses(kind, due, window_end)


# --- Who the municipality must offer an assessment (DOMAIN.md 0.1 C7, 1.6) ---------------------

ASSESSMENT_DUTY_RULES: tuple[RuleVersion, ...] = (
    previous_act_version("assessment-duty", "Who is offered an initial assessment"),
    RuleVersion(
        id="assessment-duty-681-2023",
        title="The municipality offers an assessment to the groups of the act; the employment "
        "authority assesses registered jobseekers",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 14 (the groups assessed; s. 2(3)-(4) for international "
            "protection) and s. 3 (jobseekers: the employment authority)"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/who-is-an-assessment-conducted-on",
        # the age from which a person is assessed as a client in their own right without
        # one of the reasons that apply to a child (C7: "children are not assessed as
        # clients in their own right unless one of these applies")
        params=(Parameter("adult_age", 18, Unit.YEARS),),
    ),
)

# The reasons, in the order the client page lists them.
PROTECTION_BASES = frozenset({"quota_refugee", "international_protection"})
TRAFFICKING = "trafficking_victim"


class DutyReason:
    PROTECTION = "protection"  # s. 2(3)-(4): international protection, quota refugee
    PROTECTION_FAMILY = "protection_family"  # their family member
    SOCIAL_ASSISTANCE = "social_assistance"  # social assistance other than temporarily
    HOME_CARE_ALLOWANCE = "home_care_allowance"  # child home care allowance
    UNACCOMPANIED_MINOR = "unaccompanied_minor"  # arrived as an unaccompanied minor
    TRAFFICKING_VICTIM = "trafficking_victim"
    REQUESTED = "requested"  # the person asked for an assessment
    NEED_ASSESSED = "need_assessed"  # found to need one (e.g. another authority's s. 9 contact)
    JOBSEEKER = "jobseeker"  # registered jobseeker: the employment authority assesses

    # the reasons that make a child a client in their own right
    CHILD_OWN_RIGHT = frozenset({UNACCOMPANIED_MINOR, TRAFFICKING_VICTIM, REQUESTED, NEED_ASSESSED})


class NoDuty:
    CHILD = "child"  # a child without a reason of their own: the household's needs instead
    WINDOW_PASSED = "window_passed"  # three years from the first permit have passed
    NO_GROUP = "no_group"  # none of the groups applies (the person may still ask)


MUNICIPALITY = "municipality"
EMPLOYMENT_AREA = "employment_area"


@dataclass(frozen=True)
class DutyFacts:
    """The register facts the assessment duty depends on."""

    birth_date: datetime.date
    basis: str
    window_end: datetime.date | None  # None: exempt or unknown
    window_known: bool  # False when the first permit date is missing (and not exempt)
    jobseeker: bool = False
    protection_family_member: bool = False
    social_assistance: bool = False
    home_care_allowance: bool = False
    unaccompanied_minor: bool = False
    assessment_requested_on: datetime.date | None = None
    assessment_need_noted: bool = False


@dataclass(frozen=True)
class AssessmentDuty:
    """Whether an assessment must be offered on a day, by whom, and why (or why not)."""

    owed: bool
    assessor: str  # MUNICIPALITY, EMPLOYMENT_AREA or "" when not owed
    reasons: tuple[str, ...]
    no_duty: str  # a NoDuty code when not owed
    rule: RuleVersion

    @property
    def by_municipality(self) -> bool:
        return self.owed and self.assessor == MUNICIPALITY


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of age on `day` (a person born on 29 February turns a year older on
    28 February in a common year, as with any time limit counted in years)."""
    years = day.year - birth_date.year
    return years if add_years(birth_date, years) <= day else years - 1


def assessment_duty(facts: DutyFacts, day: datetime.date) -> AssessmentDuty:
    """Is the person a kotoutuja-asiakas whom the municipality (or, for a registered
    jobseeker, the employment authority) must offer an assessment on `day`?"""
    rule = in_force(ASSESSMENT_DUTY_RULES, max(day, LAW_2025))
    reasons: list[str] = []
    if facts.basis in PROTECTION_BASES:
        reasons.append(DutyReason.PROTECTION)
    if facts.protection_family_member:
        reasons.append(DutyReason.PROTECTION_FAMILY)
    if facts.social_assistance:
        reasons.append(DutyReason.SOCIAL_ASSISTANCE)
    if facts.home_care_allowance:
        reasons.append(DutyReason.HOME_CARE_ALLOWANCE)
    if facts.unaccompanied_minor:
        reasons.append(DutyReason.UNACCOMPANIED_MINOR)
    if facts.basis == TRAFFICKING:
        reasons.append(DutyReason.TRAFFICKING_VICTIM)
    if facts.assessment_requested_on is not None and facts.assessment_requested_on <= day:
        reasons.append(DutyReason.REQUESTED)
    if facts.assessment_need_noted:
        reasons.append(DutyReason.NEED_ASSESSED)

    def no(code: str) -> AssessmentDuty:
        return AssessmentDuty(False, "", tuple(reasons), code, rule)

    if facts.window_known and facts.window_end is not None and day > facts.window_end:
        return no(NoDuty.WINDOW_PASSED)
    if age_on(facts.birth_date, day) < rule.count("adult_age"):
        reasons = [r for r in reasons if r in DutyReason.CHILD_OWN_RIGHT]
        if not reasons:
            return no(NoDuty.CHILD)
    if facts.jobseeker:
        return AssessmentDuty(True, EMPLOYMENT_AREA, (DutyReason.JOBSEEKER, *reasons), "", rule)
    if not reasons:
        return no(NoDuty.NO_GROUP)
    return AssessmentDuty(True, MUNICIPALITY, tuple(reasons), "", rule)


# --- A child's education stage (for the household's needs; not an assessment) -------------

EDUCATION_STAGE_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        id="education-stage-by-age",
        title="A child's education stage by age, shown with the household (an orientation, "
        "not a decision: school starts in the August of the year the child turns seven)",
        legal_reference=gettext_noop(
            "Basic Education Act 628/1998 (pre-primary and basic education); Compulsory "
            "Education Act 1214/2020 (education until 18)"
        ),
        valid_from=datetime.date(2021, 8, 1),
        source="https://www.finlex.fi/fi/laki/ajantasa/2020/20201214",
        verified=False,
        params=(
            Parameter("pre_primary", 6, Unit.YEARS),
            Parameter("basic", 7, Unit.YEARS),
            Parameter("upper_secondary", 16, Unit.YEARS),
            Parameter("adult", 18, Unit.YEARS),
        ),
    ),
)


class EducationStage:
    EARLY_CHILDHOOD = "early_childhood"
    PRE_PRIMARY = "pre_primary"
    BASIC = "basic"
    UPPER_SECONDARY = "upper_secondary"


def education_stage(birth_date: datetime.date, day: datetime.date) -> str | None:
    """The stage of education a child of the household needs on `day` by their age; None
    for an adult."""
    rule = in_force(EDUCATION_STAGE_RULES, day)
    age = age_on(birth_date, day)
    if age >= rule.count("adult"):
        return None
    if age >= rule.count("upper_secondary"):
        return EducationStage.UPPER_SECONDARY
    if age >= rule.count("basic"):
        return EducationStage.BASIC
    if age >= rule.count("pre_primary"):
        return EducationStage.PRE_PRIMARY
    return EducationStage.EARLY_CHILDHOOD


# --- The responsible authority (DOMAIN.md 1.2 s. 3, 1.4 and 7.2) -----------------------------

AUTHORITY_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        id="responsible-authority-681-2023",
        title="Registered jobseekers are served by the employment authority; others by the municipality",
        legal_reference=gettext_noop("Act 681/2023 s. 3; Act 380/2023 s. 3(1)(3)"),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/koto24-usein-kysytyt-kysymykset",
    ),
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date | None  # None: still going on

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def is_jobseeker(periods: Iterable[Period], day: datetime.date) -> bool:
    return any(p.covers(day) for p in periods)


def responsible_authority(
    periods: Iterable[Period], override: str | None, day: datetime.date
) -> str:
    """`employment_area` for a registered jobseeker on `day`; otherwise the override
    (a municipality's agreement that the employment area serves non-jobseekers too) or
    `municipality`."""
    in_force(AUTHORITY_RULES, max(day, LAW_2025))
    if is_jobseeker(periods, day):
        return EMPLOYMENT_AREA
    return override or MUNICIPALITY


def overlapping(periods: Iterable[Period]) -> bool:
    """True when two periods overlap (a client is registered once at a time)."""
    ordered = sorted(periods, key=lambda p: p.start)
    for first, second in itertools.pairwise(ordered):
        if first.end is None or second.start <= first.end:
            return True
    return False
