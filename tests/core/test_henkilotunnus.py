"""The Finnish personal identity code: every century sign, the check character, the date,
the individual number, normalisation, and the century sign as part of the identity."""

from __future__ import annotations

import datetime

import pytest

from kotopolku.core import henkilotunnus
from kotopolku.core.henkilotunnus import CENTURY_SIGNS, HetuError, make, parse

# A birth year of the right century for every sign (DVV, from 1.1.2023).
SIGN_YEARS = {
    "+": 1875,
    "-": 1952,
    "Y": 1994,
    "X": 1961,
    "W": 1938,
    "V": 1999,
    "U": 1905,
    "A": 2016,
    "B": 2003,
    "C": 2021,
    "D": 2000,
    "E": 2099,
    "F": 2010,
}


def _error(text: str) -> str:
    with pytest.raises(HetuError) as info:
        parse(text)
    return info.value.code


def test_the_table_has_exactly_the_thirteen_century_signs_of_the_decree() -> None:
    assert set(CENTURY_SIGNS) == set(SIGN_YEARS)
    assert {sign for sign, base in CENTURY_SIGNS.items() if base == 1800} == {"+"}
    assert {sign for sign, base in CENTURY_SIGNS.items() if base == 1900} == set("-YXWVU")
    assert {sign for sign, base in CENTURY_SIGNS.items() if base == 2000} == set("ABCDEF")


@pytest.mark.parametrize("sign", list(SIGN_YEARS))
@pytest.mark.parametrize("individual", [2, 308, 903, 999])
def test_a_code_made_with_every_century_sign_parses_back_to_its_date(
    sign: str, individual: int
) -> None:
    born = datetime.date(SIGN_YEARS[sign], 7, 29)
    code = make(born, individual, sign=sign)
    assert len(code) == 11
    assert code[6] == sign
    hetu = parse(code)
    assert hetu.value == code
    assert hetu.birth_date == born
    assert hetu.individual_number == individual


@pytest.mark.parametrize(
    ("code", "born", "individual"),
    [
        ("131052-308T", datetime.date(1952, 10, 13), 308),
        ("010594Y9032", datetime.date(1994, 5, 1), 903),
        ("010594Y9021", datetime.date(1994, 5, 1), 902),
        ("010516B903X", datetime.date(2016, 5, 1), 903),
        ("010181-900C", datetime.date(1981, 1, 1), 900),
    ],
)
def test_known_good_codes_are_valid(code: str, born: datetime.date, individual: int) -> None:
    hetu = parse(code)
    assert hetu == henkilotunnus.Hetu(value=code, birth_date=born, individual_number=individual)


@pytest.mark.parametrize(
    ("code", "born"),
    [
        ("131052-308T", datetime.date(1952, 10, 13)),
        ("010594Y9032", datetime.date(1994, 5, 1)),
        ("010516B903X", datetime.date(2016, 5, 1)),
    ],
)
def test_make_builds_the_known_good_codes(code: str, born: datetime.date) -> None:
    assert make(born, int(code[7:10]), sign=code[6]) == code


def test_make_picks_the_classic_sign_of_each_century_by_default() -> None:
    assert make(datetime.date(1875, 1, 1), 900)[6] == "+"
    assert make(datetime.date(1975, 1, 1), 900)[6] == "-"
    assert make(datetime.date(2015, 1, 1), 900)[6] == "A"


def test_make_refuses_a_sign_of_another_century_and_individual_numbers_below_two() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        make(datetime.date(1990, 1, 1), 900, sign="A")
    with pytest.raises(ValueError, match="does not fit"):
        make(datetime.date(2010, 1, 1), 900, sign="Y")
    with pytest.raises(ValueError, match="2-999"):
        make(datetime.date(1990, 1, 1), 1)
    with pytest.raises(ValueError, match="2-999"):
        make(datetime.date(1990, 1, 1), 1000)


@pytest.mark.parametrize(
    "code",
    [
        "131052-308U",  # one letter off
        "131052-308S",
        "010594Y9033",
        "010516B9031",
        "131052-308G",  # never a check character
        "131052-307T",  # a typo in the individual number
        "131053-308T",  # a typo in the date
    ],
)
def test_a_wrong_check_character_is_refused(code: str) -> None:
    assert _error(code) == "check"


def test_a_check_character_outside_the_alphabet_is_a_format_error() -> None:
    assert _error("131052-308Z") == "format"


