"""Working days in Finland: Monday to Friday except public holidays and the days on which
offices are closed by law or collective agreement (Midsummer Eve, Christmas Eve).

The holidays come from the `holidays` package (pinned in the lock files); its Finnish
calendar includes the movable feasts (Good Friday, Easter Monday, Ascension Day, Midsummer,
All Saints' Day) and Midsummer Eve and Christmas Eve.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `day` (`day` itself does not count: a time limit of
    five working days from a Monday registration ends on the next Monday)."""
    if count < 0:
        raise ValueError("count must not be negative")
    found = day
    while count:
        found += ONE_DAY
        if is_working_day(found):
            count -= 1
    return found
