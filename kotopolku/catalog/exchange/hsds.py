"""Open Referral HSDS 3.0: one service object (the API's `service_full` shape) -> an entry.

HSDS is single-language: a file's texts are in the language of `--lang` (or of the data
package's `meta_table_description`). The tray's own classifications travel as HSDS attributes
whose taxonomy is `kotopolku` (see `KOTOPOLKU_TERMS`); other taxonomies are ignored.
The tabular forms (a data package of CSV files, or a JSON object holding the tables) are
assembled into the same service objects by `kotopolku.catalog.exchange.tabular`.
"""

from __future__ import annotations

import datetime
import decimal
import zoneinfo
from typing import Any

from kotopolku.catalog.exchange.common import (
    Context,
    Entry,
    OrgRef,
    PlaceData,
    RecordError,
    TimeData,
    add_text,
    clean,
    first_phone,
    join_texts,
    unique,
)
from kotopolku.catalog.models import (
    ProgrammeElement,
    ScheduleKind,
    Service,
    TargetGroup,
    TrayCategory,
)
from kotopolku.core import authorities
from kotopolku.core import languages as language_codes
from kotopolku.orgs.models import Organisation

SOURCE = "hsds"
TAXONOMY = "kotopolku"
# Attribute term codes of the `kotopolku` taxonomy and the values each takes.
KOTOPOLKU_TERMS: dict[str, tuple[str, ...] | None] = {
    "kind": tuple(Service.Kind.values),
    "programme_element": tuple(ProgrammeElement.values),
    "tray_category": tuple(TrayCategory.values),
    "target_group": tuple(TargetGroup.values),
    "schedule_kind": tuple(ScheduleKind.values),
    "summary": None,  # free text: the short description (HSDS has no field for it)
    # the language of `name` when the entry has no name in the package's language (the
    # export writes another language's name, as HSDS requires one)
    "name_lang": None,
    "starts_on": None,  # ISO date
    "ends_on": None,
}
# HSDS statuses imported as published entries; the others are skipped (counted).
IMPORTED_STATUSES = ("active", "temporarily closed")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Skip(Exception):  # noqa: N818 (a signal, not an error)
    """The record is valid but not imported (an inactive or defunct service)."""


def matches(first: Any) -> bool:
    """An HSDS document (service, service at location, organization, ...): an object with an
    id and a name or with HSDS's own keys, no Helsinki or PTV keys."""
    if not isinstance(first, dict) or "serviceNames" in first or "fi" in first:
        return False
    return document_type(first) != ""


# Keys only one HSDS 3.0 document type has (schema/*.json), in the order they are tested.
_DOCUMENT_KEYS: tuple[tuple[str, frozenset[str]], ...] = (
    ("api_root", frozenset({"openapi_url"})),
    ("service_at_location", frozenset({"service", "location"})),
    ("service", frozenset({"status", "service_at_locations", "application_process"})),
    ("taxonomy_term", frozenset({"taxonomy_detail", "term_uri", "parent_id", "taxonomy"})),
    ("location", frozenset({"location_type", "addresses", "latitude", "longitude"})),
    (
        "organization",
        frozenset(
            {
                "organization_identifiers",
                "legal_status",
                "programs",
                "locations",
                "year_incorporated",
                "tax_status",
                "website",
                "logo",
            }
        ),
    ),
    ("taxonomy", frozenset({"uri", "version"})),
)
# What Kotopolku does with each document type that is not a service (item 5 of issue 14).
NOT_IMPORTED = {
    "api_root": "the HSDS API's root document (base.json): it holds no data",
    "organization": (
        "an HSDS organization document without services: Kotopolku imports services; an "
        "organisation is imported with its services (organization_full's `services`, or "
        "a service's `organization`)"
    ),
    "location": (
        "an HSDS location document: locations are imported with the services at them "
        "(service_at_locations, or service_at_location documents)"
    ),
    "taxonomy": "an HSDS taxonomy document: the tray's classifications are its own",
    "taxonomy_term": "an HSDS taxonomy_term document: the tray's classifications are its own",
}


