"""courses/rules.py at its boundaries, with plain facts (no database): the quarter, the year of
integration (the day it changes), the themes a client needs (attended ones removed, civic
orientation from 1.1.2025), and the course language with the interpreter rule (threshold
equal, below and above; a client with no known language)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kotopolku.core.rulebook import Parameter, RuleVersion, Unit
from kotopolku.courses import rules
from kotopolku.courses.rules import BEYOND, Curriculum, Languages, Placement, Quarter

D = datetime.date
ONE = datetime.timedelta(days=1)
START = D(2025, 3, 10)
CURRICULUM = Curriculum(
    guidance={1: ("y1-period", "y1-kela"), 2: ("y2-permits",), 3: ("y3-citizenship",)},
    civic_orientation=("civic-1", "civic-2"),
)
IN_2026 = D(2026, 1, 1)


# --- the quarter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "first", "last"),
    [
        (1, D(2027, 1, 1), D(2027, 3, 31)),
        (2, D(2027, 4, 1), D(2027, 6, 30)),
        (3, D(2027, 7, 1), D(2027, 9, 30)),
        (4, D(2027, 10, 1), D(2027, 12, 31)),
    ],
)
def test_a_quarter_runs_from_its_first_to_its_last_day(
    number: int, first: datetime.date, last: datetime.date
) -> None:
    quarter = Quarter(2027, number)
    assert (quarter.first_day, quarter.last_day) == (first, last)
    assert Quarter.of(first) == Quarter.of(last) == quarter
    assert Quarter.of(first - ONE) != quarter and Quarter.of(last + ONE) != quarter
    assert str(quarter) == f"2027Q{number}"


@pytest.mark.parametrize("text", ["2027Q1", "2027-Q1", " 2027q1 "])
def test_a_quarter_is_read_from_its_short_form(text: str) -> None:
    assert Quarter.parse(text) == Quarter(2027, 1)


@pytest.mark.parametrize("text", ["2027", "2027Q", "Q1", "2027Qx", "27-1"])
def test_a_quarter_in_another_form_names_the_form(text: str) -> None:
    with pytest.raises(ValueError, match="2027Q1"):
        Quarter.parse(text)


@pytest.mark.parametrize("number", [0, 5])
def test_a_quarter_is_one_to_four(number: int) -> None:
    with pytest.raises(ValueError, match="1, 2, 3 or 4"):
        Quarter(2027, number)
    assert Quarter.parse("2027Q4") == Quarter(2027, 4)


# --- the year of integration ---------------------------------------------------------------


def test_without_a_known_start_the_year_is_unknown() -> None:
    assert rules.integration_year(None, IN_2026) is None
    assert rules.integration_year(START, START - ONE) is None
    assert rules.integration_year(START, START) == 1


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2026, 3, 9), 1),  # the day before the first anniversary
        (D(2026, 3, 10), 2),  # the first anniversary
        (D(2027, 3, 9), 2),
        (D(2027, 3, 10), 3),
        (D(2028, 3, 9), 3),
        (D(2028, 3, 10), 3),  # the third anniversary: the window's last day, still year 3
        (D(2028, 3, 11), BEYOND),
        (D(2035, 1, 1), BEYOND),
    ],
)
def test_the_year_changes_on_the_anniversary_of_the_start(day: datetime.date, year: int) -> None:
    assert rules.integration_year(START, day) == year


def test_a_start_on_29_february_has_its_anniversary_on_28_february() -> None:
    leap = D(2024, 2, 29)
    assert rules.integration_year(leap, D(2025, 2, 27)) == 1
    assert rules.integration_year(leap, D(2025, 2, 28)) == 2
    assert rules.integration_year(leap, D(2027, 2, 28)) == 3
    assert rules.integration_year(leap, D(2027, 3, 1)) == BEYOND


def test_a_start_before_the_act_counts_by_the_same_rule() -> None:
    # the version is in force from 1.1.2025; an earlier day is read with it (the model's years)
    assert rules.integration_year(D(2023, 6, 1), D(2024, 6, 1)) == 2
    assert rules.INTEGRATION_YEAR_RULES[0].count("years") + 1 == BEYOND


# --- the themes a client needs -------------------------------------------------------------


def test_the_curriculum_order_is_year_by_year_then_civic_orientation_each_once() -> None:
    curriculum = Curriculum(
        guidance={2: ("b", "a"), 1: ("c", "a")}, civic_orientation=("civic", "c")
    )
    assert curriculum.order() == ("c", "a", "b", "civic")
    assert Curriculum().order() == ()


@pytest.mark.parametrize(
    ("year", "themes"),
    [
        (1, ("y1-period", "y1-kela")),
        (2, ("y2-permits",)),
        (3, ("y3-citizenship",)),
        (BEYOND, ()),
        (None, ()),
    ],
)
def test_a_client_needs_the_guidance_themes_of_their_year(
    year: int | None, themes: tuple[str, ...]
) -> None:
    assert (
        rules.needed_themes(
            year, integration_client=False, curriculum=CURRICULUM, attended=(), day=IN_2026
        )
        == themes
    )


def test_a_kotoutuja_asiakas_needs_civic_orientation_too_from_2025() -> None:
    def needs(day: datetime.date, *, client: bool) -> tuple[str, ...]:
        return rules.needed_themes(
            2, integration_client=client, curriculum=CURRICULUM, attended=(), day=day
        )

    assert needs(D(2025, 1, 1), client=True) == ("y2-permits", "civic-1", "civic-2")
    assert needs(D(2024, 12, 31), client=True) == ("y2-permits",)
    assert needs(D(2025, 1, 1), client=False) == ("y2-permits",)
    assert rules.civic_orientation_owed(True, D(2025, 1, 1))
    assert not rules.civic_orientation_owed(True, D(2024, 12, 31))
    assert not rules.civic_orientation_owed(False, D(2025, 1, 1))


def test_attended_themes_are_removed() -> None:
    needed = rules.needed_themes(
        1,
        integration_client=True,
        curriculum=CURRICULUM,
        attended={"y1-kela", "civic-1", "not-in-curriculum"},
        day=IN_2026,
    )
    assert needed == ("y1-period", "civic-2")
    everything = {"y1-period", "y1-kela", "civic-1", "civic-2"}
    assert (
        rules.needed_themes(
            1, integration_client=True, curriculum=CURRICULUM, attended=everything, day=IN_2026
        )
        == ()
    )


def test_a_theme_in_two_places_is_needed_once() -> None:
    curriculum = Curriculum(guidance={1: ("rights",)}, civic_orientation=("rights", "civic"))
    assert rules.needed_themes(
        1, integration_client=True, curriculum=curriculum, attended=(), day=IN_2026
    ) == ("rights", "civic")


# --- the threshold -------------------------------------------------------------------------


def test_the_threshold_is_the_rules_number_unless_the_organisation_sets_its_own() -> None:
    version = rules.COURSE_LANGUAGE_RULES[0]
    assert version.parameter("clients").own_target and not version.verified
    assert rules.language_threshold(IN_2026) == 5
    assert rules.language_threshold(D(2024, 1, 1)) == 5
    assert rules.language_threshold(IN_2026, 8) == 8
    assert rules.language_threshold(IN_2026, 1) == 1
    with pytest.raises(ValueError, match="at least 1"):
        rules.language_threshold(IN_2026, 0)


def test_a_version_whose_number_is_the_laws_is_not_overridden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    law = RuleVersion(
        id="course-language-threshold-2027",
        title="a number of the law",
        legal_reference="test",
        valid_from=D(2027, 1, 1),
        params=(Parameter("clients", 6, Unit.PERSONS),),
    )
    first = rules.COURSE_LANGUAGE_RULES[0]
    ended = RuleVersion(**{**first.__dict__, "valid_to": D(2026, 12, 31)})
    monkeypatch.setattr(rules, "COURSE_LANGUAGE_RULES", (ended, law))
    assert rules.language_threshold(D(2026, 12, 31), 8) == 8
    assert rules.language_threshold(D(2027, 1, 1), 8) == 6
    assert rules.language_threshold(D(2027, 1, 1)) == 6


@pytest.mark.parametrize(
    ("demand", "course_language"),
    [(4, False), (5, True), (6, True)],  # below, equal to and above the threshold of 5
)
def test_a_language_becomes_a_course_language_at_the_threshold(
    demand: int, course_language: bool
) -> None:
    offered = rules.course_languages({"fa": demand, "so": 1, "": 9}, 5, ("fi", "en"))
    assert ("fa" in offered) is course_language
    assert "so" not in offered and "" not in offered
    assert {"fi", "en"} <= offered


# --- the language a client takes a theme in -----------------------------------------------


def test_the_languages_a_client_knows_come_mother_tongue_first() -> None:
    langs = Languages("fa", ("en", "fa", "", "fi"), "")
    assert langs.known() == ("fa", "en", "fi")
    assert langs.first_choice() == "fa"
    assert langs.interpreter_language() == "fa"
    assert Languages("", ("en",)).first_choice() == "en"
    assert Languages("", ("en",)).interpreter_language() == "en"
    assert Languages("ar", (), "ckb").interpreter_language() == "ckb"


def test_a_client_with_no_known_language_joins_the_shared_group_with_an_interpreter_to_find() -> (
    None
):
    nobody = Languages()
    assert nobody.known() == () and nobody.first_choice() == ""
    assert rules.place(nobody, {"fi", "en", "ar"}, ("fi", "en")) == Placement(
        "fi", rules.UNKNOWN_LANGUAGE
    )


def test_the_mother_tongue_group_needs_no_interpreter() -> None:
    assert rules.place(Languages("ar", ("en",)), {"fi", "en", "ar"}, ("fi", "en")) == Placement(
        "ar"
    )


def test_a_well_known_language_of_service_comes_next_without_an_interpreter() -> None:
    # Dari below the threshold; the client knows Russian and English, both course languages:
    # the first of them in the client's order
    offered = {"fi", "en", "ru"}
    assert rules.place(Languages("prs", ("ru", "en")), offered, ("fi", "en")) == Placement("ru")
    assert rules.place(Languages("prs", ("en", "ru")), offered, ("fi", "en")) == Placement("en")


def test_below_the_threshold_the_client_joins_the_first_shared_language_with_an_interpreter() -> (
    None
):
    offered = {"fi", "en"}
    assert rules.place(Languages("so", ("so",)), offered, ("fi", "en")) == Placement("fi", "so")
    assert rules.place(Languages("so", (), "ar"), offered, ("en", "fi")) == Placement("en", "ar")
    with pytest.raises(ValueError, match="shared language"):
        rules.place(Languages("so"), {"ar"}, ())


# --- the rules are documented ----------------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "courses-demand.md"
ALL = (
    *rules.INTEGRATION_YEAR_RULES,
    *rules.GROUP_GUIDANCE_RULES,
    *rules.CIVIC_ORIENTATION_RULES,
    *rules.COURSE_LANGUAGE_RULES,
)


@pytest.mark.parametrize("version", ALL, ids=lambda v: v.id)
def test_every_rule_is_in_the_demand_doc_with_its_dates_and_numbers(version: RuleVersion) -> None:
    text = DOC.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(f"| `{version.id}`"))
    cells = [c.strip() for c in row.split("|")[1:-1]]
    assert len(cells) == 7, row
    start = version.valid_from
    assert cells[4] == f"{start.day}.{start.month}.{start.year}"
    assert cells[5] == "–" and version.valid_to is None
    for parameter in version.params:
        assert f"`{parameter.name}` {parameter.describe()}" in cells[3]
    assert ("no:" in cells[6]) is (not version.verified)
