"""Date arithmetic the law uses."""

from __future__ import annotations

import calendar
import datetime


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` later (or earlier); a missing day (29 February) becomes the
    month's last day (Act 150/1930 on computing statutory time limits, s. 4)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same date `months` later (or earlier); a missing day becomes the month's last day
    (Act 150/1930 s. 4: a time limit in months ends on the same-numbered day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))
