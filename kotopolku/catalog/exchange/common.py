"""What every format's reader produces: an `Entry` (one catalogue entry, checked) or the
problems of one record, named by field. Shared helpers for texts, codes and contacts."""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from kotopolku.catalog.models import (
    SOURCE_TEXT_FIELDS,
    TEXT_FIELDS,
    ProgrammeElement,
    ScheduleKind,
    Service,
    TargetGroup,
    TrayCategory,
)
from kotopolku.core import languages

# Characters the sources leave in values by accident (zero-width space, BOM, no-break space).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff]")
_PHONE = re.compile(r"\+?\d[\d ()\-/]{4,}\d")
MAX_TEXT = 20_000  # characters in one language of one text field


class FormatError(ValueError):
    """The file as a whole cannot be read: unknown format, broken or truncated JSON, ..."""


class RecordError(ValueError):
    """One record was refused: `problems` lists (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))
        self.problems = problems


@dataclass(frozen=True)
class PlaceData:
    name: tuple[tuple[str, str], ...] = ()  # translated name as sorted (lang, text) pairs
    street_address: str = ""
    postal_code: str = ""
    post_office: str = ""
    municipality_code: str = ""
    accessibility: tuple[tuple[str, str], ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    street_translations: tuple[tuple[str, str], ...] = ()  # the street in other languages
    country: str = "FI"
    state_province: str = ""
    key: str = ""  # the source's id of the location: one place for every entry at it


@dataclass(frozen=True)
class TimeData:
    weekday: int | None
    date: datetime.date | None
    starts_at: datetime.time
    ends_at: datetime.time
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


@dataclass(frozen=True)
class OrgRef:
    """The source's provider organisation, for finding or creating an owner."""

    key: str  # the source's id of the organisation (or its name when it has none)
    name: tuple[tuple[str, str], ...]
    kind: str
    business_id: str = ""
    municipality_codes: tuple[str, ...] = ()
    # kept in catalog.ProviderRecord (the organisation model has no fields for them)
    description: tuple[tuple[str, str], ...] = ()
    alternate_name: tuple[tuple[str, str], ...] = ()
    legal_status: str = ""
    identifiers: tuple[tuple[str, str, str], ...] = ()  # (scheme, type, identifier)
    email: str = ""
    website: str = ""
    has_id: bool = True  # False when `key` is only the name


@dataclass
class Entry:
    """One catalogue entry as read from a source, before it meets the database."""

    external_id: str
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {lang: text}
    kind: str = Service.Kind.SERVICE
    programme_element: str = ProgrammeElement.OTHER
    tray_category: str = TrayCategory.OPEN
    target_groups: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    municipality_codes: list[str] = field(default_factory=list)
    schedule_kind: str = ScheduleKind.APPOINTMENT
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    price_eur: decimal.Decimal | None = None
    contact_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    url: str = ""
    # kept from the sources (models.SOURCE_PLAIN_FIELDS)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    links: list[dict[str, Any]] = field(default_factory=list)
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_on: datetime.date | None = None
    contact_phone_extension: str = ""
    places: list[PlaceData] = field(default_factory=list)
    times: list[TimeData] = field(default_factory=list)
    org: OrgRef | None = None
    # Single-language sources: the language the texts are in (merged into existing entries).
    single_language: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Rejection:
    index: int  # 0-based position of the record in the file
    record_id: str  # the record's id in the source, when it has one
    field: str
    message: str

    def __str__(self) -> str:
        who = f"record {self.index}" + (f" (id {self.record_id})" if self.record_id else "")
        return f"{who}: {self.field}: {self.message}"


# --- small readers -------------------------------------------------------------------------


def clean(value: Any) -> str:
    """A source string without invisible characters and surrounding space ("" for None).

    Numbers (ids, postal codes) are written as text; a list, an object or true/false where
    text belongs refuses the record (it was stored as "['a', 'b']" before)."""
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        kind = "true/false" if isinstance(value, bool) else type(value).__name__
        raise RecordError([("record", f"Expected text, got {kind}: {_preview(value)}.")])
    if not isinstance(value, str):
        value = str(value)
    return _INVISIBLE.sub("", value).replace("\u00a0", " ").strip()


