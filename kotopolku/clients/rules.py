"""Rules of the client register that come from law: the integration window and the
responsible authority. Pure functions over dates; each rule is a dated, cited version.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from kotopolku.core.dates import add_years
from kotopolku.core.rulebook import RuleVersion, in_force

LAW_2025 = datetime.date(2025, 1, 1)

# --- The integration window (DOMAIN.md 1.6, 1.7 and 7.6) ------------------------------------

WINDOW_RULES: tuple[RuleVersion, ...] = (
    RuleVersion(
        id="integration-window-681-2023",
        title="Assessment and first integration plan within three years of the first permit",
        legal_reference=gettext_noop(
            "Act 681/2023 ss. 14-17 (assessment and plan); trafficking victims may be later"
        ),
        valid_from=LAW_2025,
        source="https://kotoutuminen.fi/en/who-is-an-assessment-conducted-on ; "
        "https://kotoutuminen.fi/en/when-is-the-integration-plan-drawn-up-",
    ),
)
WINDOW_YEARS = {"integration-window-681-2023": 3}


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
    return add_years(first_permit_date, WINDOW_YEARS[rule.id])


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

EMPLOYMENT_AREA = "employment_area"
MUNICIPALITY = "municipality"


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
