"""The bounds of request parameters every list and report shares: offsets, page numbers and
dates. One place, so that no list endpoint answers a huge offset or the year 1 with a 500.

- An offset or a page number is a non-negative integer up to `MAX_OFFSET` (beyond it the
  database's 64-bit integers overflow; no listing is that long).
- A date in a query or a form lies between `MIN_DATE` and `MAX_DATE`: the year 1 cannot be
  moved into UTC or two years back (the default report period), and nothing Kotopolku
  records is older than 1900.

The API's query schemas use `Offset` and `QueryDate`; the forms get the date bounds from
`core.forms.Form`; pages parse `?page=` with `page_number`.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.core.exceptions import BadRequest
from pydantic import Field

MAX_OFFSET = 1_000_000_000
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2999, 12, 31)

Offset = Annotated[
    int, Field(ge=0, le=MAX_OFFSET, description=f"How many rows to skip (0 to {MAX_OFFSET})")
]
QueryDate = Annotated[
    datetime.date,
    Field(
        ge=MIN_DATE,
        le=MAX_DATE,
        json_schema_extra={"format": "date"},
        description=f"A date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}",
    ),
]


def page_number(raw: str | None) -> int:
    """The page number of `?page=`: 1 when absent or not a number (the page links always send
    one); a number outside 1..MAX_OFFSET is a bad request (400), not a 500."""
    if raw in (None, ""):
        return 1
    try:
        number = int(raw)
    except ValueError:
        return 1
    if not 1 <= number <= MAX_OFFSET:
        raise BadRequest("page out of range")
    return number


def date_in_range(value: datetime.date) -> bool:
    return MIN_DATE <= value <= MAX_DATE
