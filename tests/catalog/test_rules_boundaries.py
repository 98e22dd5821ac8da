"""catalog/rules.py without the database: small numbers and the review months."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from kotopolku.catalog import rules
from kotopolku.catalog.models import Service
from kotopolku.core.dates import add_months

D = datetime.date


@pytest.mark.parametrize(("exact", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (120, 120)])
def test_small_numbers_are_not_shown(exact: int, shown: int | None) -> None:
    assert rules.shown_count(exact) == shown


def _service(reviewed_on: datetime.date | None, status: str = Service.Status.PUBLISHED) -> Any:
    return SimpleNamespace(reviewed_on=reviewed_on, status=status)


def test_due_on_counts_months_from_the_review(settings: Any) -> None:
    settings.CATALOG_REVIEW_MONTHS = 6
    assert rules.review_months() == 6
    assert rules.due_on(_service(D(2025, 8, 31))) == D(2026, 2, 28)
    assert rules.due_on(_service(D(2025, 8, 31)), months=1) == D(2025, 9, 30)
    assert rules.due_on(_service(None)) is None


def test_needs_review_from_the_due_day_on(settings: Any) -> None:
    settings.CATALOG_REVIEW_MONTHS = 6
    service = _service(D(2025, 9, 2))
    assert not rules.needs_review(service, D(2026, 3, 1))
    assert rules.needs_review(service, D(2026, 3, 2))
    assert rules.needs_review(_service(None), D(2026, 3, 2))
    assert not rules.needs_review(_service(None, Service.Status.ARCHIVED), D(2026, 3, 2))
    assert not rules.needs_review(_service(D(2000, 1, 1), Service.Status.ARCHIVED))
    assert rules.needs_review(_service(D(2000, 1, 1)))


@pytest.mark.parametrize(
    "today", [D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 31), D(2024, 2, 29), D(2026, 8, 31)]
)
@pytest.mark.parametrize("months", [1, 6, 12])
def test_latest_unreviewed_day_is_the_last_day_due_today(today: datetime.date, months: int) -> None:
    day = rules.latest_unreviewed_day(today, months)
    assert add_months(day, months) <= today
    assert add_months(day + datetime.timedelta(1), months) > today


def test_latest_unreviewed_day_reads_the_setting(settings: Any) -> None:
    settings.CATALOG_REVIEW_MONTHS = 6
    assert rules.latest_unreviewed_day(D(2026, 3, 2)) == D(2025, 9, 2)