def _preview(value: Any) -> str:
    text = repr(value) if not isinstance(value, list | dict) else type(value).__name__
    return text[:40]


def pairs(text: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in text.items() if v))


def first_phone(value: Any) -> str:
    """The first telephone number of a source value ("Puh. 09 123 4567 tai 040 ...")."""
    text = clean(value)
    found = _PHONE.search(text)
    return re.sub(r"\s+", " ", found.group(0)).strip() if found else ""


def add_line(entry: Entry, name: str, lang: str, value: Any, label: str = "") -> None:
    """Append a line to a text field in one language ("label: value")."""
    text = clean(value)
    if text:
        line = f"{label}: {text}" if label else text
        old = entry.texts.get(name, {}).get(lang, "")
        if line not in old.split("\n"):
            entry.texts.setdefault(name, {})[lang] = f"{old}\n{line}" if old else line


def add_link(entry: Entry, url: Any, name: Any = "", lang: str = "") -> None:
    """Keep a web address (all of them, not only the first), named per language."""
    address = clean(url).replace("\\/", "/")
    if not address:
        return
    for link in entry.links:
        if link["url"] == address:
            if clean(name) and lang:
                link["name"].setdefault(lang, clean(name))
            return
    entry.links.append(
        {"url": address, "name": {lang: clean(name)} if clean(name) and lang else {}}
    )


def first_valid_url(links: list[dict[str, Any]]) -> str:
    """The first of the links that is a valid web address ("" when none is)."""
    for link in links:
        try:
            _URL(link["url"])
        except ValidationError:
            continue
        if len(link["url"]) <= _MAX_LENGTHS["url"]:
            return str(link["url"])
    return ""


def join_texts(*parts: str) -> str:
    return "\n\n".join(p for p in (clean(p) for p in parts) if p)


def add_text(entry: Entry, name: str, lang: str, value: Any) -> None:
    text = clean(value)
    if text:
        entry.texts.setdefault(name, {})[lang] = text


# --- checks ------------------------------------------------------------------------------------


_EMAIL = EmailValidator()
_URL = URLValidator(schemes=["http", "https"])
_MAX_LENGTHS = {
    "external_id": 200,
    "contact_role": 200,
    "contact_email": 254,
    "contact_phone": 40,
    "url": 500,
}
_PLACE_LENGTHS = {"street_address": 200, "postal_code": 10, "post_office": 100}
PRICE_MAX = decimal.Decimal("999999.99")
TARGET_GROUPS = frozenset(TargetGroup.values)


@dataclass
class Context:
    """What checking a record needs from outside it: the language and the municipalities."""

    lang: str
    municipality_codes: frozenset[str]
    municipality_by_name: dict[str, str]
    aland_codes: frozenset[str] = frozenset()

    def municipality(self, value: Any) -> str | None:
        """A 3-digit code from a code or a Finnish or Swedish name; None when unknown."""
        text = clean(value)
        if text.isdigit() and len(text) <= 3:
            code = text.zfill(3)
            return code if code in self.municipality_codes else None
        return self.municipality_by_name.get(text.casefold())


def load_context(lang: str) -> Context:
    """The municipalities valid today, by code and by name (fi and sv)."""
    from kotopolku.orgs.models import Municipality

    codes: set[str] = set()
    by_name: dict[str, str] = {}
    aland: set[str] = set()
    for m in Municipality.objects.valid_on():
        codes.add(m.code)
        by_name[m.name_fi.casefold()] = m.code
        by_name[m.name_sv.casefold()] = m.code
        if m.is_aland:
            aland.add(m.code)
    return Context(lang, frozenset(codes), by_name, frozenset(aland))


def check_language(code: str) -> bool:
    return languages.is_valid_code(code)


