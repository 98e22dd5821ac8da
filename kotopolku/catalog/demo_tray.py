"""The tray's demo content, read from the TOML files in `demo_data/` and checked on load.

`actors.toml` holds the actors of the seeds that `orgs.demo` does not create and the public
places where services are given; `roles.toml` each authority's role as an entry of its own;
`kokkola.toml`, `kokkola_partners.toml`, `joensuu.toml` and `joensuu_partners.toml` each
area's services. `catalog.demo.load` writes them through the organisation and catalogue
actions. The format is described in `demo_data/README.md`.

Texts are written as `field.lang = "text"` lines so that the content reads as it will be shown.
People appear only as role titles; telephone numbers use the fictional 555 range and e-mail
addresses the reserved `.example` domain. The overlaps and gaps the data plants for the coverage
views are listed (and tested) in tests/catalog/demo_expectations.py.

Every file is checked as it is read: an unknown or missing key, a value of the wrong type, or
an unknown code (programme element, tray column, target group, language, municipality, place,
contact or shared text) raises `DemoDataError` naming the file, the entry and the field.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kotopolku.core.datafile import (
    DataFileError,
    Where,
    check_keys,
    is_language,
    named_tables,
    read_toml,
    string,
    string_list,
    table_array,
    translations,
    type_name,
    whole_number,
)
from kotopolku.orgs.demo import AREAS, area_codes

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
ACTORS_FILE = "actors.toml"
# The entry files in the order the tray is written: the authorities' roles first.
ENTRY_FILES = (
    "roles.toml",
    "kokkola.toml",
    "kokkola_partners.toml",
    "joensuu.toml",
    "joensuu_partners.toml",
)

DEFAULT_UNIT: tuple[str, dict[str, str]] = (
    "toiminta",
    {"fi": "Toiminta", "sv": "Verksamhet", "en": "Activities"},
)


# A demo data file that cannot be used; the message names the file, the entry and the field.
DemoDataError = DataFileError


@dataclass(frozen=True)
class Slot:
    """A weekly time (weekday 0 = Monday) or a one-off date `in_days` from the load day."""

    starts_at: str
    ends_at: str
    weekday: int | None = None
    in_days: int | None = None


@dataclass(frozen=True)
class Contact:
    role: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Entry:
    """One entry of the tray; `texts` is `{field: {language: text}}`."""

    owner: str
    texts: dict[str, dict[str, str]]
    element: str
    category: str
    targets: tuple[str, ...]
    languages: tuple[str, ...]
    municipalities: tuple[str, ...]
    schedule: str
    times: tuple[Slot, ...] = ()
    places: tuple[str, ...] = ()
    contact: Contact | None = None
    price: str | None = None
    # Course dates relative to the load day.
    starts_in_days: int | None = None
    ends_in_days: int | None = None
    kind: str = "service"
    status: str = "published"
    # Days since the owner last confirmed the entry (None: confirmed on the load day).
    reviewed_days_ago: int | None = None
    # A change the owner proposes after publication (waits for the coordinator).
    proposal: dict[str, dict[str, str]] = field(default_factory=dict)
    proposal_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoOrg:
    """An actor of the seeds that `orgs.demo` does not create."""

    slug: str
    kind: str
    name: dict[str, str]
    serves: tuple[str, ...]
    unit: tuple[str, dict[str, str]] = DEFAULT_UNIT


@dataclass(frozen=True)
class DemoPlace:
    """A public building where services are given; `key` is `owner-slug:name`."""

    key: str
    name: dict[str, str]
    street_address: str
    postal_code: str
    post_office: str
    municipality_code: str
    accessibility: dict[str, str]


# ---------------------------------------------------------------------------------------------
# Reading and checking


def _choices() -> dict[str, frozenset[str]]:
    from kotopolku.catalog.models import (
        TEXT_FIELDS,
        ProgrammeElement,
        ScheduleKind,
        Service,
        TargetGroup,
        TrayCategory,
    )
    from kotopolku.orgs.models import Organisation

    return {
        "element": frozenset(ProgrammeElement.values),
        "category": frozenset(TrayCategory.values),
        "targets": frozenset(TargetGroup.values),
        "schedule": frozenset(ScheduleKind.values),
        "kind": frozenset(Service.Kind.values),
        "status": frozenset(Service.Status.values),
        "org_kind": frozenset(Organisation.Kind.values),
        "text_fields": frozenset(TEXT_FIELDS),
    }


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_PRICE = re.compile(r"^\d+(\.\d{1,2})?$")


def _texts(
    where: Where, table: Mapping[str, Any], text_fields: frozenset[str], prefix: str = ""
) -> dict[str, dict[str, str]]:
    return {
        name: translations(where, prefix + name, value)
        for name, value in table.items()
        if name in text_fields
    }


# ---------------------------------------------------------------------------------------------
# Entry files

_ENTRY_REQUIRED = (
    "owner",
    "element",
    "category",
    "targets",
    "languages",
    "municipalities",
    "schedule",
)
_ENTRY_OPTIONAL = (
    "use",
    "times",
    "places",
    "contact",
    "price",
    "starts_in_days",
    "ends_in_days",
    "kind",
    "status",
    "reviewed_days_ago",
    "proposal",
)
DAYS = 3660


def _contact(where: Where, key: str, value: Any) -> Contact:
    if not isinstance(value, dict):
        raise where.error(key, f"expected a contact table, got {type_name(value)}")
    sub = where.at(f"{where.entry} {key}".strip())
    check_keys(sub, value, ("role",), ("email", "phone"))
    return Contact(
        string(sub, value, "role"), string(sub, value, "email", ""), string(sub, value, "phone", "")
    )


def _slot(where: Where, index: int, value: Any) -> Slot:
    key = f"times[{index}]"
    if not isinstance(value, dict):
        raise where.error(key, f"expected a table, got {type_name(value)}")
    sub = where.at(f"{where.entry} {key}")
    check_keys(sub, value, ("starts_at", "ends_at"), ("weekday", "in_days"))
    starts, ends = string(sub, value, "starts_at"), string(sub, value, "ends_at")
    for name, time in (("starts_at", starts), ("ends_at", ends)):
        if not _TIME.match(time):
            raise sub.error(name, f"{time!r} is not a time HH:MM")
    if ends <= starts:
        raise sub.error("ends_at", "must be after starts_at")
    weekday = whole_number(sub, value, "weekday", 0, 6)
    in_days = whole_number(sub, value, "in_days", 0, DAYS)
    if (weekday is None) == (in_days is None):
        raise sub.error("weekday", "give either weekday (0 = Monday) or in_days, not both")
    return Slot(starts, ends, weekday=weekday, in_days=in_days)


def _entry_name(table: Mapping[str, Any], index: int) -> str:
    name = table.get("name")
    fi = name.get("fi") if isinstance(name, dict) else None
    return f"entry {index + 1}" + (f" ({fi!r})" if isinstance(fi, str) else "")


def _entry(
    where: Where,
    table: dict[str, Any],
    contacts: Mapping[str, Contact],
    shared: Mapping[str, dict[str, dict[str, str]]],
    choices: Mapping[str, frozenset[str]],
) -> Entry:
    text_fields = choices["text_fields"]
    check_keys(where, table, _ENTRY_REQUIRED, (*_ENTRY_OPTIONAL, *text_fields))
    texts = _texts(where, table, text_fields)
    for name in string_list(where, table, "use", required=False):
        if name not in shared:
            raise where.error("use", f"unknown shared text {name!r} (see [texts])")
        for text_field, by_language in shared[name].items():
            texts.setdefault(text_field, {}).update(by_language)
    if "fi" not in texts.get("name", {}):
        raise where.error("name.fi", "missing (the Finnish name identifies the entry)")

    def choice(key: str, default: str | None = None) -> str:
        value = string(where, table, key, default)
        if value not in choices[key]:
            raise where.error(
                key, f"unknown code {value!r} (known: {', '.join(sorted(choices[key]))})"
            )
        return value

    contact: Contact | None = None
    if "contact" in table:
        value = table["contact"]
        if isinstance(value, str):
            if value not in contacts:
                raise where.error("contact", f"unknown contact {value!r} (see [contacts])")
            contact = contacts[value]
        else:
            contact = _contact(where, "contact", value)
    price = table.get("price")
    if price is not None and (not isinstance(price, str) or not _PRICE.match(price)):
        raise where.error("price", f'expected euros as a string like "5.50", got {price!r}')
    raw_times = table.get("times", [])
    if not isinstance(raw_times, list):
        raise where.error("times", f"expected an array of tables, got {type_name(raw_times)}")
    proposal: dict[str, dict[str, str]] = {}
    proposal_languages: tuple[str, ...] = ()
    if "proposal" in table:
        raw = table["proposal"]
        if not isinstance(raw, dict) or not raw:
            raise where.error("proposal", f"expected a table, got {type_name(raw)}")
        check_keys(where.at(f"{where.entry} proposal"), raw, (), ("languages", *text_fields))
        proposal = _texts(where, raw, text_fields, prefix="proposal.")
        if "languages" in raw:
            proposal_languages = string_list(where, raw, "languages", is_language)
    return Entry(
        owner=string(where, table, "owner"),
        texts=texts,
        element=choice("element"),
        category=choice("category"),
        targets=string_list(where, table, "targets", choices["targets"].__contains__),
        languages=string_list(where, table, "languages", is_language),
        municipalities=area_codes(where, table, "municipalities"),
        schedule=choice("schedule"),
        times=tuple(_slot(where, i, v) for i, v in enumerate(raw_times)),
        places=string_list(where, table, "places", required=False),
        contact=contact,
        price=price,
        starts_in_days=whole_number(where, table, "starts_in_days", 0, DAYS),
        ends_in_days=whole_number(where, table, "ends_in_days", 0, DAYS),
        kind=choice("kind", "service"),
        status=choice("status", "published"),
        reviewed_days_ago=whole_number(where, table, "reviewed_days_ago", 0, DAYS),
        proposal=proposal,
        proposal_languages=proposal_languages,
    )


def read_entries(path: Path, place_keys: Iterable[str] | None = None) -> tuple[Entry, ...]:
    """The entries of one file, checked; `place_keys` are the places entries may name."""
    where = Where(path)
    data = read_toml(path)
    check_keys(where, data, ("entries",), ("contacts", "texts"))
    choices = _choices()
    contacts = {
        name: _contact(where, f"contacts.{name}", value)
        for name, value in named_tables(where, data, "contacts").items()
    }
    shared: dict[str, dict[str, dict[str, str]]] = {}
    for name, value in named_tables(where, data, "texts").items():
        at = where.at(f"texts.{name}")
        check_keys(at, value, (), choices["text_fields"])
        shared[name] = _texts(at, value, choices["text_fields"])
    known_places = set(place_keys) if place_keys is not None else None
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, table in enumerate(table_array(where, data, "entries")):
        at = where.at(_entry_name(table, index))
        entry = _entry(at, table, contacts, shared, choices)
        for key in entry.places:
            if not key.startswith(entry.owner + ":"):
                raise at.error("places", f"{key!r} is not a place of the owner {entry.owner!r}")
            if known_places is not None and key not in known_places:
                raise at.error("places", f"unknown place {key!r} (see {ACTORS_FILE})")
        identity = f"{entry.owner}:{entry.texts['name']['fi']}"
        if identity in seen:
            raise at.error("name.fi", "the same owner has another entry of this name")
        seen.add(identity)
        entries.append(entry)
    return tuple(entries)


# ---------------------------------------------------------------------------------------------
# The actors file


def _org(where: Where, table: dict[str, Any], choices: Mapping[str, frozenset[str]]) -> DemoOrg:
    check_keys(where, table, ("slug", "kind", "name", "serves"), ("unit",))
    kind = string(where, table, "kind")
    if kind not in choices["org_kind"]:
        raise where.error("kind", f"unknown organisation kind {kind!r}")
    unit = DEFAULT_UNIT
    if "unit" in table:
        raw = table["unit"]
        if not isinstance(raw, dict):
            raise where.error("unit", f"expected a table, got {type_name(raw)}")
        check_keys(where, raw, ("slug", "name"), ())
        unit = (string(where, raw, "slug"), translations(where, "unit.name", raw["name"]))
    return DemoOrg(
        slug=string(where, table, "slug"),
        kind=kind,
        name=translations(where, "name", table["name"]),
        serves=area_codes(where, table, "serves"),
        unit=unit,
    )


def _place(
    where: Where, table: dict[str, Any], accessibility: Mapping[str, dict[str, str]]
) -> DemoPlace:
    check_keys(
        where,
        table,
        ("key", "name", "postal_code", "post_office", "municipality_code", "accessibility"),
        ("street_address",),
    )
    key = string(where, table, "key")
    if key.count(":") != 1 or not all(key.split(":")):
        raise where.error("key", f"{key!r} is not owner-slug:name")
    code = string(where, table, "municipality_code")
    if code not in AREAS["all"]:
        raise where.error("municipality_code", f"unknown code {code!r}")
    postal_code = string(where, table, "postal_code")
    if not re.fullmatch(r"\d{5}", postal_code):
        raise where.error("postal_code", f"{postal_code!r} is not five digits")
    raw = table["accessibility"]
    if isinstance(raw, str):
        if raw not in accessibility:
            raise where.error("accessibility", f"unknown shared note {raw!r} (see [accessibility])")
        notes = accessibility[raw]
    else:
        notes = translations(where, "accessibility", raw)
    return DemoPlace(
        key=key,
        name=translations(where, "name", table["name"]),
        street_address=string(where, table, "street_address", ""),
        postal_code=postal_code,
        post_office=string(where, table, "post_office"),
        municipality_code=code,
        accessibility=notes,
    )


def read_actors(path: Path) -> tuple[tuple[DemoOrg, ...], tuple[DemoPlace, ...]]:
    """The organisations and places of the actors file, checked."""
    where = Where(path)
    data = read_toml(path)
    check_keys(where, data, ("organisations", "places"), ("accessibility",))
    choices = _choices()
    shared = {
        name: translations(where, f"accessibility.{name}", value)
        for name, value in named_tables(where, data, "accessibility").items()
    }
    orgs = tuple(
        _org(where.at(f"organisation {i + 1} ({t.get('slug')!r})"), t, choices)
        for i, t in enumerate(table_array(where, data, "organisations"))
    )
    places = tuple(
        _place(where.at(f"place {i + 1} ({t.get('key')!r})"), t, shared)
        for i, t in enumerate(table_array(where, data, "places"))
    )
    for label, keys in (("slug", [o.slug for o in orgs]), ("key", [p.key for p in places])):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise where.error(label, f"{twice[0]!r} appears twice")
    return orgs, places


# ---------------------------------------------------------------------------------------------
# The tray


@functools.cache
def actors() -> tuple[tuple[DemoOrg, ...], tuple[DemoPlace, ...]]:
    return read_actors(DATA_DIR / ACTORS_FILE)


def organisations() -> tuple[DemoOrg, ...]:
    return actors()[0]


def places() -> tuple[DemoPlace, ...]:
    return actors()[1]


@functools.cache
def entries_by_file() -> dict[str, tuple[Entry, ...]]:
    """Each entry file's entries, in the order of `ENTRY_FILES`."""
    keys = [p.key for p in places()]
    return {name: read_entries(DATA_DIR / name, keys) for name in ENTRY_FILES}


def all_entries() -> tuple[Entry, ...]:
    """Every demo entry: the authorities' roles first, then each area's services."""
    return tuple(e for entries in entries_by_file().values() for e in entries)
