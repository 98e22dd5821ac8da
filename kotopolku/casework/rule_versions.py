"""The rule versions of casework: each rule of law as dated, cited `RuleVersion`s, and the
numbers (parameters) read from them.

A change in the law adds a version here instead of editing history, and a rule's numbers are
the version's `parameters`. Each rule has a version for the previous act 1386/2010 that does
not judge (DOMAIN.md 0.1 C8): an assessment, plan or step dated before 1.1.2025 is shown "under
the previous act", with no deadline, overdue flag or refusal. Facts that DOMAIN.md marks
unverified ([U]) carry `verified=False` and take their number from settings (`overrides`,
read by `casework.rules.Limits`), labelled as the organisation's own target. What the rules
decide from these numbers (violations, deadlines) is in `casework.rules`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from kotopolku.clients.rules import LAW_2025, WINDOW_RULES, previous_act_version
from kotopolku.core.rulebook import NoRuleInForce, Parameter, RuleVersion, Unit, Value, in_force

PLAN_GUIDE = "https://kotoutuminen.fi/en/when-is-the-integration-plan-drawn-up-"

ASSESSMENT_START = (
    previous_act_version("assessment-start", "The initial assessment starts within a set time"),
    RuleVersion(
        id="assessment-start-months",
        title="The assessment starts within the organisation's target time of the client "
        "becoming a client",
        legal_reference=gettext_noop(
            "The organisation's own target (practice under the previous act 1386/2010: two "
            "months); no time limit was found in Act 681/2023 s. 14"
        ),
        valid_from=LAW_2025,
        source="http://www.eksote.fi/sosiaalipalvelut/maahanmuuttajat/alkukartoitus-ja-kotoutumissuunnitelma/Sivut/default.aspx",
        verified=False,
        params=(Parameter("months", 2, Unit.MONTHS, own_target=True),),
    ),
)
INITIAL_INTERVIEW = (
    previous_act_version("initial-interview", "The initial interview of the assessment"),
    RuleVersion(
        id="initial-interview-public-official-681-2023",
        title="The initial interview of the assessment is done by a public official",
        legal_reference=gettext_noop("Act 681/2023 s. 14"),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/how-and-when-is-an-assessment-conducted",
    ),
)
# A registered jobseeker's initial interview with the employment authority (DOMAIN.md 0.1
# C4): the time limit is the employment-services act's; Kotopolku shows it, the employment
# authority keeps the plan.
JOBSEEKER_INTERVIEW = (
    RuleVersion(
        id="jobseeker-initial-interview-380-2023",
        title="The employment authority holds a jobseeker's initial interview within five "
        "working days of the registration",
        legal_reference=gettext_noop(
            "Act 380/2023 on the organisation of employment services (initial interview)"
        ),
        valid_from=LAW_2025,
        valid_to=datetime.date(2025, 12, 31),
        source="https://tyomarkkinatori.fi",
        params=(Parameter("working_days", 5, Unit.WORKING_DAYS),),
    ),
    RuleVersion(
        id="jobseeker-initial-interview-380-2023-2026",
        title="The employment authority holds a jobseeker's initial interview within ten "
        "working days of the registration",
        legal_reference=gettext_noop(
            "Act 380/2023 as amended from 1.1.2026 (HE 108/2025; the enactment is unverified)"
        ),
        valid_from=datetime.date(2026, 1, 1),
        source="https://www.eduskunta.fi/FI/vaski/HallituksenEsitys/Sivut/HE_108+2025.aspx",
        verified=False,
        params=(Parameter("working_days", 10, Unit.WORKING_DAYS),),
    ),
)
PLAN_AFTER_ASSESSMENT = (
    previous_act_version("plan-without-delay", "The plan is made soon after the assessment"),
    RuleVersion(
        id="plan-without-delay-681-2023",
        title="Preparing the plan starts without delay after the assessment",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 16 ('without delay'; the number of days is the organisation's "
            "own target)"
        ),
        valid_from=LAW_2025,
        source=PLAN_GUIDE,
        verified=False,
        params=(Parameter("days", 14, Unit.DAYS, own_target=True),),
    ),
)
FIRST_PLAN_LENGTH = (
    previous_act_version("first-plan-one-year", "The first plan's length"),
    RuleVersion(
        id="first-plan-one-year-681-2023",
        title="The first integration plan is made for at most one year",
        legal_reference=gettext_noop("Act 681/2023 s. 16"),
        valid_from=LAW_2025,
        source=PLAN_GUIDE,
        params=(Parameter("years", 1, Unit.YEARS),),
    ),
)
PLANS_TOTAL_LENGTH = (
    previous_act_version("plans-total", "The plans' total length"),
    RuleVersion(
        id="plans-total-two-years-681-2023",
        title="Integration plans last as a rule at most two years, counted from the first "
        "plan's start; a longer time needs a recorded extension decision",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 16 (two years as a rule, HaVM 8/2024; how it is counted and "
            "extended is the organisation's own reading)"
        ),
        valid_from=LAW_2025,
        source="https://eduskunta.fi/FI/vaski/Mietinto/Sivut/HaVM_8+2024.aspx ; " + PLAN_GUIDE,
        # the counting (a setting) and the longest extension are the organisation's own
        # reading (C5 [U]); the warnings come this many months before the maximum ends
        params=(
            Parameter("years", 2, Unit.YEARS),
            Parameter("warn_months", (3, 1), Unit.MONTHS, own_target=True),
            Parameter("extension_max_months", 12, Unit.MONTHS, own_target=True),
        ),
    ),
)
SERVICES_WITHIN = (
    previous_act_version("services-within", "The client is directed to services"),
    RuleVersion(
        id="services-within-six-months-681-2023",
        title="The client is directed to services within six months of the day the plan was agreed",
        legal_reference=gettext_noop("Act 681/2023 s. 16"),
        valid_from=LAW_2025,
        source=PLAN_GUIDE,
        params=(Parameter("months", 6, Unit.MONTHS),),
    ),
)
PLAN_REVIEW = (
    previous_act_version("plan-review", "The plan is reviewed"),
    RuleVersion(
        id="plan-review-interval",
        title="A plan in force is reviewed at the organisation's target interval",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 16 (the duty to follow and update the plan); the interval is "
            "the organisation's own target (the previous act: at least yearly)"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/integration-plan",
        verified=False,
        params=(Parameter("months", 6, Unit.MONTHS, own_target=True),),
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
CIVIC_ORIENTATION = (
    previous_act_version(
        "civic-orientation-offered", "Civic orientation under the previous act (not judged)"
    ),
    RuleVersion(
        id="civic-orientation-offered-681-2023",
        title="Multilingual civic orientation is offered to every kotoutuja-asiakas in their "
        "native or a well-known language",
        legal_reference=gettext_noop("Act 681/2023 s. 25"),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/multilingual-civic-orientation",
    ),
)
# The plan of a registered jobseeker includes the job-search obligation of the employment
# services act (DOMAIN.md 1.7); a plan of anyone else has none.
JOB_SEARCH_OBLIGATION = (
    previous_act_version("job-search-obligation", "The jobseeker's job-search obligation"),
    RuleVersion(
        id="job-search-obligation-jobseekers-681-2023",
        title="The plan includes a job-search obligation only for a registered jobseeker",
        legal_reference=gettext_noop(
            "Act 681/2023 s. 16 (the plan of a registered jobseeker); Act 380/2023 (the "
            "job-search obligation)"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/integration-plan",
    ),
)
WINDOW = WINDOW_RULES

ALL_RULES: tuple[RuleVersion, ...] = (
    *WINDOW,
    *ASSESSMENT_START,
    *INITIAL_INTERVIEW,
    *JOBSEEKER_INTERVIEW,
    *PLAN_AFTER_ASSESSMENT,
    *FIRST_PLAN_LENGTH,
    *PLANS_TOTAL_LENGTH,
    *SERVICES_WITHIN,
    *PLAN_REVIEW,
    *MISSED_APPOINTMENT,
    *CIVIC_ORIENTATION,
    *JOB_SEARCH_OBLIGATION,
)


def rule(rule_id: str) -> RuleVersion:
    for version in ALL_RULES:
        if version.id == rule_id:
            return version
    raise KeyError(rule_id)


def first_judging(versions: Sequence[RuleVersion]) -> RuleVersion:
    """The first version that judges (the one of Act 681/2023): the numbers a record dated
    under the previous act would be shown with."""
    return next(v for v in versions if v.judged)


def number(
    versions: Sequence[RuleVersion], day: datetime.date, name: str, override: int | None = None
) -> Value:
    """The number `name` of the version in force on `day` (under the previous act, the first
    version of this act's). A setting's `override` replaces it only where the version marks
    the parameter as the organisation's own target; a number of the law is never replaced
    (and a setting that tries is refused at start-up, `override_errors`)."""
    version = judged(versions, day) or first_judging(versions)
    parameter = version.parameter(name)
    if override is not None and parameter.own_target:
        return override
    return parameter.value


def whole_number(
    versions: Sequence[RuleVersion], day: datetime.date, name: str, override: int | None = None
) -> int:
    """`number` for a parameter that is one number."""
    value = number(versions, day, name, override)
    if isinstance(value, tuple):
        raise TypeError(f"{name!r} is a list of numbers")
    return value


@dataclass(frozen=True)
class Override:
    """A setting that may replace a parameter of a rule: the Limits field it fills, the
    setting's name (KOTOPOLKU_ + name in the environment) and the parameter."""

    field: str
    setting: str
    versions: tuple[RuleVersion, ...]
    parameter: str


def overrides() -> tuple[Override, ...]:
    # read the module's tuples when called, so a version added to one is seen
    return (
        Override("assessment_start_months", "ASSESSMENT_START_MONTHS", ASSESSMENT_START, "months"),
        Override(
            "plan_after_assessment_days",
            "PLAN_AFTER_ASSESSMENT_DAYS",
            PLAN_AFTER_ASSESSMENT,
            "days",
        ),
        Override("plan_review_months", "PLAN_REVIEW_MONTHS", PLAN_REVIEW, "months"),
        Override(
            "plan_extension_max_months",
            "PLAN_EXTENSION_MAX_MONTHS",
            PLANS_TOTAL_LENGTH,
            "extension_max_months",
        ),
    )


def override_errors(values: dict[str, int | None]) -> list[str]:
    """Why the settings `values` (setting name -> number, None when unset) may not stand: a
    setting may only override a parameter that every version of its rule having it marks as
    the organisation's own target, so a version whose number is the law's (a version of 2027
    that makes a target a legal limit, say) refuses the setting instead of being silently
    overridden."""
    errors: list[str] = []
    for override in overrides():
        value = values.get(override.setting)
        if value is None:
            continue
        for version in override.versions:
            if not version.judged:
                continue
            try:
                parameter = version.parameter(override.parameter)
            except KeyError:
                continue
            if not parameter.own_target:
                errors.append(
                    f"KOTOPOLKU_{override.setting}={value} would override {override.parameter!r} "
                    f"of the rule {version.id} ({version.legal_reference}), in force from "
                    f"{version.valid_from.isoformat()}: that number is the law's "
                    f"({parameter.describe()}), not the organisation's own target. Unset "
                    f"KOTOPOLKU_{override.setting}."
                )
    return errors


def judged(versions: Sequence[RuleVersion], day: datetime.date) -> RuleVersion | None:
    """The version that judges a record dated `day`, or None under the previous act (or
    before any version): such records are shown, not judged (C8)."""
    try:
        version = in_force(versions, day)
    except NoRuleInForce:
        return None
    return version if version.judged else None


def under_this_act(day: datetime.date) -> bool:
    """Is a record dated `day` judged by Act 681/2023 (from 1.1.2025)?"""
    return day >= LAW_2025