def check_entry(entry: Entry, ctx: Context) -> list[tuple[str, str]]:
    """Every problem of an entry that a source's reader produced, by field."""
    problems: list[tuple[str, str]] = []
    if not entry.external_id:
        problems.append(("id", "Required: the record has no id."))
    elif len(entry.external_id) > _MAX_LENGTHS["external_id"]:
        problems.append(("id", "At most 200 characters."))
    name = entry.texts.get("name", {})
    if not any(v.strip() for v in name.values()):
        problems.append(("name", "Required: the record has no name in any language."))
    for text_field, values in entry.texts.items():
        if text_field not in (*TEXT_FIELDS, *SOURCE_TEXT_FIELDS):
            problems.append((text_field, "Not a text field of an entry."))
            continue
        for lang, text in values.items():
            if not check_language(lang):
                problems.append(
                    (f"{text_field}.{lang}", f"“{lang}” is not a known ISO 639 language code.")
                )
            elif len(text) > MAX_TEXT:
                problems.append((f"{text_field}.{lang}", f"At most {MAX_TEXT} characters."))
    for code in entry.languages:
        if not check_language(code):
            problems.append(("languages", f"“{code}” is not a known ISO 639 language code."))
    for code in entry.municipality_codes:
        if code not in ctx.municipality_codes:
            problems.append(("municipalities", f"“{code}” is not a municipality code in use."))
    for group in entry.target_groups:
        if group not in TARGET_GROUPS:
            problems.append(("target_groups", f"Unknown target group “{group}”."))
    for name_, value in (
        ("contact_role", entry.contact_role),
        ("contact_email", entry.contact_email),
        ("contact_phone", entry.contact_phone),
        ("url", entry.url),
    ):
        if len(value) > _MAX_LENGTHS[name_]:
            problems.append((name_, f"At most {_MAX_LENGTHS[name_]} characters."))
    for name_, value, validator in (
        ("contact_email", entry.contact_email, _EMAIL),
        ("url", entry.url, _URL),
    ):
        if value:
            try:
                validator(value)
            except ValidationError:
                problems.append(
                    (
                        name_,
                        f"“{value}” is not a valid {'e-mail address' if name_ == 'contact_email' else 'web address'}.",
                    )
                )
    for age in ("minimum_age", "maximum_age"):
        value = getattr(entry, age)
        if value is not None and not 0 <= value <= 150:
            problems.append((age, f"Expected an age from 0 to 150, got {value}."))
    for i, link in enumerate(entry.links):
        if len(link["url"]) > 500:
            problems.append((f"links[{i}]", "At most 500 characters."))
    if entry.price_eur is not None and not (0 <= entry.price_eur <= PRICE_MAX):
        problems.append(("price", "Expected a price from 0 to 999999.99 euros."))
    if entry.starts_on and entry.ends_on and entry.ends_on < entry.starts_on:
        problems.append(("ends_on", "The end date is before the start date."))
    for i, place in enumerate(entry.places):
        for attr, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = getattr(place, attr)
            if value is not None and not low <= value <= high:
                problems.append((f"places[{i}].{attr}", f"Expected {low} … {high}, got {value}."))
        for attr, limit in _PLACE_LENGTHS.items():
            if len(getattr(place, attr)) > limit:
                problems.append((f"places[{i}].{attr}", f"At most {limit} characters."))
        for lang, _text in place.name + place.accessibility:
            if not check_language(lang):
                problems.append((f"places[{i}]", f"“{lang}” is not a known language code."))
        if place.municipality_code and place.municipality_code not in ctx.municipality_codes:
            problems.append(
                (
                    f"places[{i}].municipality",
                    f"“{place.municipality_code}” is not a municipality code in use.",
                )
            )
    for i, time in enumerate(entry.times):
        if time.ends_at <= time.starts_at:
            problems.append((f"times[{i}]", "The closing time is not after the opening time."))
        if time.weekday is None and time.date is None:
            problems.append((f"times[{i}]", "Neither a weekday nor a date."))
    return problems


def unique(values: Iterable[str]) -> list[str]:
    """Values in their first order, without repeats or blanks."""
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)
