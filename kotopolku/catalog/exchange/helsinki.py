"""The City of Helsinki service register (TPR) errand services: a JSON array of records, each
`{"id": n, "fi": {...}, "sv": {...}, "en": {...}}` (an absent language is `[]`).

Multilingual: every language block gives its own texts, so `--lang` does not apply. The
mapping is documented in docs/catalog-import.md.
"""

from __future__ import annotations

from typing import Any

from kotopolku.catalog.exchange.common import (
    Context,
    Entry,
    OrgRef,
    PlaceData,
    RecordError,
    add_line,
    add_link,
    add_text,
    clean,
    first_phone,
    first_valid_url,
    join_texts,
    pairs,
    unique,
)
from kotopolku.catalog.models import ProgrammeElement, ScheduleKind, TargetGroup, TrayCategory
from kotopolku.orgs.models import Organisation

SOURCE = "helsinki"
LANGS = ("fi", "sv", "en")
HELSINKI = "091"

OWNER = OrgRef(
    key="helsinki",
    name=(("en", "City of Helsinki"), ("fi", "Helsingin kaupunki"), ("sv", "Helsingfors stad")),
    kind=Organisation.Kind.MUNICIPAL_SERVICE,
    business_id="0201256-6",
    municipality_codes=(HELSINKI,),
)

# TPR target groups -> the tray's. IMMIGRANTS, DISABLED and ASSOCIATIONS have no tray target
# group of their own (IMMIGRANTS moves the entry to the early-integration column instead).
TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    "INDIVIDUALS": (TargetGroup.ADULTS,),
    "ENTERPRISES": (TargetGroup.ENTREPRENEURS,),
    "YOUTH": (TargetGroup.YOUTH,),
    "CHILDREN_AND_FAMILIES": (TargetGroup.CHILDREN, TargetGroup.FAMILIES),
    "ELDERLY_PEOPLE": (TargetGroup.SENIORS,),
}
LIFE_EVENTS: dict[str, tuple[str, ...]] = {
    "LOSING_JOB": (TargetGroup.JOBSEEKERS,),
    "BEGINNING_FULLTIME_STUDIES": (TargetGroup.STUDENTS,),
    "HAVING_CHILD": (TargetGroup.FAMILIES,),
}
# TPR's language codes that are not ISO 639 codes: dropped with a warning, not refused.
# "fad" appears next to "fa" and "prs" in the Helsinki-info record; its meaning is not documented.
NON_ISO_LANGUAGES = frozenset({"fad"})
LABELS = {
    "processing_time": {"fi": "Käsittelyaika", "sv": "Handläggningstid", "en": "Processing time"},
    "expiration_time": {"fi": "Voimassa", "sv": "Giltighetstid", "en": "Valid"},
    "call_charge": {"fi": "Puhelun hinta", "sv": "Samtalets pris", "en": "Call charge"},
    "authentication": {
        "fi": "vaatii vahvan tunnistautumisen",
        "sv": "kräver stark autentisering",
        "en": "requires strong authentication",
    },
}


def matches(first: Any) -> bool:
    """A Helsinki record: an object with a `fi` language block (an object)."""
    return isinstance(first, dict) and isinstance(first.get("fi"), dict)


def record_id(record: Any) -> str:
    return clean(record.get("id")) if isinstance(record, dict) else ""