def document_type(record: dict[str, Any]) -> str:
    """The HSDS 3.0 document type of an object ("" when none fits)."""
    keys = set(record)
    if keys & {"openapi_url"}:
        return "api_root"
    if {"service", "location"} <= keys:
        return "service_at_location"
    for name, marks in _DOCUMENT_KEYS[2:]:
        if keys & marks:
            return name
    return "service" if {"id", "name"} <= keys else ""


def organisation_services(record: Any) -> Any:
    """An organization document's services, each with the organisation as its own."""
    if not isinstance(record, dict):
        yield record
        return
    organisation = {k: v for k, v in record.items() if k != "services"}
    for service in record.get("services") or []:
        if isinstance(service, dict) and not service.get("organization"):
            service = {**service, "organization": organisation}
        yield service


def from_service_at_location(record: Any) -> Any:
    """A service_at_location document as the service object it links, at that location
    (its schedules, phones and contacts join the service's)."""
    if not isinstance(record, dict) or not isinstance(record.get("service"), dict):
        return record
    service = dict(record["service"])
    link = {k: record.get(k) for k in ("id", "description", "location") if record.get(k)}
    service["service_at_locations"] = [*(service.get("service_at_locations") or []), link]
    for name in ("schedules", "phones", "contacts"):
        extra = record.get(name)
        if isinstance(extra, list) and extra:
            service[name] = [*(service.get(name) or []), *extra]
    return service


def record_id(record: Any) -> str:
    return clean(record.get("id")) if isinstance(record, dict) else ""


def _list(record: dict[str, Any], name: str, problems: list[tuple[str, str]]) -> list[Any]:
    value = record.get(name)
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        problems.append((name, "Expected an array."))
        return []
    return [v for v in value if isinstance(v, dict)]


def organisation_kind(name: str, default: str = Organisation.Kind.NGO) -> str:
    """A sensible kind for an organisation known only by its name (Finnish, Swedish)."""
    low = name.casefold()
    for words, kind in (
        (("hyvinvointialue", "välfärdsområde"), Organisation.Kind.WELLBEING_COUNTY),
        (("seurakunta", "församling"), Organisation.Kind.PARISH),
        (("työllisyysalue", "te-palvelut", "te-toimisto"), Organisation.Kind.EMPLOYMENT_AREA),
        (("kaupunki", "kunta", " stad", "kommun", "city of"), Organisation.Kind.MUNICIPAL_SERVICE),
        (
            ("opisto", "koulu", "kpedu", "yliopisto", "institut"),
            Organisation.Kind.EDUCATION_PROVIDER,
        ),
        (
            (
                "virasto",
                "kela",
                "kansaneläkelaitos",
                # the ELY centres and their successors, the vitality centres (C9)
                *authorities.keywords(),
                "verket",
                "rekisterikeskus",
                "väestötieto",
                "verohallinto",
                "poliisi",
                "maanmittauslaitos",
                "ministeriö",
                "rekisterihallitus",
                "opetushallitus",
                "tulli",
                "valtion ",
            ),
            Organisation.Kind.STATE_AGENCY,
        ),
        (("vastaanottokeskus", "mottagningscentral"), Organisation.Kind.RECEPTION_CENTRE),
    ):
        if any(w in low for w in words):
            return kind
    if low.endswith((" oy", " oyj", " ab", " ltd")):
        return Organisation.Kind.COMPANY
    if low.endswith((" ry", " rf", " r.y.")):
        return Organisation.Kind.NGO
    return default


BUSINESS_ID_TYPES = ("y-tunnus", "business id", "business_id", "fi-yt")


