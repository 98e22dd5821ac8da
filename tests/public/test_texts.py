"""The path's data files: every language file is complete, and a broken file fails with the
file and the key named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kotopolku.public import texts


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the path's data directory to break."""
    target = tmp_path / "data"
    shutil.copytree(texts.DATA, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_files_load_with_fi_sv_en_ar_and_every_step() -> None:
    rules, found = texts.load()
    assert list(found)[:3] == ["fi", "sv", "en"]
    assert list(found) == ["fi", "sv", "en", "ar", "ru", "uk"]
    keys = [r.key for r in rules]
    assert keys == [
        "arrival",
        "assessment",
        "plan",
        "civic_orientation",
        "integration_training",
        "language_work",
        "guidance",
        "welcome",
    ]
    for lang in found.values():
        assert list(lang.steps) == keys
        assert all(step.title and step.paragraphs for step in lang.steps.values())
    assert found["ar"].dir == "rtl" and found["fi"].dir == "ltr"
    # the translations not checked by a native-speaking reviewer say so
    assert [code for code, lang in found.items() if not lang.reviewed] == ["sv", "ar", "ru", "uk"]


def test_plain_finnish_sentences_are_short() -> None:
    """Selkokieli: no sentence of a step text is longer than 20 words."""
    _rules, found = texts.load()
    for key, step in found["fi"].steps.items():
        for paragraph in step.paragraphs:
            for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
                assert len(sentence.split()) <= 20, f"fi steps.{key}: {sentence}"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "steps/fi.toml",
            'title = "Kotoutumissuunnitelma"\n',
            "",
            "steps/fi.toml: steps.plan.title: missing or empty text",
        ),
        (
            "steps/ar.toml",
            'path_title = "مسار خدمات الاندماج: {municipality}"',
            'path_title = "مسار خدمات الاندماج: {kunta}"',
            "steps/ar.toml: labels.path_title: must use {municipality}, uses ['kunta']",
        ),
        ("steps/sv.toml", "reviewed = false", 'reviewed = "no"', "steps/sv.toml: reviewed:"),
        ("steps/en.toml", 'language = "en"', 'language = "fi"', "steps/en.toml: language:"),
        (
            "steps/en.toml",
            "[steps.welcome]",
            '[steps.orientation]\ntitle = "x"\nbody = "y"\n\n[steps.welcome]',
            "steps/en.toml: steps: unknown steps ['orientation']",
        ),
        (
            "steps/fi.toml",
            'url = "https://dvv.fi/"',
            'url = "http://dvv.fi/"',
            "steps/fi.toml: steps.arrival.links[1].url: must be an https:// address",
        ),
        ("steps/fi.toml", "[labels]", "[labels", "steps/fi.toml: not valid TOML"),
        (
            "steps.toml",
            'element = "civic_orientation"',
            'element = "civic"',
            "steps.toml: step civic_orientation.element: unknown programme element 'civic'",
        ),
        (
            "steps.toml",
            '\nschedule = ["drop_in"]',
            '\nschedule = ["walk_in"]',
            "steps.toml: step welcome.schedule: unknown values ['walk_in']",
        ),
    ],
)
def test_a_broken_file_names_the_file_and_the_key(
    data: Path, file: str, old: str, new: str, message: str
) -> None:
    _edit(data / file, old, new)
    with pytest.raises(texts.PathTextError) as caught:
        texts.load(data)
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_missing_label_is_named(data: Path) -> None:
    _edit(data / "steps" / "ar.toml", 'upcoming = "المواعيد القادمة"\n', "")
    with pytest.raises(texts.PathTextError, match=r"^steps/ar.toml: labels.upcoming: missing"):
        texts.load(data)


def test_a_new_language_is_offered_when_its_file_is_complete(data: Path) -> None:
    shutil.copy(data / "steps" / "en.toml", data / "steps" / "tr.toml")
    with pytest.raises(texts.PathTextError, match=r"^steps/tr.toml: language: must be 'tr'"):
        texts.load(data)
    _edit(data / "steps" / "tr.toml", 'language = "en"', 'language = "tr"')
    _rules, found = texts.load(data)
    assert list(found) == ["fi", "sv", "en", "ar", "ru", "tr", "uk"]


def test_the_system_check_names_a_broken_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kotopolku.public.checks import path_texts_load

    assert path_texts_load() == []
    _edit(data / "steps" / "fi.toml", 'title = "Kotoutumissuunnitelma"\n', "")
    monkeypatch.setattr(texts, "DATA", data)
    monkeypatch.setattr(texts.load, "__defaults__", (data,))
    errors = path_texts_load()
    assert [e.id for e in errors] == ["kotopolku.E020"]
    assert "steps/fi.toml: steps.plan.title: missing or empty text" in errors[0].msg
