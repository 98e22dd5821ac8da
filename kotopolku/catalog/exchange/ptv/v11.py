"""PTV Open API v11 service JSON (`V11VmOpenApiService`) -> catalogue entries.

Field names follow the verified v11 field list (../shared/data/ptv-v11-sample/README.md).
The inner shapes of `serviceChannels[].contactDetails` and `serviceHours` are not in that
list; they are read as the earlier PTV versions shape them, tolerantly: an unexpected shape
adds nothing instead of refusing the record. docs/catalog-import.md has the mapping.
"""

from __future__ import annotations

import datetime
import decimal
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
    pairs,
    unique,
)
from kotopolku.catalog.exchange.hsds import Skip, organisation_kind
from kotopolku.catalog.models import ProgrammeElement, TargetGroup, TrayCategory
from kotopolku.orgs.models import Organisation

DESCRIPTIONS = {
    "Summary": "summary",
    "Description": "description",
    "UserInstruction": "how_to_join",
    "ChargeTypeAdditionalInfo": "cost_text",
}
# Appended to how_to_join, in this order, when present.
EXTRA_INSTRUCTIONS = ("DeadLine", "ProcessingTime", "ValidityTime")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Target groups by words of their Finnish name (the Finto code list was not available
# offline, so codes are not relied on; KR2 = businesses and organisations is).
TARGET_WORDS: tuple[tuple[str, str], ...] = (
    ("ikääntyneet", TargetGroup.SENIORS),
    ("lapsiperheet", TargetGroup.FAMILIES),
    ("lapset", TargetGroup.CHILDREN),
    ("nuoret", TargetGroup.YOUTH),
    ("työnhakijat", TargetGroup.JOBSEEKERS),
    ("työttömät", TargetGroup.JOBSEEKERS),
    ("opiskelijat", TargetGroup.STUDENTS),
    ("yrittäjät", TargetGroup.ENTREPRENEURS),
    ("yritykset", TargetGroup.ENTREPRENEURS),
)
IMMIGRANT_WORDS = ("maahanmuutt", "kotoutu")
NATIONWIDE = ("Nationwide", "NationwideExceptAlandIslands")
# PTV's organisation types (V10VmOpenApiOrganization.organizationType) -> the tray's kinds
ORGANIZATION_TYPES = {
    "State": Organisation.Kind.STATE_AGENCY,
    "Municipality": Organisation.Kind.MUNICIPAL_SERVICE,
    "RegionalOrganization": Organisation.Kind.MUNICIPAL_SERVICE,  # joint municipal authorities
    "Region": Organisation.Kind.WELLBEING_COUNTY,  # hyvinvointialue
    "SotePublic": Organisation.Kind.WELLBEING_COUNTY,
    "SotePrivate": Organisation.Kind.COMPANY,
    "Company": Organisation.Kind.COMPANY,
    "Organization": Organisation.Kind.NGO,
}
LANGUAGE_WORDS = ("kielikoulutus", "kielen opetus", "suomen kieli", "ruotsin kieli", "lukutaito")


def _localized(items: Any, path: str, problems: list[tuple[str, str]]) -> list[dict[str, Any]]:
    if items in (None, ""):
        return []
    if not isinstance(items, list):
        problems.append((path, "Expected an array of {language, value} items."))
        return []
    found = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not clean(item.get("language")):
            problems.append((f"{path}[{i}].language", "Required."))
            continue
        found.append(item)
    return found


def _fi(items: Any) -> str:
    """The Finnish (else the first) value of a LanguageItem list, or a plain string."""
    if isinstance(items, str):
        return clean(items)
    values = [i for i in items or [] if isinstance(i, dict)]
    for item in values:
        if item.get("language") == "fi":
            return clean(item.get("value"))
    return clean(values[0].get("value")) if values else ""


def _time(value: Any) -> datetime.time | None:
    try:
        return datetime.time.fromisoformat(clean(value)[:8])
    except ValueError:
        return None


class V11:
    version = "v11"
    page_items = "itemList.item"

    def matches(self, first: Any) -> bool:
        return isinstance(first, dict) and "serviceNames" in first

    def is_page(self, keys: list[str]) -> bool:
        return "itemList" in keys

    def record_id(self, record: Any) -> str:
        return clean(record.get("id")) if isinstance(record, dict) else ""

    def to_entry(self, record: Any, ctx: Context) -> Entry:
        if not isinstance(record, dict):
            raise RecordError([("record", "Expected an object.")])
        problems: list[tuple[str, str]] = []
        status = clean(record.get("publishingStatus")) or "Published"
        entry = Entry(external_id=self.record_id(record))
        alternative: dict[str, list[str]] = {}
        for item in _localized(record.get("serviceNames"), "serviceNames", problems):
            if clean(item.get("type")) in ("", "Name"):
                add_text(entry, "name", clean(item["language"]), item.get("value"))
            elif clean(item.get("value")):
                alternative.setdefault(clean(item["language"]), []).append(clean(item["value"]))
        for lang, names in alternative.items():
            add_text(entry, "alternate_name", lang, "; ".join(unique(names)))
        for item in _localized(record.get("requirements"), "requirements", problems):
            add_text(entry, "requirements", clean(item["language"]), item.get("value"))
        for item in _localized(record.get("keywords"), "keywords", problems):
            word = clean(item.get("value"))
            if word:
                entry.keywords.setdefault(clean(item["language"]), []).append(word)
        extra: dict[str, list[str]] = {}
        descriptions = _localized(
            record.get("serviceDescriptions"), "serviceDescriptions", problems
        )
        for item in descriptions:
            kind, lang = clean(item.get("type")), clean(item["language"])
            if kind in DESCRIPTIONS:
                add_text(entry, DESCRIPTIONS[kind], lang, item.get("value"))
        for kind in EXTRA_INSTRUCTIONS:
            for item in descriptions:
                if clean(item.get("type")) == kind and clean(item.get("value")):
                    extra.setdefault(clean(item["language"]), []).append(clean(item["value"]))
        for lang, texts in extra.items():
            old = entry.texts.get("how_to_join", {}).get(lang, "")
            add_text(entry, "how_to_join", lang, join_texts(old, *texts))
        entry.languages = unique(clean(c) for c in record.get("languages") or [])
        if clean(record.get("serviceChargeType")) == "FreeOfCharge":
            entry.price_eur = decimal.Decimal("0.00")
        self._areas(entry, record, ctx, problems)
        self._classes(entry, record)
        entry.org = self._organisation(record)
        for i, link in enumerate(record.get("serviceChannels") or []):
            if isinstance(link, dict):
                self._channel(entry, link, ctx, f"serviceChannels[{i}]", problems)
        if problems:
            raise RecordError(problems)
        if status != "Published":
            raise Skip(status)
        return entry

    def _areas(
        self, entry: Entry, record: dict[str, Any], ctx: Context, problems: list[tuple[str, str]]
    ) -> None:
        area_type = clean(record.get("areaType"))
        if area_type == "Nationwide":
            entry.municipality_codes = sorted(ctx.municipality_codes)
            return
        if area_type == "NationwideExceptAlandIslands":
            entry.municipality_codes = sorted(ctx.municipality_codes - ctx.aland_codes)
            return
        codes: list[str] = []
        for area in record.get("areas") or []:
            if not isinstance(area, dict):
                continue
            if clean(area.get("type")) == "Municipality" and clean(area.get("code")):
                codes.append(clean(area.get("code")))
            codes.extend(
                clean(m.get("code"))
                for m in area.get("municipalities") or []
                if isinstance(m, dict)
            )
        codes.extend(
            clean(m.get("code")) for m in record.get("municipalities") or [] if isinstance(m, dict)
        )
        entry.municipality_codes = unique(c.zfill(3) if c.isdigit() else c for c in codes)
        if area_type not in ("", "LimitedType"):
            problems.append(("areaType", f"Unknown area type “{area_type}”."))

    def _classes(self, entry: Entry, record: dict[str, Any]) -> None:
        groups: list[str] = []
        words: list[str] = []
        for item in record.get("targetGroups") or []:
            if not isinstance(item, dict):
                continue
            name = _fi(item.get("name")).casefold()
            words.append(name)
            if clean(item.get("code")).startswith("KR2"):
                groups.append(TargetGroup.ENTREPRENEURS)
            groups.extend(g for word, g in TARGET_WORDS if word in name)
        for key in ("serviceClasses", "ontologyTerms", "lifeEvents"):
            words.extend(
                _fi(i.get("name")).casefold() for i in record.get(key) or [] if isinstance(i, dict)
            )
        entry.target_groups = unique(groups) or [TargetGroup.EVERYONE]
        text = " ".join(words)
        if any(w in text for w in IMMIGRANT_WORDS):
            entry.tray_category = TrayCategory.EARLY
            entry.programme_element = ProgrammeElement.GUIDANCE
        if any(w in text for w in LANGUAGE_WORDS):
            entry.programme_element = ProgrammeElement.LANGUAGE_WORK

    def _organisation(self, record: dict[str, Any]) -> OrgRef | None:
        """The responsible organisation. Its kind: PTV's `organizationType` when the item
        carries it (an organisation document does), else from its name, else a nationwide
        service's organisation is a state agency and a local one a municipal service."""
        found = None
        for link in record.get("organizations") or []:
            if isinstance(link, dict) and link.get("roleType") == "Responsible":
                found = link.get("organization")
                break
        found = found or record.get("mainOrganization")
        if not isinstance(found, dict):
            return None
        name = _fi(found.get("name"))
        key = clean(found.get("id")) or name
        if not key:
            return None
        nationwide = clean(record.get("areaType")) in NATIONWIDE
        default = (
            Organisation.Kind.STATE_AGENCY if nationwide else Organisation.Kind.MUNICIPAL_SERVICE
        )
        kind = ORGANIZATION_TYPES.get(clean(found.get("organizationType"))) or organisation_kind(
            name, default
        )
        return OrgRef(
            key=key,
            name=(("fi", name or key),),
            kind=kind,
            business_id=clean(found.get("businessCode"))[:9],
        )

    def _channel(
        self,
        entry: Entry,
        link: dict[str, Any],
        ctx: Context,
        path: str,
        problems: list[tuple[str, str]],
    ) -> None:
        channel = link.get("serviceChannel")
        channel_name = _fi(channel.get("name")) if isinstance(channel, dict) else ""
        details = link.get("contactDetails")
        if isinstance(details, dict):
            for phone in details.get("phones") or []:
                if isinstance(phone, dict) and not entry.contact_phone:
                    number = first_phone(
                        f"{clean(phone.get('prefixNumber'))} {clean(phone.get('number'))}"
                    )
                    if number:
                        entry.contact_phone = number
                        entry.contact_role = channel_name[:200]
            for email in details.get("emails") or []:
                if isinstance(email, dict) and not entry.contact_email:
                    entry.contact_email = clean(email.get("value"))
            for page in details.get("webPages") or []:
                if isinstance(page, dict) and not entry.url:
                    entry.url = clean(page.get("url") or page.get("value"))
            for address in details.get("addresses") or []:
                place = self._place(address, ctx)
                if place is not None and place not in entry.places:
                    entry.places.append(place)
        notes: dict[str, list[str]] = {}
        for i, hours in enumerate(link.get("serviceHours") or []):
            if not isinstance(hours, dict):
                continue
            for info in hours.get("additionalInformation") or []:
                if isinstance(info, dict) and clean(info.get("language")):
                    notes.setdefault(clean(info["language"]), []).append(clean(info.get("value")))
            if hours.get("isClosed") or clean(hours.get("serviceHourType")) not in (
                "",
                "DaysOfTheWeek",
            ):
                continue
            for j, opening in enumerate(hours.get("openingHour") or []):
                self._opening(
                    entry, opening, f"{path}.serviceHours[{i}].openingHour[{j}]", problems
                )
        for lang, texts in notes.items():
            old = entry.texts.get("schedule_text", {}).get(lang, "")
            add_text(entry, "schedule_text", lang, "\n".join(unique([old, *texts])))

    def _opening(
        self, entry: Entry, opening: Any, path: str, problems: list[tuple[str, str]]
    ) -> None:
        if not isinstance(opening, dict):
            return
        first, last = clean(opening.get("dayFrom")), clean(opening.get("dayTo")) or None
        starts, ends = _time(opening.get("from")), _time(opening.get("to"))
        if first not in DAYS or (last is not None and last not in DAYS):
            problems.append(
                (f"{path}.dayFrom", f"Unknown day “{first}” (expected Monday … Sunday).")
            )
            return
        if starts is None or ends is None:
            problems.append((f"{path}.from", "Expected opening times as HH:MM:SS."))
            return
        a = DAYS.index(first)
        b = DAYS.index(last) if last else a
        for day in range(a, b + 1) if b >= a else [*range(a, 7), *range(b + 1)]:
            time = TimeData(day, None, starts, ends)
            if time not in entry.times:
                entry.times.append(time)

    def _place(self, address: Any, ctx: Context) -> PlaceData | None:
        if not isinstance(address, dict) or clean(address.get("type")) == "Postal":
            return None
        street = address.get("streetAddress")
        if not isinstance(street, dict):
            return None
        names = {
            clean(i.get("language")): clean(i.get("value"))
            for i in street.get("street") or []
            if isinstance(i, dict)
        }
        line = join_texts(
            names.get("fi") or _fi(street.get("street")), clean(street.get("streetNumber"))
        )
        municipality = street.get("municipality")
        code = clean(municipality.get("code")) if isinstance(municipality, dict) else ""
        notes = {
            clean(i.get("language")): clean(i.get("value"))
            for i in street.get("additionalInformation") or []
            if isinstance(i, dict) and clean(i.get("language"))
        }
        return PlaceData(
            street_address=line.replace("\n\n", " "),
            postal_code=clean(street.get("postalCode")),
            post_office=_fi(street.get("postOffice")),
            municipality_code=code.zfill(3) if code.isdigit() else code,
            accessibility=pairs(notes),
            latitude=_float(street.get("latitude")),
            longitude=_float(street.get("longitude")),
        )


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


ADAPTER = V11()