def _org(data: Any, lang: str) -> OrgRef | None:
    if not isinstance(data, dict) or not clean(data.get("name")):
        return None
    name = clean(data.get("name"))
    business_id = ""
    identifiers: list[tuple[str, str, str]] = []
    for ident in data.get("organization_identifiers") or []:
        if not isinstance(ident, dict):
            continue
        scheme, kind = clean(ident.get("identifier_scheme")), clean(ident.get("identifier_type"))
        value = clean(ident.get("identifier"))
        identifiers.append((scheme, kind, value))
        if kind.casefold() in BUSINESS_ID_TYPES or scheme.casefold() == "fi-yt":
            business_id = value[:9]
    kind = organisation_kind(name)
    name_lang = lang
    for attribute in data.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if (
            isinstance(term, dict)
            and clean(term.get("taxonomy")) == TAXONOMY
            and clean(term.get("code")) == "organisation_kind"
            and clean(attribute.get("value")) in Organisation.Kind.values
        ):
            kind = clean(attribute.get("value"))
        if (
            isinstance(term, dict)
            and clean(term.get("taxonomy")) == TAXONOMY
            and clean(term.get("code")) == "name_lang"
            and clean(attribute.get("value"))
        ):
            name_lang = clean(attribute.get("value"))
    description = clean(data.get("description"))
    alternate = clean(data.get("alternate_name"))
    return OrgRef(
        key=clean(data.get("id")) or name,
        name=((name_lang, name),),
        kind=kind,
        business_id=business_id,
        description=((lang, description),) if description else (),
        alternate_name=((lang, alternate),) if alternate else (),
        legal_status=clean(data.get("legal_status"))[:200],
        identifiers=tuple(identifiers),
        email=clean(data.get("email"))[:254],
        website=clean(data.get("website"))[:500],
        has_id=bool(clean(data.get("id"))),
    )


def _number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


FINLAND = zoneinfo.ZoneInfo("Europe/Helsinki")
FINNISH_OFFSETS = (datetime.timedelta(hours=2), datetime.timedelta(hours=3))


def _time(value: Any, zone: Any = None, day: datetime.date | None = None) -> datetime.time | None:
    """A local time in Finland from HSDS's `time`: HH:MM[:SS] with an optional UTC offset
    (or the schedule's `timezone`, hours from UTC). A Finnish offset (+02:00, +03:00) is the
    local time as written; another offset (or Z) is converted to Finnish time on `day`."""
    text = clean(value)
    if not text:
        return None
    try:
        found = datetime.time.fromisoformat(text)
    except ValueError:
        return None
    if found.tzinfo is None and isinstance(zone, int | float) and not isinstance(zone, bool):
        try:
            found = found.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=zone)))
        except ValueError:
            return None
    offset = found.utcoffset()
    if offset is None or offset in FINNISH_OFFSETS:
        return found.replace(tzinfo=None)
    moment = datetime.datetime.combine(day or datetime.date.today(), found)  # noqa: DTZ011
    return moment.astimezone(FINLAND).time().replace(tzinfo=None)


def _date(value: Any) -> datetime.date | None:
    text = clean(value)[:10]
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _place(location: dict[str, Any], lang: str, ctx: Context, path: str) -> PlaceData:
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    physical = [a for a in addresses if a.get("address_type") == "physical"] or addresses
    address = physical[0] if physical else {}
    city = clean(address.get("city"))
    notes = join_texts(
        *(
            join_texts(clean(a.get("description")), clean(a.get("details")))
            for a in location.get("accessibility") or []
            if isinstance(a, dict)
        )
    )
    name = clean(location.get("name"))
    country = clean(address.get("country")).upper() or "FI"
    return PlaceData(
        key=clean(location.get("id")),
        country=country[:2],
        state_province=clean(address.get("state_province"))[:100] if country != "FI" else "",
        name=((lang, name),) if name else (),
        street_address=join_texts(
            clean(address.get("address_1")), clean(address.get("address_2"))
        ).replace("\n\n", ", "),
        postal_code=clean(address.get("postal_code")),
        post_office=city,
        municipality_code=(ctx.municipality(city) or "") if country == "FI" else "",
        accessibility=((lang, notes),) if notes else (),
        latitude=_number(location.get("latitude")),
        longitude=_number(location.get("longitude")),
    )