def _blocks(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    blocks: dict[str, dict[str, Any]] = {}
    for lang in LANGS:
        block = record.get(lang)
        if isinstance(block, dict) and block:
            blocks[lang] = block
        elif block not in (None, [], {}):
            raise RecordError([(lang, "Expected an object or an empty array.")])
    return blocks


def to_entry(record: Any, ctx: Context) -> Entry:
    if not isinstance(record, dict):
        raise RecordError([("record", "Expected an object.")])
    blocks = _blocks(record)
    if not blocks:
        raise RecordError([("fi", "Required: the record has no language block.")])
    entry = Entry(external_id=record_id(record), org=OWNER, municipality_codes=[HELSINKI])
    groups: list[str] = []
    service_languages: list[str] = []
    schedule: dict[str, list[str]] = {}
    places: dict[str, dict[str, Any]] = {}  # channel id -> place values
    kinds: set[str] = set()
    immigrant = False
    for lang, block in blocks.items():
        add_text(entry, "name", lang, block.get("name"))
        add_text(
            entry,
            "description",
            lang,
            join_texts(clean(block.get("description")), clean(block.get("information"))),
        )
        add_text(entry, "how_to_join", lang, block.get("process_description"))
        for key in ("processing_time", "expiration_time"):
            add_line(entry, "how_to_join", lang, block.get(key), LABELS[key][lang])
        add_text(entry, "cost_text", lang, block.get("costs"))
        synonyms = [w.strip() for w in clean(block.get("name_synonyms")).split(",") if w.strip()]
        if synonyms:
            entry.keywords[lang] = unique(synonyms)
        kinds.add(clean(block.get("type")))
        for code in block.get("provided_languages") or []:
            service_languages.append(clean(code))
        for tg in block.get("target_groups") or []:
            immigrant |= tg == "IMMIGRANTS"
            groups.extend(TARGET_GROUPS.get(tg, ()))
        for event in block.get("life_events") or []:
            immigrant |= event == "IMMIGRATING_TO_FINLAND"
            groups.extend(LIFE_EVENTS.get(event, ()))
        channels = block.get("channels") or []
        if not isinstance(channels, list):
            raise RecordError([(f"{lang}.channels", "Expected an array.")])
        for channel in channels:
            if isinstance(channel, dict):
                _channel(entry, lang, channel, schedule, places, ctx)
        for link in block.get("links") or []:
            if isinstance(link, dict):
                add_link(entry, link.get("url"), link.get("title") or link.get("name"), lang)
    for lang, lines in schedule.items():
        add_text(entry, "schedule_text", lang, "\n".join(unique(lines)))
    dropped = sorted({c for c in service_languages if c in NON_ISO_LANGUAGES})
    if dropped:
        entry.warnings.append(f"languages: dropped the TPR codes {', '.join(dropped)}")
    entry.languages = unique(c for c in service_languages if c not in NON_ISO_LANGUAGES)
    entry.target_groups = unique(groups) or [TargetGroup.EVERYONE]
    if immigrant:
        entry.tray_category = TrayCategory.EARLY
    if "ADVICE" in kinds:
        entry.programme_element = ProgrammeElement.GUIDANCE
    if "APPOINTMENT" not in kinds and "ENROLLMENT" in kinds:
        entry.schedule_kind = ScheduleKind.ONE_OFF
    if not entry.url:
        entry.url = first_valid_url(entry.links)
    entry.places = [
        PlaceData(
            name=pairs(p["name"]),
            street_translations=pairs(
                {k: v for k, v in p["streets"].items() if k != "fi" and v != p["street"]}
            ),
            street_address=p["street"],
            postal_code=p["postal_code"],
            post_office=p["city"],
            municipality_code=p["code"],
        )
        for p in places.values()
    ]
    return entry


def _channel(
    entry: Entry,
    lang: str,
    channel: dict[str, Any],
    schedule: dict[str, list[str]],
    places: dict[str, dict[str, Any]],
    ctx: Context,
) -> None:
    kind = channel.get("type")
    name = clean(channel.get("name"))
    available = clean(channel.get("availability_summary"))
    if available:
        schedule.setdefault(lang, []).append(f"{name}: {available}" if name else available)
    if kind == "TELEPHONE" and not entry.contact_phone and lang == "fi":
        entry.contact_phone = first_phone(channel.get("phone"))
        entry.contact_role = name[:200]  # the channel's name ("Ajanvaraus"), never a person
    if kind == "EMAIL" and not entry.contact_email and clean(channel.get("email")):
        entry.contact_email = clean(channel.get("email"))
    for link in channel.get("links") or []:  # every channel's links are kept
        if isinstance(link, dict) and clean(link.get("url")):
            if kind in ("WEBPAGE", "ESERVICE") and not entry.url:
                entry.url = clean(link.get("url")).replace("\\/", "/")
            add_link(entry, link.get("url"), link.get("title") or name, lang)
    add_line(entry, "contact_notes", lang, channel.get("information"), name)
    add_line(entry, "requirements", lang, channel.get("prerequisites"), name)
    if channel.get("requires_authentication") is True:
        add_line(entry, "requirements", lang, LABELS["authentication"][lang], name)
    add_line(entry, "how_to_join", lang, channel.get("process_description"), name)
    charge = clean(channel.get("call_charge_info"))
    if charge:
        label = f"{name} – {LABELS['call_charge'][lang]}" if name else LABELS["call_charge"][lang]
        add_line(entry, "contact_notes", lang, charge, label)
    street = clean(channel.get("personal_service_street_addr"))
    if kind == "LOCAL" and street:
        key = clean(channel.get("id"))
        place = places.setdefault(key, {"name": {}, "streets": {}})
        if name:
            place["name"][lang] = name
        place["streets"][lang] = street.rstrip(",")
        if lang == "fi" or "street" not in place:
            city = clean(channel.get("personal_service_city"))
            place["street"] = street.rstrip(",")
            place["postal_code"] = clean(channel.get("personal_service_postal_code"))
            place["city"] = city
            place["code"] = ctx.municipality(city) or ""