@pytest.mark.parametrize(
    "code",
    [
        "310299-9" + "00" + "X",  # 31 February
        "300299-900X",  # 30 February
        "290299-900X",  # 29 February of a common year
        "320194-900X",  # day 32
        "001094-900X",  # day 0
        "011394-900X",  # month 13
        "010094-900X",  # month 0
        "290200-9994",  # 1900 was not a leap year
    ],
)
def test_a_code_whose_digits_are_not_a_real_date_is_refused(code: str) -> None:
    assert _error(code) == "date"


def test_the_century_sign_decides_whether_29_february_exists() -> None:
    code = make(datetime.date(2000, 2, 29), 999, sign="A")
    assert parse(code).birth_date == datetime.date(2000, 2, 29)
    assert _error(code.replace("A", "-")) == "date"


@pytest.mark.parametrize("sign", ["G", "Z", "T", "*", "/", "0", "_"])
def test_an_unknown_century_sign_is_refused(sign: str) -> None:
    assert _error(f"131052{sign}308T") == "century"


@pytest.mark.parametrize(
    "code", ["", "131052-308", "131052-308TT", "131052308T", "13105-308T", "131052--308T"]
)
def test_a_code_of_the_wrong_length_is_refused(code: str) -> None:
    assert _error(code) == "length"


@pytest.mark.parametrize("code", ["13105A-308T", "131052-3O8T", "1310522308T"])
def test_letters_and_digits_in_the_wrong_places_are_a_format_error(code: str) -> None:
    assert _error(code) in ("format", "century")


@pytest.mark.parametrize("individual", ["000", "001"])
def test_individual_numbers_000_and_001_are_never_valid(individual: str) -> None:
    code = "131052-" + individual + henkilotunnus.check_character("131052", individual)
    assert _error(code) == "individual"


def test_individual_number_002_is_the_lowest_valid_one() -> None:
    code = "131052-002" + henkilotunnus.check_character("131052", "002")
    assert parse(code).individual_number == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("131052-308t", "131052-308T"),
        ("010594y9032", "010594Y9032"),
        ("010516b903x", "010516B903X"),
        (" 131052-308T ", "131052-308T"),
        ("131052 -308T", "131052-308T"),
        ("\t010594Y9032\n", "010594Y9032"),
    ],
)
def test_lower_case_and_spaces_are_normalised(typed: str, stored: str) -> None:
    assert henkilotunnus.normalise(typed) == stored
    assert parse(typed).value == stored


def test_codes_that_differ_only_by_the_century_sign_are_different_codes() -> None:
    born = datetime.date(1990, 1, 1)
    dash, y = make(born, 999, sign="-"), make(born, 999, sign="Y")
    assert (dash, y) == ("010190-999W", "010190Y999W")
    first, second = parse(dash), parse(y)
    assert first.birth_date == second.birth_date
    assert first.individual_number == second.individual_number
    assert first.value != second.value
    assert first != second


@pytest.mark.parametrize("sign", list("-YXWVU"))
def test_all_six_signs_of_the_1900s_give_six_distinct_codes_for_one_person_data(
    sign: str,
) -> None:
    born = datetime.date(1990, 1, 1)
    others = {make(born, 999, sign=s) for s in "-YXWVU" if s != sign}
    assert make(born, 999, sign=sign) not in others


@pytest.mark.parametrize(("individual", "temporary"), [(2, False), (899, False), (900, True)])
def test_individual_numbers_900_to_999_are_temporary(individual: int, temporary: bool) -> None:
    assert parse(make(datetime.date(1990, 1, 1), individual)).is_temporary is temporary


@pytest.mark.parametrize(
    "typed",
    [
        "\u0661\u0663\u0661\u0660\u0665\u0662-\u0663\u0660\u0668T",  # Arabic-Indic digits
        "\uff11\uff13\uff11\uff10\uff15\uff12-\uff13\uff10\uff18T",  # full-width digits
    ],
)
def test_a_code_typed_with_non_ascii_digits_is_refused_as_a_wrong_format(typed: str) -> None:
    # Only the ASCII digits 0-9 make a code: `str.isdigit` and `\d` would take these too, and
    # a code stored with them would never match the same code typed in ASCII.
    assert _error(typed) == "format"
    with pytest.raises(HetuError, match="DDMMYY, a century sign, three digits"):
        parse(typed)
