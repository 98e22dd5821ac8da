"""The texts of the public service path: data files, validated on load (docs/public.md).

`data/steps.toml` lists the steps in order and which tray entries each one shows (the same for
every language). `data/steps/<language>.toml` holds one language's texts: the page's labels and
each step's plain-language title, paragraphs and links. A language is offered when its file
exists; a broken file fails with the file and the key named (`PathTextError`), so a mistake
shows when the texts are loaded (at the first request, and in tests/public), not as a half
page.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kotopolku.catalog.models import ProgrammeElement, ScheduleKind
from kotopolku.core import languages

DATA = Path(__file__).with_name("data")
STEPS_FILE = DATA / "steps.toml"
TEXTS_DIR = DATA / "steps"
FIRST = ("fi", "sv", "en")  # the switcher lists these first, the rest by code
LANG_FILE = re.compile(r"^[a-z]{2,3}$")

# Every label a language file must have, with the placeholders its text must use.
LABELS: dict[str, frozenset[str]] = {
    "skip_link": frozenset(),
    "site_name": frozenset(),
    "index_title": frozenset(),
    "index_lead": frozenset(),
    "search_label": frozenset(),
    "search_button": frozenset(),
    "served_heading": frozenset(),
    "other_heading": frozenset(),
    "no_match": frozenset(),
    "language_label": frozenset(),
    "path_title": frozenset({"municipality"}),
    "path_lead": frozenset(),
    "change_municipality": frozenset(),
    "steps_heading": frozenset(),
    "step_number": frozenset({"number"}),
    "services_heading": frozenset(),
    "no_services": frozenset(),
    "provider": frozenset(),
    "when": frozenset(),
    "where": frozenset(),
    "upcoming": frozenset(),
    "service_languages": frozenset(),
    "contact": frozenset(),
    "more_about_service": frozenset(),
    "schedule_one_off": frozenset(),
    "schedule_recurring": frozenset(),
    "schedule_appointment": frozenset(),
    "schedule_drop_in": frozenset(),
    "in_programme": frozenset(),
    "programme_heading": frozenset(),
    "responsible": frozenset(),
    "programme_approved": frozenset({"date", "body"}),
    "text_language": frozenset({"language"}),
    "links_heading": frozenset(),
    "leaflet_link": frozenset(),
    "leaflet_address": frozenset(),
    "leaflet_printed": frozenset({"date"}),
    "not_reviewed": frozenset(),
    "accessibility": frozenset(),
}


class PathTextError(ValueError):
    """A data file of the public path is broken; the message names the file and the key."""


@dataclass(frozen=True)
class StepRule:
    """Which tray entries a step lists (the same for every language)."""

    key: str
    owners: tuple[str, ...] = ()
    element: str = ""
    schedule: tuple[str, ...] = ()
    exclude_schedule: tuple[str, ...] = ()
    programme: bool = False


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class StepText:
    title: str
    paragraphs: tuple[str, ...]
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class LanguageTexts:
    """One language's texts of the path."""

    code: str
    name: str  # the language's own name, for the switcher
    reviewed: bool  # False: the page says the translation is not yet reviewed
    labels: dict[str, str]
    steps: dict[str, StepText]
    file: str

    @property
    def dir(self) -> str:
        return languages.direction(self.code)

    def label(self, key: str, **values: str) -> str:
        text = self.labels[key]
        return text.format(**values) if values else text


def _fail(file: str, key: str, problem: str) -> PathTextError:
    return PathTextError(f"{file}: {key}: {problem}")


