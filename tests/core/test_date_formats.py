"""Dates in Finnish conventions in every UI language (issue 15): Swedish pages wrote ISO
(2026-12-06) and English ones US style (12/06/2026)."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from kotopolku.core.formatting import short_date_formatter

DAY = datetime.date(2026, 12, 6)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_short_date_reads_6_12_2026_in_every_language(lang: str) -> None:
    with translation.override(lang):
        rendered = Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": DAY}))
        assert rendered == "6.12.2026"
        assert short_date_formatter()(DAY) == "6.12.2026"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "6. joulukuuta 2026"), ("sv", "6 december 2026"), ("en", "6 December 2026")],
)
def test_a_long_date_is_day_month_year(lang: str, expected: str) -> None:
    with translation.override(lang):
        assert date_format(DAY) == expected


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_times_are_24_hour_and_a_typed_date_is_read_day_first(lang: str) -> None:
    from django import forms

    moment = datetime.datetime(2026, 12, 6, 14, 30)
    with translation.override(lang):
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "6.12.2026 14:30"
        field = forms.DateField(localize=True)
        assert field.clean("6.12.2026") == DAY
        assert field.clean("2026-12-06") == DAY  # what <input type="date"> sends
