"""Demo organisations: the Joensuu region served by one regional centre, and Kokkola.

The organisations and their units are data: `data/demo_organisations.toml`, checked when first
read (an unknown or missing key, a wrong type, an unknown organisation kind, area, municipality
or county code raises `core.datafile.DataFileError` naming the file, the organisation and the
field). Names follow the seed documents and today's authorities (employment areas and
wellbeing counties since 2025); people appear only as role titles.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kotopolku.core.datafile import (
    Where,
    check_keys,
    read_toml,
    string,
    string_list,
    table_array,
    translations,
    type_name,
)
from kotopolku.orgs import actions
from kotopolku.orgs.models import Municipality, Organisation, Unit, WellbeingCounty

JOENSUU_REGION = ("167", "276", "426", "146", "309", "176", "607", "090")
KOKKOLA = ("272",)
# The Keski-Pohjanmaa employment area serves Kokkola and its neighbours.
KESKI_POHJANMAA = ("272", "074", "217", "236", "421", "584", "849", "924")
POHJOIS_KARJALA_COUNTY = "14"
KESKI_POHJANMAA_COUNTY = "18"
COUNTIES = (POHJOIS_KARJALA_COUNTY, KESKI_POHJANMAA_COUNTY)
# Named sets of municipality codes the demo data files may use instead of a list of codes.
AREAS: dict[str, tuple[str, ...]] = {
    "kokkola": KOKKOLA,
    "keski-pohjanmaa": KESKI_POHJANMAA,
    "joensuu": ("167",),
    "joensuu-region": JOENSUU_REGION,
    "all": tuple(dict.fromkeys((*JOENSUU_REGION, *KESKI_POHJANMAA))),
}
ORGANISATIONS_FILE = Path(__file__).resolve().parent / "data" / "demo_organisations.toml"


@dataclass(frozen=True)
class DemoOrg:
    slug: str
    kind: str
    name: dict[str, str]
    serves: tuple[str, ...]
    units: tuple[tuple[str, dict[str, str]], ...]
    county: str | None = None


def area_codes(where: Where, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A named area of `AREAS` or a list of municipality codes of the demo areas."""
    value = table.get(key)
    if isinstance(value, str):
        if value not in AREAS:
            raise where.error(key, f"unknown area {value!r} (known: {', '.join(AREAS)})")
        return AREAS[value]
    if isinstance(value, list):
        return string_list(where, table, key, set(AREAS["all"]).__contains__)
    raise where.error(key, f"expected an area name or a list of codes, got {type_name(value)}")


def _unit(where: Where, table: dict[str, Any]) -> tuple[str, dict[str, str]]:
    check_keys(where, table, ("slug", "name"), ())
    return string(where, table, "slug"), translations(where, "name", table["name"])


def _organisation(where: Where, table: dict[str, Any]) -> DemoOrg:
    check_keys(where, table, ("slug", "kind", "name", "serves"), ("county", "units"))
    kind = string(where, table, "kind")
    if kind not in Organisation.Kind.values:
        raise where.error("kind", f"unknown organisation kind {kind!r}")
    county = table.get("county")
    if county is not None and county not in COUNTIES:
        raise where.error("county", f"unknown wellbeing county code {county!r}")
    raw_units = table.get("units", [])
    if not isinstance(raw_units, list) or not all(isinstance(u, dict) for u in raw_units):
        raise where.error("units", "expected an array of tables ([[organisations.units]])")
    units = tuple(
        _unit(where.at(f"{where.entry} unit {i + 1}"), u) for i, u in enumerate(raw_units)
    )
    slugs = [slug for slug, _name in units]
    if len(set(slugs)) != len(slugs):
        raise where.error("units", "a unit slug appears twice")
    return DemoOrg(
        slug=string(where, table, "slug"),
        kind=kind,
        name=translations(where, "name", table["name"]),
        serves=area_codes(where, table, "serves"),
        units=units,
        county=county,
    )


def read_organisations(path: Path) -> tuple[DemoOrg, ...]:
    """The organisations of a demo organisations file, checked."""
    where = Where(path)
    data = read_toml(path)
    check_keys(where, data, ("organisations",), ())
    orgs = tuple(
        _organisation(where.at(f"organisation {i + 1} ({t.get('slug')!r})"), t)
        for i, t in enumerate(table_array(where, data, "organisations"))
    )
    slugs = [o.slug for o in orgs]
    twice = sorted({s for s in slugs if slugs.count(s) > 1})
    if twice:
        raise where.error("slug", f"{twice[0]!r} appears twice")
    return orgs


@functools.cache
def organisations() -> tuple[DemoOrg, ...]:
    return read_organisations(ORGANISATIONS_FILE)


def load() -> dict[str, Organisation]:
    """Create the demo organisations and units that do not exist yet; return them by slug."""
    municipalities = {m.code: m for m in Municipality.objects.valid_on()}
    counties = {c.code: c for c in WellbeingCounty.objects.all()}
    result: dict[str, Organisation] = {}
    for spec in organisations():
        org = Organisation.objects.filter(slug=spec.slug).first()
        if org is None:
            org = actions.do_create_organisation(
                slug=spec.slug,
                kind=spec.kind,
                name=spec.name,
                serves=[municipalities[c] for c in spec.serves if c in municipalities],
                wellbeing_county=counties.get(spec.county) if spec.county else None,
                acting_user=None,
            )
        existing = set(Unit.objects.filter(organisation=org).values_list("slug", flat=True))
        for slug, name in spec.units:
            if slug not in existing:
                actions.do_create_unit(org, slug=slug, name=name, acting_user=None)
        result[spec.slug] = org
    return result