def _schedules(entry: Entry, schedules: list[dict[str, Any]], lang: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    texts: list[str] = []
    for i, s in enumerate(schedules):
        first = _date(s.get("dtstart")) or _date(s.get("valid_from"))
        zone = s.get("timezone")
        opens = _time(s.get("opens_at"), zone, first)
        closes = _time(s.get("closes_at"), zone, first)
        text = join_texts(clean(s.get("description")), clean(s.get("notes")))
        if text:
            texts.append(text)
        if opens is None and closes is None:
            continue
        if opens is None or closes is None:
            problems.append((f"schedules[{i}]", "Give both opens_at and closes_at (HH:MM)."))
            continue
        days = [d.strip() for d in clean(s.get("byday")).split(",") if d.strip()]
        if s.get("freq") == "WEEKLY" or days:
            for day in days:
                code = day[-2:].upper()
                if code not in WEEKDAYS:
                    problems.append((f"schedules[{i}].byday", f"Unknown weekday “{day}”."))
                    continue
                entry.times.append(
                    TimeData(
                        WEEKDAYS.index(code),
                        None,
                        opens,
                        closes,
                        _date(s.get("valid_from")),
                        _date(s.get("valid_to")),
                    )
                )
        else:
            on = _date(s.get("dtstart")) or _date(s.get("valid_from"))
            if on is None:
                problems.append(
                    (f"schedules[{i}]", "A time without weekdays needs a dtstart date.")
                )
                continue
            entry.times.append(TimeData(None, on, opens, closes))
    add_text(entry, "schedule_text", lang, "\n".join(unique(texts)))
    return problems


def _attributes(entry: Entry, attributes: list[dict[str, Any]], lang: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    groups: list[str] = []
    for i, attribute in enumerate(attributes):
        term = attribute.get("taxonomy_term")
        if not isinstance(term, dict) or clean(term.get("taxonomy")) != TAXONOMY:
            continue
        code, value = clean(term.get("code")), clean(attribute.get("value"))
        allowed = KOTOPOLKU_TERMS.get(code, ())
        if code not in KOTOPOLKU_TERMS:
            problems.append((f"attributes[{i}]", f"Unknown {TAXONOMY} term “{code}”."))
        elif allowed is not None and value not in allowed:
            problems.append((f"attributes[{i}].value", f"Unknown {code} “{value}”."))
        elif code == "target_group":
            groups.append(value)
        elif code == "summary":
            add_text(entry, "summary", lang, value)
        elif code == "name_lang":
            name = entry.texts.get("name", {}).pop(lang, "")
            if value != lang and name:
                entry.texts["name"][value] = name
        elif code in ("starts_on", "ends_on"):
            day = _date(value)
            if day is None:
                problems.append((f"attributes[{i}].value", "Enter a date as YYYY-MM-DD."))
            setattr(entry, code, day)
        else:
            setattr(entry, code, value)
    if groups:
        entry.target_groups = unique(groups)
    return problems


def _document(item: dict[str, Any]) -> str:
    """One line of `what_to_bring`: a required document's text, with its link when it has one
    (`document (uri)`). A line break inside the text becomes a space: the export writes each
    line of `what_to_bring` as one required document."""
    document, uri = clean(item.get("document")), clean(item.get("uri"))
    line = f"{document} ({uri})" if document and uri else document or uri
    return " ".join(line.split())


def _language(item: dict[str, Any]) -> str:
    code = clean(item.get("code"))
    if code:
        return code
    name = clean(item.get("name")).casefold()
    for key, label in language_codes.names("en").items():
        if label.casefold() == name:
            return key
    return name  # refused by the check: not a code


def to_entry(record: Any, ctx: Context) -> Entry:
    if not isinstance(record, dict):
        raise RecordError([("record", "Expected an object.")])
    lang = ctx.lang
    problems: list[tuple[str, str]] = []
    status = clean(record.get("status"))
    if not status:
        problems.append(("status", "Required."))
    elif status not in (*IMPORTED_STATUSES, "inactive", "defunct"):
        problems.append(("status", f"Unknown status “{status}”."))
    entry = Entry(external_id=record_id(record), single_language=lang)
    add_text(entry, "name", lang, record.get("name"))
    add_text(entry, "description", lang, record.get("description"))
    add_text(entry, "how_to_join", lang, record.get("application_process"))
    add_text(entry, "cost_text", lang, record.get("fees_description") or record.get("fees"))
    add_text(entry, "alternate_name", lang, record.get("alternate_name"))
    add_text(entry, "requirements", lang, record.get("eligibility_description"))
    add_text(entry, "contact_notes", lang, record.get("interpretation_services"))
    documents = (_document(d) for d in _list(record, "required_documents", problems))
    add_text(entry, "what_to_bring", lang, "\n".join(line for line in documents if line))
    for age in ("minimum_age", "maximum_age"):
        value = record.get(age)
        if isinstance(value, int | float) and not isinstance(value, bool):
            setattr(entry, age, int(value))
    entry.assured_on = _date(record.get("assured_date"))
    entry.url = clean(record.get("url"))
    entry.contact_email = clean(record.get("email"))
    for phone in _list(record, "phones", problems):
        if not entry.contact_phone and first_phone(phone.get("number")):
            entry.contact_phone = first_phone(phone.get("number"))
            extension = phone.get("extension")
            if isinstance(extension, int | float) and not isinstance(extension, bool):
                entry.contact_phone_extension = str(int(extension))
            add_text(entry, "contact_notes", lang, phone.get("description"))
    for contact in _list(record, "contacts", problems):
        # Only the role title: a contact's `name` is a person's name and is not imported.
        entry.contact_role = entry.contact_role or clean(contact.get("title"))
        entry.contact_email = entry.contact_email or clean(contact.get("email"))
        for phone in contact.get("phones") or []:
            if isinstance(phone, dict):
                entry.contact_phone = entry.contact_phone or first_phone(phone.get("number"))
    entry.languages = unique(_language(item) for item in _list(record, "languages", problems))
    for i, area in enumerate(_list(record, "service_areas", problems)):
        wanted = clean(area.get("name"))
        code = ctx.municipality(wanted)
        if code is None:
            problems.append(
                (
                    f"service_areas[{i}].name",
                    f"“{wanted[:80]}” is not a Finnish municipality (name or code).",
                )
            )
        else:
            entry.municipality_codes.append(code)
    entry.municipality_codes = unique(entry.municipality_codes)
    for option in _list(record, "cost_options", problems):
        amount = option.get("amount")
        currency = clean(option.get("currency")) or "EUR"
        if amount not in (None, "") and currency == "EUR" and entry.price_eur is None:
            try:
                entry.price_eur = decimal.Decimal(str(amount)).quantize(decimal.Decimal("0.01"))
            except decimal.InvalidOperation:
                problems.append(("cost_options.amount", f"“{amount}” is not a number."))
    for i, link in enumerate(_list(record, "service_at_locations", problems)):
        location = link.get("location")
        if isinstance(location, dict):
            entry.places.append(_place(location, lang, ctx, f"service_at_locations[{i}]"))
    problems += _schedules(entry, _list(record, "schedules", problems), lang)
    problems += _attributes(entry, _list(record, "attributes", problems), lang)
    entry.org = _org(record.get("organization"), lang)
    if problems:
        raise RecordError(problems)
    if status not in IMPORTED_STATUSES:
        raise Skip(status)
    return entry
