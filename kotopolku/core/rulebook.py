"""Rules that come from law: each a dated, cited version, so a change in the law adds a
version instead of editing history.

A rule module lists its versions; `in_force(versions, day)` picks the one valid that day.
Facts that DOMAIN.md marks unverified ([U]) carry `verified=False` and take their values
from settings, with the stated default.

A version's numbers (months, working days, years) live in its `parameters` mapping, so a
version of 2027 with other numbers is a new entry, not an edit of code. A version of the
previous act (1386/2010) says so in `act`; `judged=False` marks a version under which
Kotopolku does not judge a record (DOMAIN.md 0.1 C8: pre-2025 items are shown "under the
previous act", without deadlines or refusals).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

ACT_2023 = "681/2023"
PREVIOUS_ACT = "1386/2010"


@dataclass(frozen=True)
class RuleVersion:
    id: str
    title: str
    legal_reference: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    source: str = ""
    verified: bool = True
    act: str = ACT_2023
    judged: bool = True
    parameters: Mapping[str, Any] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.parameters, MappingProxyType):
            object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"{self.id}: valid_to is before valid_from")

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def param(self, name: str) -> Any:
        """One of the version's numbers; a KeyError names the version when it has none."""
        try:
            return self.parameters[name]
        except KeyError:
            raise KeyError(f"{self.id} has no parameter {name!r}") from None

    @property
    def under_previous_act(self) -> bool:
        return self.act == PREVIOUS_ACT


class NoRuleInForce(LookupError):  # noqa: N818 (reads as a sentence)
    pass


def in_force(versions: Sequence[RuleVersion], day: datetime.date) -> RuleVersion:
    """The version in force on `day`; raise NoRuleInForce before the first version."""
    for version in versions:
        if version.in_force_on(day):
            return version
    raise NoRuleInForce(f"no version of {versions[0].title!r} is in force on {day}")


def check_sequence(versions: Sequence[RuleVersion]) -> None:
    """Raise ValueError unless the versions follow each other without a gap or an overlap
    (each one ends the day before the next one starts; only the last is open-ended)."""
    ordered = sorted(versions, key=lambda v: v.valid_from)
    for first, second in itertools.pairwise(ordered):
        if (
            first.valid_to is None
            or first.valid_to + datetime.timedelta(days=1) != second.valid_from
        ):
            raise ValueError(f"{first.id} does not end the day before {second.id} starts")
