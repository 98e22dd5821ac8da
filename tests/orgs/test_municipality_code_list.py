"""Migration 0002 loads the 308 municipalities of 1.1.2025 with their official codes."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from kotopolku.orgs.models import Municipality, Region, WellbeingCounty

START = datetime.date(2025, 1, 1)


def test_308_municipalities_are_loaded(db: Any) -> None:
    assert Municipality.objects.count() == 308
    assert Municipality.objects.valid_on(START).count() == 308
    assert Municipality.objects.valid_on(datetime.date(2025, 12, 31)).count() == 308


def test_every_code_is_a_three_digit_string_and_unique(db: Any) -> None:
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert all(isinstance(c, str) and re.fullmatch(r"[0-9]{3}", c) for c in codes)
    assert len(set(codes)) == 308


def test_every_version_starts_on_1_january_2025_and_is_open(db: Any) -> None:
    assert set(Municipality.objects.values_list("valid_from", flat=True)) == {START}
    assert not Municipality.objects.filter(valid_to__isnull=False).exists()
    assert Municipality.objects.valid_on(datetime.date(2024, 12, 31)).count() == 0


def test_helsinki_keeps_its_leading_zero(db: Any) -> None:
    helsinki = Municipality.objects.get(code="091")
    assert (helsinki.name_fi, helsinki.name_sv) == ("Helsinki", "Helsingfors")
    assert helsinki.region.code == "01"
    assert helsinki.region.name_fi == "Uusimaa"
    assert helsinki.region.name_sv == "Nyland"
    assert helsinki.wellbeing_county.code == "90"
    assert helsinki.language == Municipality.Language.BILINGUAL
    assert helsinki.language_majority == "fi"
    assert not helsinki.is_aland
    assert not Municipality.objects.filter(code="91").exists()


def test_kokkola(db: Any) -> None:
    kokkola = Municipality.objects.get(code="272")
    assert (kokkola.name_fi, kokkola.name_sv) == ("Kokkola", "Karleby")
    assert kokkola.region.name_fi == "Keski-Pohjanmaa"
    assert kokkola.region.name_sv == "Mellersta Österbotten"
    assert kokkola.wellbeing_county.code == "18"
    assert kokkola.wellbeing_county.name_fi == "Keski-Pohjanmaan hyvinvointialue"
    assert kokkola.language == Municipality.Language.BILINGUAL


@pytest.mark.parametrize(
    ("code", "name_fi", "name_sv"),
    [
        ("167", "Joensuu", "Joensuu"),
        ("090", "Heinävesi", "Heinävesi"),
        ("426", "Liperi", "Libelits"),
        ("478", "Maarianhamina", "Mariehamn"),
    ],
)
def test_finnish_and_swedish_names(code: str, name_fi: str, name_sv: str, db: Any) -> None:
    municipality = Municipality.objects.get(code=code)
    assert (municipality.name_fi, municipality.name_sv) == (name_fi, name_sv)
    assert municipality.name("sv").value == name_sv
    assert municipality.name("fi").value == name_fi


def test_regions_and_wellbeing_counties(db: Any) -> None:
    assert Region.objects.count() == 19
    assert WellbeingCounty.objects.count() == 23  # 21 counties, Helsinki (90), Åland (91)
    assert all(re.fullmatch(r"[0-9]{2}", c) for c in Region.objects.values_list("code", flat=True))
    assert not Municipality.objects.filter(region__isnull=True).exists()


def test_aland_municipalities_are_marked_and_swedish(db: Any) -> None:
    aland = Municipality.objects.filter(is_aland=True)
    assert aland.count() == 16
    assert set(aland.values_list("region__code", flat=True)) == {"21"}
    assert set(aland.values_list("wellbeing_county__code", flat=True)) == {"91"}
    assert set(aland.values_list("language", flat=True)) == {"sv"}


def test_language_statuses(db: Any) -> None:
    counts = {
        lang: Municipality.objects.filter(language=lang).count()
        for lang in Municipality.Language.values
    }
    assert counts == {"fi": 259, "sv": 16, "bilingual": 33}
