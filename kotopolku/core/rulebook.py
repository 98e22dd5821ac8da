"""Rules that come from law: each a dated, cited version, so a change in the law adds a
version instead of editing history.

A rule module lists its versions; `in_force(versions, day)` picks the one valid that day.
Facts that DOMAIN.md marks unverified ([U]) carry `verified=False` and take their values
from settings, with the stated default.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleVersion:
    id: str
    title: str
    legal_reference: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    source: str = ""
    verified: bool = True

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class NoRuleInForce(LookupError):  # noqa: N818 (reads as a sentence)
    pass


def in_force(versions: Sequence[RuleVersion], day: datetime.date) -> RuleVersion:
    """The version in force on `day`; raise NoRuleInForce before the first version."""
    for version in versions:
        if version.in_force_on(day):
            return version
    raise NoRuleInForce(f"no version of {versions[0].title!r} is in force on {day}")
