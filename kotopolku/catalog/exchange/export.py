"""`export_hsds`: the published entries as an HSDS 3.0 tabular data package.

A directory (or a zip file) with `datapackage.json` and one CSV file per table, every table
with all of its HSDS 3.0 fields (`hsds_tables`). HSDS is single-language: the texts are
written in one language (`lang`), recorded in `meta_table_descriptions.csv`; export each
language as its own package. The tray's classifications are attributes of the `kotopolku`
taxonomy (`hsds.KOTOPOLKU_TERMS`), so an export imports back to the same entries.
Child rows get ids derived from their entry's id (uuid5), so the same data exports the same.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
import tempfile
import uuid
import zipfile
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlparse

from django.db.models import Prefetch
from django.utils import timezone

from kotopolku.catalog.exchange.hsds import TAXONOMY, WEEKDAYS
from kotopolku.catalog.exchange.hsds_tables import FOREIGN_KEYS, PROFILE, TABLES, VERSION
from kotopolku.catalog.models import Place, ProviderRecord, Service
from kotopolku.core import languages
from kotopolku.orgs.models import Municipality, Organisation

NAMESPACE = uuid.UUID("0b8f9a52-6f2c-4d8e-9d0b-5a6c1f3e7a10")  # Kotopolku's uuid5 namespace
WRITTEN = (
    "organization",
    "organization_identifier",
    "service",
    "service_at_location",
    "location",
    "address",
    "accessibility",
    "phone",
    "contact",
    "language",
    "schedule",
    "service_area",
    "cost_option",
    "required_document",
    "attribute",
    "taxonomy",
    "taxonomy_term",
    "meta_table_description",
)
TERMS = {
    "kind": "Kind of entry: a service or activity, or an authority's role",
    "programme_element": "Element of the municipal integration programme (Act 681/2023 s. 13)",
    "tray_category": "Column of the offering tray",
    "target_group": "Target group",
    "schedule_kind": "Kind of schedule: one-off, recurring, by appointment, drop-in",
    "summary": "Short description",
    "name_lang": "Language of the name, when the entry has none in the package's language",
    "starts_on": "First day (YYYY-MM-DD)",
    "ends_on": "Last day (YYYY-MM-DD)",
    "organisation_kind": "Kind of organisation",
}


def derived_id(*parts: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


TAXONOMY_ID = derived_id("taxonomy", TAXONOMY)


def term_id(code: str) -> str:
    return derived_id("term", TAXONOMY, code)


@dataclass
class ExportReport:
    path: str
    language: str
    services: int = 0
    organisations: int = 0
    locations: int = 0
    rows: dict[str, int] = field(default_factory=dict)


class _Tables:
    def __init__(self, directory: Path) -> None:
        self.files: dict[str, TextIO] = {}
        self.writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        for name in WRITTEN:
            path, fields = TABLES[name]
            handle = open(directory / path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self.files[name] = handle
            writer = csv.DictWriter(handle, [f[0] for f in fields], extrasaction="raise")
            writer.writeheader()
            self.writers[name] = writer
            self.counts[name] = 0

    def write(self, table: str, **values: Any) -> None:
        self.writers[table].writerow({k: "" if v is None else v for k, v in values.items()})
        self.counts[table] += 1

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def _descriptor(lang: str) -> dict[str, Any]:
    resources = []
    for name in WRITTEN:
        path, fields = TABLES[name]
        schema_fields = []
        for fname, ftype, fformat, required, enum in fields:
            constraints: dict[str, Any] = {"required": required}
            if enum:
                constraints["enum"] = list(enum)
            item: dict[str, Any] = {"name": fname, "type": ftype}
            if fformat:
                item["format"] = fformat
            item["constraints"] = constraints
            schema_fields.append(item)
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": schema_fields,
                    "primaryKey": "id",
                    "foreignKeys": [
                        {"fields": f, "reference": {"resource": r, "fields": rf}}
                        for f, r, rf in FOREIGN_KEYS[name]
                        if r in WRITTEN
                    ],
                },
            }
        )
    return {
        "name": "kotopolku-catalogue",
        "title": "Kotopolku offering tray: published entries",
        "profile": PROFILE,
        "version": VERSION,
        "created": timezone.now().isoformat(timespec="seconds"),
        "language": lang,
        "homepage": "https://docs.openreferral.org",
        "resources": resources,
    }


def _text(value: dict[str, str] | None, lang: str) -> str:
    return (value or {}).get(lang, "")


FINLAND = zoneinfo.ZoneInfo("Europe/Helsinki")


def hsds_time(value: datetime.time, day: datetime.date) -> str:
    """A local time in Finland as HSDS asks for it: HH:MM:SS with the UTC offset in force in
    Finland on `day` (+02:00 in winter, +03:00 in summer)."""
    moment = datetime.datetime.combine(day, value, tzinfo=FINLAND)
    return moment.strftime("%H:%M:%S") + moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:]


def utc_hours(day: datetime.date) -> int:
    offset = datetime.datetime.combine(day, datetime.time(12), tzinfo=FINLAND).utcoffset()
    return int(offset.total_seconds() // 3600) if offset else 0


_LINK = re.compile(r"(?:(?P<document>.*\S)\s+\()?(?P<uri>https?://[^\s()]+)(?(document)\))")


def required_documents(what_to_bring: str) -> list[tuple[str, str]]:
    """`what_to_bring` as HSDS required documents (document, uri): one per non-empty line,
    its spaces collapsed. A line that is a web address, or ends with one in brackets
    (“Passport (https://…)”, as the import writes a document's link), gives the `uri`."""
    found = []
    for raw in what_to_bring.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        link = _LINK.fullmatch(line)
        if link and urlparse(link["uri"]).netloc:
            found.append((link["document"] or "", link["uri"]))
        else:
            found.append((line, ""))
    return found


class _Exporter:
    def __init__(self, tables: _Tables, lang: str) -> None:
        self.t = tables
        self.lang = lang
        self.today = timezone.localdate()
        self.orgs: set[Any] = set()
        self.places: set[Any] = set()
        self.municipalities = {
            m.code: m for m in Municipality.objects.valid_on().select_related("region")
        }

    def fixed_rows(self) -> None:
        self.t.write(
            "taxonomy",
            id=TAXONOMY_ID,
            name=TAXONOMY,
            description="Kotopolku's classifications of the offering tray",
            version="1",
        )
        for code, description in TERMS.items():
            self.t.write(
                "taxonomy_term",
                id=term_id(code),
                code=code,
                name=code,
                description=description,
                taxonomy=TAXONOMY,
                language="en",
                taxonomy_id=TAXONOMY_ID,
            )
        self.t.write(
            "meta_table_description",
            id=derived_id("meta", self.lang),
            name="Kotopolku catalogue export",
            language=self.lang,
            character_set="UTF-8",
        )

    def attribute(self, link: Any, entity: str, code: str, value: Any) -> None:
        self.t.write(
            "attribute",
            id=derived_id("attribute", link, code, value),
            link_id=link,
            taxonomy_term_id=term_id(code),
            link_entity=entity,
            value=value,
        )

    def organisation(self, org: Organisation) -> None:
        if org.pk in self.orgs:
            return
        self.orgs.add(org.pk)
        name = _text(org.name, self.lang) or str(org.display_name())
        records = list(ProviderRecord.objects.filter(organisation=org).order_by("source", "pk"))
        description = next(
            (_text(r.description, self.lang) for r in records if _text(r.description, self.lang)),
            "",
        )
        self.t.write(
            "organization",
            id=org.pk,
            name=name,
            alternate_name=next(
                (
                    _text(r.alternate_name, self.lang)
                    for r in records
                    if _text(r.alternate_name, self.lang)
                ),
                "",
            ),
            # HSDS requires a description: the source's, else the kind of organisation
            description=description or str(org.get_kind_display()),
            email=next((r.email for r in records if r.email), ""),
            website=next(
                (r.website for r in records if r.website.startswith(("http://", "https://"))), ""
            ),
            legal_status=next((r.legal_status for r in records if r.legal_status), ""),
        )
        identifiers: dict[tuple[str, str], str] = {}
        if org.business_id:  # the Y-tunnus: an import matches the organisation by it
            identifiers[("FI-YT", org.business_id)] = "Y-tunnus"
        for record in records:
            for item in record.identifiers:
                found = (str(item.get("scheme", "")), str(item.get("identifier", "")))
                if found[1] and found[1] != org.business_id:
                    identifiers.setdefault(found, str(item.get("type", "")) or "identifier")
        for (scheme, identifier), kind in identifiers.items():
            self.t.write(
                "organization_identifier",
                id=derived_id("identifier", org.pk, scheme, identifier),
                organization_id=org.pk,
                identifier_scheme=scheme,
                identifier_type=kind,
                identifier=identifier,
            )
        self.attribute(org.pk, "organization", "organisation_kind", org.kind)
        if not _text(org.name, self.lang):  # the name written is another language's
            self.attribute(org.pk, "organization", "name_lang", org.display_name().lang)

    def place(self, place: Place) -> None:
        if place.pk in self.places:
            return
        self.places.add(place.pk)
        self.organisation(place.owner)
        self.t.write(
            "location",
            id=place.pk,
            location_type="physical",
            organization_id=place.owner_id,
            name=_text(place.name, self.lang),
            latitude=place.latitude,
            longitude=place.longitude,
        )
        municipality = self.municipalities.get(place.municipality_code)
        city = place.post_office or (municipality.name_fi if municipality else "")
        street = _text(place.street_translations, self.lang) or place.street_address
        # HSDS requires a state or province: a Finnish place's region (maakunta), a foreign
        # place's own, else its city
        if place.country == "FI" and municipality is not None:
            region = municipality.region
            state = region.name_sv if self.lang == "sv" else region.name_fi
        else:
            state = place.state_province or city
        if street and city and place.postal_code:
            self.t.write(
                "address",
                id=derived_id("address", place.pk),
                location_id=place.pk,
                address_1=street,
                city=city,
                state_province=state,
                postal_code=place.postal_code,
                country=place.country or "FI",
                address_type="physical",
            )
        notes = _text(place.accessibility, self.lang)
        if notes:
            self.t.write(
                "accessibility",
                id=derived_id("accessibility", place.pk),
                location_id=place.pk,
                description=notes,
            )

    def service(self, s: Service) -> None:
        self.organisation(s.owner)
        lang, sid = self.lang, s.pk
        self.t.write(
            "service",
            id=sid,
            organization_id=s.owner_id,
            name=_text(s.name, lang) or str(s.display_name()),
            description=_text(s.description, lang),
            url=s.url,
            email=s.contact_email,
            status="active",
            application_process=_text(s.how_to_join, lang),
            fees_description=_text(s.cost_text, lang),
            alternate_name=_text(s.alternate_name, lang),
            eligibility_description=_text(s.requirements, lang),
            minimum_age=s.minimum_age,
            maximum_age=s.maximum_age,
            assured_date=s.assured_on.isoformat() if s.assured_on else "",
            last_modified=s.updated_at.isoformat(timespec="seconds") if s.updated_at else "",
        )
        for code, value in (
            ("kind", s.kind),
            ("programme_element", s.programme_element),
            ("tray_category", s.tray_category),
            ("schedule_kind", s.schedule_kind),
            *(("target_group", g) for g in s.target_groups),
            ("summary", _text(s.summary, lang)),
            ("name_lang", "" if _text(s.name, lang) else s.display_name().lang),
            ("starts_on", s.starts_on.isoformat() if s.starts_on else ""),
            ("ends_on", s.ends_on.isoformat() if s.ends_on else ""),
        ):
            if value:
                self.attribute(sid, "service", code, value)
        if s.contact_phone:
            self.t.write(
                "phone",
                id=derived_id("phone", sid),
                service_id=sid,
                number=s.contact_phone,
                extension=s.contact_phone_extension,
            )
        if s.contact_role:
            # Role titles only: Kotopolku keeps no person's name for an entry.
            self.t.write(
                "contact", id=derived_id("contact", sid), service_id=sid, title=s.contact_role
            )
        for code in s.languages:
            self.t.write(
                "language",
                id=derived_id("language", sid, code),
                service_id=sid,
                name=languages.name(code, "en"),
                code=code,
            )
        for code in s.municipality_codes:
            municipality = self.municipalities.get(code)
            self.t.write(
                "service_area",
                id=derived_id("area", sid, code),
                service_id=sid,
                name=municipality.name_fi if municipality else code,
                description=code,
            )
        if s.price_eur is not None:
            self.t.write(
                "cost_option",
                id=derived_id("cost", sid),
                service_id=sid,
                currency="EUR",
                amount=s.price_eur,
            )
        for i, (document, uri) in enumerate(required_documents(_text(s.what_to_bring, lang))):
            self.t.write(
                "required_document",
                id=derived_id("required_document", sid, i),
                service_id=sid,
                document=document,
                uri=uri,
            )
        for i, time in enumerate(s.times.all()):
            # the offset in force on the time's date (weekly: its first day, else today)
            day = time.date or time.valid_from or self.today
            common = {
                "id": derived_id("schedule", sid, i),
                "service_id": sid,
                "opens_at": hsds_time(time.starts_at, day),
                "closes_at": hsds_time(time.ends_at, day),
                "timezone": utc_hours(day),
            }
            if time.weekday is not None:
                self.t.write(
                    "schedule",
                    freq="WEEKLY",
                    byday=WEEKDAYS[time.weekday],
                    valid_from=time.valid_from.isoformat() if time.valid_from else "",
                    valid_to=time.valid_to.isoformat() if time.valid_to else "",
                    **common,
                )
            elif time.date is not None:
                on = time.date.isoformat()
                self.t.write("schedule", dtstart=on, valid_from=on, valid_to=on, **common)
        if _text(s.schedule_text, lang):
            self.t.write(
                "schedule",
                id=derived_id("schedule", sid, "text"),
                service_id=sid,
                description=_text(s.schedule_text, lang),
            )
        for place in s.places.all():
            self.place(place)
            self.t.write(
                "service_at_location",
                id=derived_id("service_at_location", sid, place.pk),
                service_id=sid,
                location_id=place.pk,
            )


def _services() -> Iterator[Service]:
    return (
        Service.objects.published()
        .select_related("owner")
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.select_related("owner")), "times"
        )
        .order_by("pk")
        .iterator(chunk_size=1000)
    )


def export_hsds(target: str | Path, *, lang: str = "fi") -> ExportReport:
    """Write the published entries to `target`: a directory, or a zip file (*.zip)."""
    target = Path(target)
    as_zip = target.suffix.lower() == ".zip"
    directory = Path(tempfile.mkdtemp(prefix="hsds-")) if as_zip else target
    directory.mkdir(parents=True, exist_ok=True)
    report = ExportReport(path=str(target), language=lang)
    tables = _Tables(directory)
    try:
        exporter = _Exporter(tables, lang)
        exporter.fixed_rows()
        for service in _services():
            exporter.service(service)
            report.services += 1
        report.organisations, report.locations = len(exporter.orgs), len(exporter.places)
    finally:
        tables.close()
    report.rows = dict(tables.counts)
    (directory / "datapackage.json").write_text(
        json.dumps(_descriptor(lang), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if as_zip:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(directory.iterdir()):
                archive.write(file, file.name)
        shutil.rmtree(directory)
    return report