def _strings(value: Any, file: str, key: str, allowed: set[str] | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(file, key, "must be a list of non-empty texts")
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise _fail(file, key, f"unknown values {unknown}; known: {sorted(allowed)}")
    return tuple(value)


def parse_rules(raw: dict[str, Any], file: str = STEPS_FILE.name) -> tuple[StepRule, ...]:
    """Validate the steps' structure (as read from TOML)."""
    steps = raw.get("step")
    if not isinstance(steps, list) or not steps:
        raise _fail(file, "step", "no [[step]] entries")
    known = {
        "key",
        "owners",
        "element",
        "schedule",
        "exclude_schedule",
        "programme",
    }
    rules: list[StepRule] = []
    seen: set[str] = set()
    programme_elements: set[str] = set()
    for i, step in enumerate(steps, start=1):
        key = step.get("key")
        where = f"step {key}" if isinstance(key, str) and key else f"step #{i}"
        if not isinstance(key, str) or not re.fullmatch(r"[a-z_]+", key):
            raise _fail(file, where, "key must be lower-case letters and underscores")
        if key in seen:
            raise _fail(file, where, "key is repeated")
        seen.add(key)
        extra = sorted(set(step) - known)
        if extra:
            raise _fail(file, where, f"unknown fields {extra}")
        element = step.get("element", "")
        if element and element not in ProgrammeElement.values:
            raise _fail(file, f"{where}.element", f"unknown programme element {element!r}")
        owners = _strings(step.get("owners", []), file, f"{where}.owners")
        if not element and not owners:
            raise _fail(file, where, "needs an element or owners (which entries it lists)")
        schedules = set(ScheduleKind.values)
        programme = step.get("programme", False)
        if not isinstance(programme, bool):
            raise _fail(file, f"{where}.programme", "must be true or false")
        if programme:
            if not element:
                raise _fail(file, f"{where}.programme", "needs an element")
            if element in programme_elements:
                raise _fail(file, f"{where}.programme", f"element {element} is already shown")
            programme_elements.add(element)
        rules.append(
            StepRule(
                key=key,
                owners=owners,
                element=element,
                schedule=_strings(step.get("schedule", []), file, f"{where}.schedule", schedules),
                exclude_schedule=_strings(
                    step.get("exclude_schedule", []), file, f"{where}.exclude_schedule", schedules
                ),
                programme=programme,
            )
        )
    return tuple(rules)


def _text(value: Any, file: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, key, "missing or empty text")
    return value.strip()


def _placeholders(text: str, file: str, key: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError as exc:
        raise _fail(file, key, f"broken placeholder ({exc}); write {{{{ for a brace") from exc


def parse_language(raw: dict[str, Any], file: str, rules: tuple[StepRule, ...]) -> LanguageTexts:
    """Validate one language file (as read from TOML) against the steps' structure."""
    code = Path(file).stem
    if raw.get("language") != code:
        raise _fail(file, "language", f"must be {code!r}, the file's name")
    if not languages.is_valid_code(code):
        raise _fail(file, "language", f"{code!r} is not a known ISO 639 language code")
    name = _text(raw.get("name"), file, "name")
    reviewed = raw.get("reviewed")
    if not isinstance(reviewed, bool):
        raise _fail(file, "reviewed", "must be true or false")
    raw_labels = raw.get("labels")
    if not isinstance(raw_labels, dict):
        raise _fail(file, "labels", "the [labels] table is missing")
    labels: dict[str, str] = {}
    for key, needed in LABELS.items():
        text = _text(raw_labels.get(key), file, f"labels.{key}")
        used = _placeholders(text, file, f"labels.{key}")
        if used != needed:
            want = ", ".join(f"{{{n}}}" for n in sorted(needed)) or "no placeholders"
            raise _fail(file, f"labels.{key}", f"must use {want}, uses {sorted(used)}")
        labels[key] = text
    extra = sorted(set(raw_labels) - set(LABELS))
    if extra:
        raise _fail(file, "labels", f"unknown labels {extra}")
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, dict):
        raise _fail(file, "steps", "the [steps.<key>] tables are missing")
    keys = [rule.key for rule in rules]
    unknown = sorted(set(raw_steps) - set(keys))
    if unknown:
        raise _fail(file, "steps", f"unknown steps {unknown}; the steps are {keys}")
    steps: dict[str, StepText] = {}
    for key in keys:
        step = raw_steps.get(key)
        if not isinstance(step, dict):
            raise _fail(file, f"steps.{key}", "missing")
        title = _text(step.get("title"), file, f"steps.{key}.title")
        body = _text(step.get("body"), file, f"steps.{key}.body")
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", body) if p.strip())
        links = []
        raw_links = step.get("links", [])
        if not isinstance(raw_links, list):
            raise _fail(file, f"steps.{key}.links", "must be a list of {text, url}")
        for n, link in enumerate(raw_links, start=1):
            where = f"steps.{key}.links[{n}]"
            if not isinstance(link, dict):
                raise _fail(file, where, "must be {text, url}")
            url = _text(link.get("url"), file, f"{where}.url")
            if not url.startswith("https://"):
                raise _fail(file, f"{where}.url", "must be an https:// address")
            links.append(Link(_text(link.get("text"), file, f"{where}.text"), url))
        steps[key] = StepText(title, paragraphs, tuple(links))
    return LanguageTexts(code, name, reviewed, labels, steps, file)


def _read(path: Path, file: str) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise PathTextError(f"{file}: not valid TOML: {exc}") from exc


def load(data: Path = DATA) -> tuple[tuple[StepRule, ...], dict[str, LanguageTexts]]:
    """Read and validate the steps and every language file under `data`."""
    steps_file = data / STEPS_FILE.name
    rules = parse_rules(_read(steps_file, steps_file.name), steps_file.name)
    found: dict[str, LanguageTexts] = {}
    for path in sorted((data / TEXTS_DIR.name).glob("*.toml")):
        file = f"{TEXTS_DIR.name}/{path.name}"
        if not LANG_FILE.match(path.stem):
            raise PathTextError(f"{file}: the file name must be a language code (fi.toml)")
        found[path.stem] = parse_language(_read(path, file), file, rules)
    if "fi" not in found:
        raise PathTextError(f"{TEXTS_DIR.name}/fi.toml: missing (plain Finnish is required)")
    order = [c for c in FIRST if c in found] + sorted(set(found) - set(FIRST))
    return rules, {code: found[code] for code in order}


@cache
def loaded() -> tuple[tuple[StepRule, ...], dict[str, LanguageTexts]]:
    """The path's texts, read once per process."""
    return load()


def step_rules() -> tuple[StepRule, ...]:
    return loaded()[0]


def available() -> dict[str, LanguageTexts]:
    """The languages that have texts, fi first (the switcher's order)."""
    return loaded()[1]
