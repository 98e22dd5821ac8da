"""The language pickers' order and contents (issue 15): the languages of Finland and the sign
languages first, then the largest groups by speakers, then the rest alphabetically in the UI
language; no constructed, special or historical codes, no duplicates; names translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from kotopolku.core import datafile, languages

BIG_GROUPS = ["ru", "et", "ar", "en", "uk", "so", "fa", "zh", "sq", "ku", "vi", "th", "es", "tr"]


def _codes(part: list[tuple[str, str]]) -> list[str]:
    return [code for code, _name in part]


@pytest.mark.parametrize("ui", ["fi", "sv", "en"])
def test_finland_first_then_the_largest_groups_in_order(ui: str) -> None:
    groups = languages.picker_groups(ui)
    assert _codes(groups.finland) == ["fi", "sv", "se", "smn", "sms", "fse", "fss"]
    assert _codes(groups.by_speakers)[: len(BIG_GROUPS)] == BIG_GROUPS
    assert _codes(groups.by_speakers)[len(BIG_GROUPS)] == "prs"


def test_the_sign_languages_have_names_in_each_ui_language() -> None:
    assert languages.name("fse", "fi") == "suomalainen viittomakieli"
    assert languages.name("fss", "sv") == "finlandssvenskt teckenspråk"
    assert languages.name("fse", "en") == "Finnish Sign Language"
    assert languages.is_valid_code("fse") and languages.is_valid_code("fss")


@pytest.mark.parametrize("ui", ["fi", "sv", "en"])
def test_no_constructed_special_or_historical_codes_and_no_duplicates(ui: str) -> None:
    groups = languages.picker_groups(ui)
    every = groups.finland + groups.by_speakers + groups.rest
    codes = _codes(every)
    for code in ("tlh", "tok", "zxx", "mul", "und", "ang", "enm", "la", "vo", "en_GB", "qaa"):
        assert code not in codes, code
    assert len(codes) == len(set(codes))
    names = [name.casefold() for _c, name in every]
    assert len(names) == len(set(names))
    assert codes.count("en") == 1
    # the mother tongue picker has no plain Finnish; a language of service picker has
    assert "fi-x-plain" not in codes
    assert "fi-x-plain" in _codes(languages.picker_groups(ui, plain_finnish=True).finland)


@pytest.mark.parametrize("ui", ["fi", "sv", "en"])
def test_the_rest_is_alphabetical_in_the_ui_language(ui: str) -> None:
    rest = languages.picker_groups(ui).rest
    keys = [languages.sort_key(name, ui) for _c, name in rest]
    assert keys == sorted(keys)
    assert len(rest) > 300  # every other living language is still there


def test_names_are_in_the_ui_language() -> None:
    assert dict(languages.picker_groups("fi").by_speakers)["ru"] == "venäjä"
    assert dict(languages.picker_groups("sv").by_speakers)["ru"] == "ryska"
    assert dict(languages.picker_groups("en").by_speakers)["ru"] == "Russian"


def test_finnish_order_puts_a_umlaut_after_z() -> None:
    words = ["öljy", "äiti", "zulu", "åland", "abc", "épée"]
    ordered = sorted(words, key=lambda w: languages.sort_key(w, "fi"))
    assert ordered == ["abc", "épée", "zulu", "åland", "äiti", "öljy"]
    # English: accents ignored, so ä sorts as a
    assert sorted(["zulu", "äiti"], key=lambda w: languages.sort_key(w, "en")) == ["äiti", "zulu"]


def test_codes_left_out_of_the_pickers_stay_valid() -> None:
    for code in ("tlh", "la", "ang"):
        assert languages.is_valid_code(code)
        assert not languages.offered(code)
    assert languages.name("tlh", "en") == "Klingon"


def test_the_data_file_cites_its_source_and_is_checked(tmp_path: Path) -> None:
    order = languages.picker_order()
    assert "Statistics Finland" in order.source
    bad = tmp_path / "languages.toml"
    text = languages.PICKER_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace('national = ["fi"', 'national = ["xx-nope", "fi"'), "utf-8")
    with pytest.raises(datafile.DataFileError, match="unknown code 'xx-nope'"):
        languages.picker_order(bad)
    offered_first = tmp_path / "offered.toml"
    offered_first.write_text(text.replace('"ru", "et"', '"tlh", "ru", "et"'), "utf-8")
    with pytest.raises(datafile.DataFileError, match="excluded code is offered first: tlh"):
        languages.picker_order(offered_first)


def test_the_client_form_picker_has_the_groups_and_the_filter_box() -> None:
    from kotopolku.clients.forms import language_choices

    with translation.override("fi"):
        choices = language_choices(blank="—")
        labels = [str(label) for label, _items in choices[1:]]
    assert labels == [
        "Suomen kielet ja viittomakielet",
        "Puhutuimmat kielet Suomessa",
        "Kaikki kielet",
    ]
    with translation.override("en"):
        kept = language_choices(blank="—", keep="tlh")
        assert str(kept[1][0]) == "Current value"
    assert kept[1][1] == [("tlh", "Klingon")]
