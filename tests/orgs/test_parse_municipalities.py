"""`rules.parse_municipalities` rejects a bad row and says which line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kotopolku.orgs.rules import REQUIRED_COLUMNS, RowError, parse_municipalities

HEADER = ",".join(REQUIRED_COLUMNS)
JOENSUU = "167,Joensuu,Joensuu,12,Pohjois-Karjala,Norra Karelen,14,Siun sote,Siun sote,fi,fi,false"
HELSINKI = "091,Helsinki,Helsingfors,01,Uusimaa,Nyland,90,Helsinki,Helsingfors,bilingual,fi,false"
SHIPPED = Path(__file__).resolve().parents[2] / "kotopolku/orgs/data/municipalities-2025.csv"


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _replace(row: str, column: str, value: str) -> str:
    cells = row.split(",")
    cells[REQUIRED_COLUMNS.index(column)] = value
    return ",".join(cells)


def test_a_good_file_parses() -> None:
    rows = parse_municipalities(_csv(JOENSUU, HELSINKI))
    assert [r.code for r in rows] == ["167", "091"]
    assert rows[1].name_sv == "Helsingfors"
    assert rows[1].language == "bilingual"
    assert rows[1].is_aland is False


def test_the_shipped_file_parses() -> None:
    rows = parse_municipalities(SHIPPED.read_text(encoding="utf-8"))
    assert len(rows) == 308


@pytest.mark.parametrize("code", ["91", "0091", "A91", "", " 9 1", "91.0"])
def test_a_code_that_is_not_three_digits_is_rejected(code: str) -> None:
    with pytest.raises(RowError) as caught:
        parse_municipalities(_csv(JOENSUU, _replace(HELSINKI, "code", code)))
    assert (caught.value.line, caught.value.field) == (3, "code")
    assert "line 3, code" in str(caught.value)
    assert "three digits" in str(caught.value)


def test_a_duplicate_code_is_rejected() -> None:
    with pytest.raises(RowError) as caught:
        parse_municipalities(_csv(JOENSUU, HELSINKI, _replace(JOENSUU, "name_fi", "Toinen")))
    assert (caught.value.line, caught.value.field) == (4, "code")
    assert "duplicate code 167" in str(caught.value)


def test_a_missing_column_is_named() -> None:
    header = HEADER.replace(",wellbeing_county_code", "")
    row = ",".join(c for i, c in enumerate(JOENSUU.split(",")) if i != 6)
    with pytest.raises(RowError) as caught:
        parse_municipalities(_csv(row, header=header))
    assert caught.value.line == 1
    assert caught.value.field == "wellbeing_county_code"
    assert "missing column" in str(caught.value)


def test_an_empty_file_names_every_column() -> None:
    with pytest.raises(RowError) as caught:
        parse_municipalities("")
    assert caught.value.field == ", ".join(REQUIRED_COLUMNS)


@pytest.mark.parametrize("language", ["finnish", "FI", "", "fi-sv"])
def test_a_bad_language_is_rejected(language: str) -> None:
    with pytest.raises(RowError) as caught:
        parse_municipalities(_csv(_replace(JOENSUU, "language", language)))
    assert (caught.value.line, caught.value.field) == (2, "language")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("name_fi", ""),
        ("name_sv", " "),
        ("region_code", "1"),
        ("region_code", "X2"),
        ("wellbeing_county_code", "140"),
        ("language_majority", "en"),
        ("is_aland", "yes"),
        ("region_name_fi", ""),
    ],
)
def test_other_bad_fields_are_named(column: str, value: str) -> None:
    with pytest.raises(RowError) as caught:
        parse_municipalities(_csv(JOENSUU, _replace(HELSINKI, column, value)))
    assert (caught.value.line, caught.value.field) == (3, column)
    assert f"line 3, {column}" in str(caught.value)


def test_a_short_row_is_rejected_not_crashed() -> None:
    with pytest.raises(RowError) as caught:
        parse_municipalities(_csv("167,Joensuu,Joensuu"))
    assert caught.value.line == 2


def test_empty_swedish_region_names_fall_back_to_finnish() -> None:
    row = _replace(_replace(JOENSUU, "region_name_sv", ""), "wellbeing_county_sv", "")
    parsed = parse_municipalities(_csv(row))[0]
    assert parsed.region_name_sv == "Pohjois-Karjala"
    assert parsed.county_name_sv == "Siun sote"
