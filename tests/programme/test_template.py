"""The programme template's data file: loaded and validated, errors name the entry."""

from __future__ import annotations

import tomllib

import pytest

from kotopolku.programme import template as tpl


def _raw() -> dict:
    with tpl.DATA.open("rb") as f:
        return tomllib.load(f)


def test_the_template_has_seven_parts_with_a_b_c_questions_in_fi_and_sv() -> None:
    t = tpl.template()
    assert [s.number for s in t.sections] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.element for s in t.sections] == [
        "assessment",
        "plan",
        "civic_orientation",
        "integration_training",
        "language_work",
        "guidance",
        "other",
    ]
    for s in t.sections:
        assert {q.part for q in s.questions} == {"a", "b", "c"}, s.number
        assert all(q.text["fi"] and q.text["sv"] for q in s.questions)
    assert [s.number for s in t.sections if s.optional] == [7]


def test_the_repealed_multi_professional_questions_are_marked_and_titles_cite_14_and_16() -> None:
    t = tpl.template()
    repealed = {
        (s.number, q.key): q.repealed for s in t.sections for q in s.questions if q.repealed
    }
    assert repealed == {
        (1, "b_multi"): "KotoL 15 § (kumottu lailla 1100/2024)",
        (2, "b_multi"): "KotoL 17 § (kumottu lailla 1100/2024)",
    }
    assert "14 §" in t.section(1).title["fi"] and "15" not in t.section(1).title["fi"]
    assert "16 §" in t.section(2).title["fi"] and "17" not in t.section(2).title["fi"]


def test_an_unknown_element_is_refused_naming_the_section() -> None:
    raw = _raw()
    raw["section"][2]["element"] = "multi_professional"
    with pytest.raises(tpl.TemplateError, match="section 3: unknown element 'multi_professional'"):
        tpl.parse(raw)


def test_a_question_without_finnish_text_is_refused_naming_it() -> None:
    raw = _raw()
    del raw["section"][0]["questions"][0]["fi"]
    with pytest.raises(tpl.TemplateError, match="section 1 question a_how needs a Finnish text"):
        tpl.parse(raw)


def test_a_repeated_question_key_is_refused() -> None:
    raw = _raw()
    raw["section"][5]["questions"].append(dict(raw["section"][5]["questions"][0]))
    with pytest.raises(tpl.TemplateError, match="section 6: missing or repeated question key"):
        tpl.parse(raw)
