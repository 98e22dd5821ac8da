"""Fast formatting for long lists (the caseload renders hundreds of dates per page)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import dateformat, formats

_TOKENS = {"d": "{d:02d}", "j": "{d}", "m": "{m:02d}", "n": "{m}", "Y": "{y}", "y": "{yy:02d}"}


def short_date_formatter() -> Callable[[datetime.date], str]:
    """A function giving the same text as `date_format(day, "SHORT_DATE_FORMAT")` for the
    active language, compiled once to a str.format template when the format uses only the
    day, month and year tokens (as fi, sv and en do)."""
    fmt = str(formats.get_format("SHORT_DATE_FORMAT"))
    if "\\" in fmt or any(ch.isalpha() and ch not in _TOKENS for ch in fmt):
        return lambda day: str(dateformat.format(day, fmt))
    template = "".join(_TOKENS.get(ch, ch.replace("{", "{{").replace("}", "}}")) for ch in fmt)
    return lambda day: template.format(d=day.day, m=day.month, y=day.year, yy=day.year % 100)
