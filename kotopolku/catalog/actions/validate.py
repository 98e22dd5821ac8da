"""Checking an entry's data before anything is written.

`clean_service_data` turns the `data` mapping of the actions (typed values from forms and
the API, or the JSON strings a stored revision holds) into typed values, and raises
`InvalidError` naming every bad field. `to_json` turns clean values back into what a
`ServiceRevision` stores. Decisions documented here:

- Municipalities: every code must exist in `orgs.Municipality` and be served by the owner;
  an owner that serves no municipality at all (a national actor, an imported provider whose
  area is not recorded) may name any existing code. An entry that names none (new, or
  changed to none: the form's "none chosen") gets the owner's served municipalities, so
  that it stays in the municipality filters and the coverage.
- An authority's role (`kind = authority_role`) sits in the authorities' column
  (`tray_category = authority`) and the other way round: a missing one of the pair follows
  the other; a contradicting pair is refused.
- Texts: `{language code: text}` with valid codes (`core.languages.is_valid_code`); empty
  translations are dropped; the name needs at least one language.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from kotopolku.catalog.models import (
    TEXT_FIELDS,
    Place,
    ProgrammeElement,
    ScheduleKind,
    Service,
    TargetGroup,
    TrayCategory,
)
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.core.languages import is_valid_code
from kotopolku.core.translated import clean
from kotopolku.orgs.models import Municipality, Organisation

__all__ = ["InvalidError", "clean_service_data", "to_json"]

# The plain (non-text) fields of an entry the actions write.
PLAIN_FIELDS = (
    "kind",
    "programme_element",
    "tray_category",
    "target_groups",
    "languages",
    "municipality_codes",
    "schedule_kind",
    "starts_on",
    "ends_on",
    "price_eur",
    "contact_role",
    "contact_email",
    "contact_phone",
    "url",
)
SERVICE_FIELDS = (*TEXT_FIELDS, *PLAIN_FIELDS)
# What the change log and revisions carry besides the fields: the times and the places.
# `source` and `external_id` name an imported entry's origin (the importer sets them).
ALL_KEYS = frozenset((*SERVICE_FIELDS, "times", "places", "source", "external_id"))
TEXT_MAX = {"name": 300, "summary": 1000}
TEXT_DEFAULT_MAX = 10000
PHONE_CHARS = frozenset("0123456789+-() ")
PRICE_MAX = decimal.Decimal("999999.99")
EMAIL_MAX = 254  # the column's length (Django's EmailField)

CHOICES: dict[str, tuple[str, ...]] = {
    "kind": tuple(Service.Kind.values),
    "programme_element": tuple(ProgrammeElement.values),
    "tray_category": tuple(TrayCategory.values),
    "schedule_kind": tuple(ScheduleKind.values),
}


def _choice_message(choices: tuple[str, ...]) -> str:
    return f"Choose one of: {', '.join(choices)}."


def _texts(errors: Errors, name: str, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        errors.add(name, "Give the text as {language code: text}.")
        return {}
    found: dict[str, str] = {}
    for code, text in value.items():
        if not isinstance(text, str):
            errors.add(name, f"The {code} text is not text.")
            continue
        if not is_valid_code(str(code)):
            errors.add(name, f"Unknown language code {code!r}: use an ISO 639 code such as fi.")
            continue
        found[str(code)] = text
    cleaned = clean(found)
    limit = TEXT_MAX.get(name, TEXT_DEFAULT_MAX)
    for code, text in cleaned.items():
        if len(text) > limit:
            errors.add(name, f"The {code} text is longer than {limit} characters.")
    return cleaned


def _list(errors: Errors, name: str, value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        errors.add(name, "Give a list.")
        return None
    return [str(v).strip() for v in value if str(v).strip()]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _date(errors: Errors, name: str, value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.add(name, "Give a date as YYYY-MM-DD.")
        return None


def _time(errors: Errors, name: str, value: Any) -> datetime.time | None:
    if isinstance(value, datetime.time):
        return value.replace(tzinfo=None)
    try:
        found = datetime.time.fromisoformat(str(value))
    except ValueError:
        errors.add(name, "Give a time as HH:MM.")
        return None
    if found.tzinfo is not None:
        errors.add(name, "Give the local time in Finland as HH:MM, without a UTC offset.")
        return None
    return found


def _price(errors: Errors, value: Any) -> decimal.Decimal | None:
    if value in (None, ""):
        return None
    try:
        price = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        errors.add("price_eur", "Give the price in euros, e.g. 12.50.")
        return None
    if not price.is_finite() or not 0 <= price < decimal.Decimal("1000000"):
        errors.add("price_eur", "The price must be between 0 and 999999.99 euros.")
        return None
    # rounded first, then checked: 999999.995 rounds to 1000000.00, which the column
    # (8 digits) cannot hold
    price = price.quantize(decimal.Decimal("0.01"))
    if price > PRICE_MAX:
        errors.add("price_eur", "The price must be between 0 and 999999.99 euros.")
        return None
    return price


def _municipalities(errors: Errors, owner: Organisation, codes: list[str]) -> list[str]:
    codes = _unique(codes)
    known = set(Municipality.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        errors.add("municipality_codes", f"Unknown municipality code(s): {', '.join(unknown)}.")
        return codes
    served = set(owner.serves.values_list("code", flat=True))
    outside = [c for c in codes if served and c not in served]
    if outside:
        errors.add(
            "municipality_codes",
            f"The organisation does not serve municipality {', '.join(outside)}.",
        )
    return codes


def _times(errors: Errors, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        errors.add("times", "Give a list of times.")
        return []
    found: list[dict[str, Any]] = []
    for index, row in enumerate(value):
        name = f"times[{index}]"
        if not isinstance(row, Mapping):
            errors.add(name, "Give weekday or date, starts_at and ends_at.")
            continue
        weekday = row.get("weekday")
        if weekday in ("", None):
            weekday = None
        else:
            try:
                weekday = int(weekday)
            except (TypeError, ValueError):
                weekday = -1
            if not 0 <= weekday <= 6:
                errors.add(f"{name}.weekday", "Give the weekday as 0 (Monday) to 6 (Sunday).")
        day = _date(errors, f"{name}.date", row.get("date"))
        if weekday is None and day is None:
            errors.add(name, "Give a weekday or a date.")
        starts = _time(errors, f"{name}.starts_at", row.get("starts_at"))
        ends = _time(errors, f"{name}.ends_at", row.get("ends_at"))
        if starts is not None and ends is not None and ends <= starts:
            errors.add(f"{name}.ends_at", "The end time must be after the start time.")
        found.append({"weekday": weekday, "date": day, "starts_at": starts, "ends_at": ends})
    return found


def _places(errors: Errors, owner: Organisation, value: Any) -> list[Place]:
    ids = _list(errors, "places", value)
    if not ids:
        return []
    parsed: list[uuid.UUID] = []
    for raw in ids:
        try:
            parsed.append(uuid.UUID(raw))
        except ValueError:
            errors.add("places", f"{raw!r} is not a place id.")
    found = {p.pk: p for p in Place.objects.filter(pk__in=parsed, owner=owner)}
    missing = [str(p) for p in parsed if p not in found]
    if missing:
        errors.add("places", "The organisation has no place with id " + ", ".join(missing) + ".")
    return [found[p] for p in dict.fromkeys(parsed) if p in found]


def _checked_list(
    errors: Errors, name: str, value: Any, valid: Any, message: str
) -> list[str] | None:
    items = _list(errors, name, value)
    if items is None:
        return None
    items = _unique(items)
    bad = [v for v in items if not valid(v)]
    if bad:
        errors.add(name, message % ", ".join(bad))
    return items


def clean_service_data(
    owner: Organisation,
    data: Mapping[str, Any],
    *,
    current: Service | None = None,
) -> dict[str, Any]:
    """The typed values of the keys present in `data`; every bad field raises at once.

    `current` is the entry being changed (None for a new one): the rules that span fields
    (date order, the authority pair, the name) look at its values for keys not given."""
    errors = Errors()
    unknown = sorted(set(data) - ALL_KEYS)
    for name in unknown:
        errors.add(name, "Unknown field.")
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in data:
            values[name] = _texts(errors, name, data[name])
    name_value = values.get("name", current.name if current is not None else {})
    if not name_value and "name" not in errors.errors:
        errors.add("name", "Give the name in at least one language.")
    for name, choices in CHOICES.items():
        if name in data:
            if data[name] not in choices:
                errors.add(name, _choice_message(choices))
            else:
                values[name] = data[name]
    if "target_groups" in data:
        values["target_groups"] = _checked_list(
            errors,
            "target_groups",
            data["target_groups"],
            lambda v: v in TargetGroup.values,
            "Unknown target group(s): %s.",
        )
    if "languages" in data:
        values["languages"] = _checked_list(
            errors,
            "languages",
            data["languages"],
            is_valid_code,
            "Unknown language code(s): %s. Use ISO 639 codes such as fi or ar.",
        )
    if "municipality_codes" in data:
        codes = _list(errors, "municipality_codes", data["municipality_codes"])
        if codes is not None:
            values["municipality_codes"] = _municipalities(errors, owner, codes) or sorted(
                owner.serves.values_list("code", flat=True)
            )
    for name in ("starts_on", "ends_on"):
        if name in data:
            values[name] = _date(errors, name, data[name])
    starts = values.get("starts_on", current.starts_on if current else None)
    ends = values.get("ends_on", current.ends_on if current else None)
    if starts is not None and ends is not None and ends < starts:
        errors.add("ends_on", "This date is before the start date.")
    if "price_eur" in data:
        values["price_eur"] = _price(errors, data["price_eur"])
    _contact(errors, data, values)
    for name, limit in (("source", 20), ("external_id", 200)):
        if name in data:
            values[name] = str(data[name] or "").strip()
            if len(values[name]) > limit:
                errors.add(name, f"At most {limit} characters.")
    if "times" in data:
        values["times"] = _times(errors, data["times"])
    if "places" in data:
        values["places"] = _places(errors, owner, data["places"])
    _authority_pair(errors, data, values, current)
    errors.raise_if_any()
    return values


def _contact(errors: Errors, data: Mapping[str, Any], values: dict[str, Any]) -> None:
    if "contact_role" in data:
        role = str(data["contact_role"] or "").strip()
        if len(role) > 200:
            errors.add("contact_role", "At most 200 characters.")
        values["contact_role"] = role
    if "contact_email" in data:
        email = str(data["contact_email"] or "").strip()
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                errors.add("contact_email", "Give a valid e-mail address.")
            if len(email) > EMAIL_MAX:
                errors.add("contact_email", f"At most {EMAIL_MAX} characters.")
        values["contact_email"] = email
    if "contact_phone" in data:
        phone = str(data["contact_phone"] or "").strip()
        if len(phone) > 40 or not set(phone) <= PHONE_CHARS:
            errors.add("contact_phone", "Give a telephone number: digits, spaces, + - ( ).")
        values["contact_phone"] = phone
    if "url" in data:
        url = str(data["url"] or "").strip()
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors.add("url", "Give a web address starting with https:// or http://.")
            if len(url) > 500:
                errors.add("url", "At most 500 characters.")
        values["url"] = url


def _authority_pair(
    errors: Errors, data: Mapping[str, Any], values: dict[str, Any], current: Service | None
) -> None:
    if "kind" in errors.errors or "tray_category" in errors.errors:
        return
    role = Service.Kind.AUTHORITY_ROLE
    column = TrayCategory.AUTHORITY
    if "kind" in values and "tray_category" not in values and values["kind"] == role:
        values["tray_category"] = column
    if "tray_category" in values and "kind" not in values and values["tray_category"] == column:
        values["kind"] = role
    kind = values.get("kind", current.kind if current else Service.Kind.SERVICE)
    category = values.get("tray_category", current.tray_category if current else "open")
    if (kind == role) != (category == column):
        name = "tray_category" if "tray_category" in data else "kind"
        errors.add(
            name,
            "An authority's role belongs to the authorities' column, and only it does.",
        )


def to_json(values: Mapping[str, Any]) -> dict[str, Any]:
    """Clean values as a revision stores them (dates, times and decimals as text)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name == "places":
            out[name] = [str(p.pk) for p in value]
        elif name == "times":
            out[name] = [
                {
                    "weekday": t["weekday"],
                    "date": t["date"].isoformat() if t["date"] else None,
                    "starts_at": t["starts_at"].strftime("%H:%M"),
                    "ends_at": t["ends_at"].strftime("%H:%M"),
                }
                for t in value
            ]
        elif isinstance(value, datetime.date):
            out[name] = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out
