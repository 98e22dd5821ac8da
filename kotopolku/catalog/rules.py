"""The tray's rules, in one place.

- Review: an entry not confirmed current (`Service.reviewed_on`) for
  `KOTOPOLKU_CATALOG_REVIEW_MONTHS` months (default 6) is due for review from the day
  `add_months(reviewed_on, months)` on (Act 150/1930 month arithmetic, `core.dates`); an entry
  never reviewed is due; archived entries never are. A product rule, not a legal one.
- Small numbers: counts of persons derived from the client register from 1 to 4 are never
  shown (DESIGN.md, data principles): `shown_count` gives the number or None.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from kotopolku.catalog.models import Service
from kotopolku.core.dates import add_months

# Counts of persons below this are shown as "under 5".
SMALL_NUMBER = 5


def shown_count(exact: int) -> int | None:
    """The count as it may be shown: 0, or from SMALL_NUMBER up; None for 1 to 4."""
    return exact if exact == 0 or exact >= SMALL_NUMBER else None


def review_months() -> int:
    return int(settings.CATALOG_REVIEW_MONTHS)


def due_on(service: Service, months: int | None = None) -> datetime.date | None:
    """The day from which the entry is due for review (None: never reviewed)."""
    if service.reviewed_on is None:
        return None
    return add_months(service.reviewed_on, months or review_months())


def needs_review(
    service: Service, today: datetime.date | None = None, months: int | None = None
) -> bool:
    if service.status == Service.Status.ARCHIVED:
        return False
    day = due_on(service, months)
    return day is None or (today or timezone.localdate()) >= day


def latest_unreviewed_day(today: datetime.date, months: int | None = None) -> datetime.date:
    """Entries reviewed on or before this day are due on `today`."""
    months = months or review_months()
    # add_months(r, m) <= today  <=>  r <= the last day d with add_months(d, m) <= today
    # add_months(today, -m) has at most today's day of the month, so adding the months back
    # never passes today: the start is due, and the search only moves forward from it
    day = add_months(today, -months)
    while add_months(day + datetime.timedelta(days=1), months) <= today:
        day += datetime.timedelta(days=1)
    return day
