"""The official template of the programme document, loaded from `data/template-681-2023.toml`.

The template gives the parts (1-7), their s. 13 element, titles and the questions of A
(description), B (responsible parties) and C (cooperation) in Finnish and Swedish. It is
validated on load; a broken data file fails at import with the file and the entry named.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kotopolku.catalog.models import ProgrammeElement

DATA = Path(__file__).with_name("data") / "template-681-2023.toml"
LANGUAGES = ("fi", "sv")
PARTS = ("a", "b", "c")


class TemplateError(ValueError):
    """The template's data file is broken (names the file and the entry)."""


@dataclass(frozen=True)
class Question:
    key: str
    part: str  # "a", "b" or "c"
    text: dict[str, str]  # {"fi": ..., "sv": ...}
    repealed: str = ""  # the repealed section the question is about, "" when in force

    def in_language(self, lang: str) -> str:
        return self.text.get(lang) or self.text["fi"]


@dataclass(frozen=True)
class SectionTemplate:
    number: int
    element: str  # a catalog ProgrammeElement value
    title: dict[str, str]
    questions: tuple[Question, ...]
    guidance: dict[str, str]
    optional: bool = False  # part 7 ("other services") is not required by s. 13

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["fi"]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def questions_of(self, part: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.part == part)


@dataclass(frozen=True)
class Template:
    id: str
    valid_from: datetime.date
    opening: dict[str, dict[str, str]]  # field -> {lang: label}
    parts: dict[str, dict[str, str]]  # "a"/"b"/"c" -> {lang: heading}
    sections: tuple[SectionTemplate, ...]
    responsibility_table: dict[str, dict[str, str]]

    def section(self, number: int) -> SectionTemplate:
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)

    def label(self, group: str, key: str, lang: str) -> str:
        texts: dict[str, str] = getattr(self, group)[key]
        return texts.get(lang) or texts["fi"]


def _texts(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("fi"), str) or not value["fi"]:
        raise TemplateError(f"{DATA.name}: {where} needs a Finnish text (fi)")
    extra = set(value) - set(LANGUAGES)
    if extra:
        raise TemplateError(f"{DATA.name}: {where} has unknown languages {sorted(extra)}")
    return {k: str(v) for k, v in value.items()}


def parse(raw: dict[str, object]) -> Template:
    """Validate the template's data (as read from TOML) and build the `Template`."""
    elements = set(ProgrammeElement.values)
    sections: list[SectionTemplate] = []
    raw_sections = raw.get("section")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise TemplateError(f"{DATA.name}: no [[section]] entries")
    for i, s in enumerate(raw_sections, start=1):
        where = f"section {s.get('number', f'#{i}')}"
        if s.get("element") not in elements:
            raise TemplateError(f"{DATA.name}: {where}: unknown element {s.get('element')!r}")
        questions = []
        keys: set[str] = set()
        for q in s.get("questions", []):
            if q.get("part") not in PARTS:
                raise TemplateError(f"{DATA.name}: {where}: question {q.get('key')!r}: part")
            if not q.get("key") or q["key"] in keys:
                raise TemplateError(f"{DATA.name}: {where}: missing or repeated question key")
            keys.add(q["key"])
            text = _texts({k: q[k] for k in LANGUAGES if k in q}, f"{where} question {q['key']}")
            questions.append(Question(q["key"], q["part"], text, str(q.get("repealed", ""))))
        sections.append(
            SectionTemplate(
                number=int(s["number"]),
                element=s["element"],
                title=_texts(s.get("title"), f"{where} title"),
                questions=tuple(questions),
                guidance=_texts(s["guidance"], f"{where} guidance") if "guidance" in s else {},
                optional=bool(s.get("optional", False)),
            )
        )
    numbers = [s.number for s in sections]
    if numbers != sorted(set(numbers)):
        raise TemplateError(f"{DATA.name}: section numbers must be unique and in order")
    valid_from = raw.get("valid_from")
    if not isinstance(valid_from, datetime.date):
        raise TemplateError(f"{DATA.name}: valid_from must be a date")

    def group(name: str) -> dict[str, dict[str, str]]:
        value = raw.get(name)
        if not isinstance(value, dict):
            raise TemplateError(f"{DATA.name}: [{name}] is missing")
        return {k: _texts(v, f"{name}.{k}") for k, v in value.items()}

    return Template(
        id=str(raw.get("id", "")),
        valid_from=valid_from,
        opening=group("opening"),
        parts=group("parts"),
        sections=tuple(sections),
        responsibility_table=group("responsibility_table"),
    )


@cache
def template() -> Template:
    """The template in force (one version so far: Act 681/2023 as amended by 1100/2024)."""
    with DATA.open("rb") as f:
        return parse(tomllib.load(f))
