"""Rules that come from law: each a dated, cited version, so a change in the law adds a
version instead of editing history.

A rule module lists its versions; `in_force(versions, day)` picks the one valid that day.
Facts that DOMAIN.md marks unverified ([U]) carry `verified=False` and take their values
from settings, with the stated default.

A version's numbers live in its typed `params` (`Parameter`: a name, a value and a unit of
months, days, working days or years), so a version of 2027 with other numbers is a new entry,
not an edit of code. A parameter marked `own_target` is the organisation's own target (a fact
DOMAIN.md marks [U]): only such a number may be overridden by a setting; the numbers of the
law may not (`casework.rules.override_errors`, refused by a system check at start-up). A version of the
previous act (1386/2010) says so in `act`; `judged=False` marks a version under which
Kotopolku does not judge a record (DOMAIN.md 0.1 C8: pre-2025 items are shown "under the
previous act", without deadlines or refusals).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

ACT_2023 = "681/2023"
PREVIOUS_ACT = "1386/2010"


class Unit(StrEnum):
    MONTHS = "months"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    YEARS = "years"
    PERSONS = "persons"  # a count of people (a group's size, a threshold of demand)


Value = int | tuple[int, ...]


@dataclass(frozen=True)
class Parameter:
    """One number of a rule version: `value` counted in `unit` (a tuple for a list of such
    numbers, e.g. the months of the warnings). `own_target` marks the organisation's own
    target, which a setting may override; any other parameter is the law's number."""

    name: str
    value: Value
    unit: Unit
    own_target: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.unit, Unit):
            object.__setattr__(self, "unit", Unit(self.unit))
        values = self.value if isinstance(self.value, tuple) else (self.value,)
        if not values or any(
            not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values
        ):
            raise ValueError(f"{self.name}: a parameter is a whole number of {self.unit} (>= 0)")

    def describe(self) -> str:
        """The value with its unit, as the generated rule table shows it."""
        unit = self.unit.value.replace("_", " ")
        if isinstance(self.value, tuple):
            return f"{', '.join(str(v) for v in self.value)} {unit}"
        return f"{self.value} {unit}"


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
    params: tuple[Parameter, ...] = ()

    def __post_init__(self) -> None:
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.id}: a parameter name is repeated")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"{self.id}: valid_to is before valid_from")

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def parameters(self) -> Mapping[str, Value]:
        """The version's numbers by name."""
        return MappingProxyType({p.name: p.value for p in self.params})

    def parameter(self, name: str) -> Parameter:
        """One of the version's typed parameters; a KeyError names the version when it has
        none of that name."""
        for parameter in self.params:
            if parameter.name == name:
                return parameter
        raise KeyError(f"{self.id} has no parameter {name!r}")

    def param(self, name: str) -> Value:
        """The value of one of the version's parameters."""
        return self.parameter(name).value

    def count(self, name: str) -> int:
        """A parameter that is one number."""
        value = self.param(name)
        if isinstance(value, tuple):
            raise TypeError(f"{self.id}: {name!r} is a list of numbers")
        return value

    def counts(self, name: str) -> tuple[int, ...]:
        """A parameter that is a list of numbers (one number reads as a list of one)."""
        value = self.param(name)
        return value if isinstance(value, tuple) else (value,)

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
