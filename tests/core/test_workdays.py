"""Finnish working days at the holidays that move and the ones that close offices."""

from __future__ import annotations

import datetime

import pytest

from kotopolku.core.workdays import add_working_days, is_working_day

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 6, 18), True),  # Thursday before Midsummer
        (D(2026, 6, 19), False),  # Midsummer Eve (Friday)
        (D(2026, 6, 20), False),  # Midsummer Day (Saturday)
        (D(2026, 6, 22), True),  # Monday after
        (D(2025, 6, 20), False),  # Midsummer Eve 2025
        (D(2026, 12, 23), True),
        (D(2026, 12, 24), False),  # Christmas Eve
        (D(2026, 12, 25), False),  # Christmas Day
        (D(2026, 12, 26), False),  # Boxing Day (a Saturday anyway)
        (D(2025, 12, 26), False),  # Boxing Day on a Friday
        (D(2026, 12, 28), True),
        (D(2026, 4, 2), True),  # Maundy Thursday is a working day
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 7), True),
        (D(2025, 4, 18), False),  # Good Friday 2025
        (D(2025, 4, 21), False),  # Easter Monday 2025
        (D(2026, 5, 14), False),  # Ascension Day
        (D(2026, 5, 1), False),  # May Day
        (D(2026, 1, 6), False),  # Epiphany
        (D(2026, 12, 7), True),  # Independence Day (6.12.) was a Sunday
        (D(2027, 12, 6), False),  # Independence Day on a Monday
        (D(2026, 12, 5), False),  # Saturday
        (D(2026, 12, 6), False),  # Sunday
    ],
)
def test_working_days_skip_weekends_and_finnish_holidays(day: D, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2026, 6, 15), 5, D(2026, 6, 23)),  # Midsummer Eve and Day are skipped
        (D(2026, 6, 17), 2, D(2026, 6, 22)),  # Thu 18 is the 1st, Mon 22 the 2nd
        (D(2026, 12, 21), 5, D(2026, 12, 30)),  # 22, 23, (24-27 closed) 28, 29, 30
        (D(2026, 3, 30), 5, D(2026, 4, 8)),  # Good Friday and Easter Monday skipped
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
        (D(2026, 6, 19), 1, D(2026, 6, 22)),  # from a holiday: the next working day is the 1st
    ],
)
def test_a_time_limit_in_working_days_does_not_count_its_first_day(
    start: D, count: int, expected: D
) -> None:
    assert add_working_days(start, count) == expected


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 1, 1), -1)
