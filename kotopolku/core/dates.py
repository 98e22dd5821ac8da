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
