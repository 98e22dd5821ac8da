"""fi, sv and en HSDS packages of one catalogue, imported into an empty catalogue, give back
the same organisations, locations and owners (issue 14, item 3)."""

from __future__ import annotations

import csv
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kotopolku.catalog.exchange.export import export_hsds
from kotopolku.catalog.models import Place, ProviderRecord, Service
from kotopolku.orgs.models import Organisation
from tests.catalog.helpers_exchange import DATA, run_import

pytestmark = pytest.mark.django_db
LANGS = ("fi", "sv", "en")


def _catalogue() -> None:
    """Helsinki (trilingual entries, a Y-tunnus), HSDS and PTV entries; an organisation with a
    trilingual name and no Y-tunnus; one place shared by three entries of two owners."""
    for name in ("helsinki_sample.json", "hsds_services.json", "ptv_page.json"):
        assert run_import(DATA / name).ok
    parish = Service.objects.get(external_id__endswith="3a02").owner
    parish.name = {"fi": "Kokkolan seurakunta", "sv": "Karleby församling", "en": "Kokkola parish"}
    parish.business_id = ""
    parish.save()
    cafe = Service.objects.get(external_id__endswith="3a01")
    cafe.name = {"fi": "Kielikahvila", "sv": "Språkcafé", "en": "Language café"}
    cafe.what_to_bring = {  # HSDS required documents, one per line, in each package
        "fi": "Henkilökortti\nOleskelulupakortti (https://migri.fi/oleskelulupakortti)",
        "sv": "Identitetskort\nUppehållstillståndskort",
        "en": "Identity card",
    }
    cafe.save()
    shared = cafe.places.get()
    shared.name = {"fi": "Kirjasto", "sv": "Biblioteket", "en": "Library"}
    shared.save()
    for other in Service.objects.filter(
        external_id__in=["5195", "11111111-2222-4333-8444-555555555501"]
    ):
        other.places.add(shared)


def _snapshot() -> dict[str, Any]:
    entries = {}
    for s in Service.objects.select_related("owner").prefetch_related("places", "times"):
        entries[s.name["fi"]] = {
            "texts": {
                f: getattr(s, f)
                for f in (
                    "name",
                    "summary",
                    "description",
                    "how_to_join",
                    "what_to_bring",
                    "cost_text",
                    "schedule_text",
                    "requirements",
                    "alternate_name",
                )
            },
            "owner": (tuple(sorted(s.owner.name.items())), s.owner.kind, s.owner.business_id),
            "places": sorted(
                (
                    tuple(sorted(p.name.items())),
                    p.street_address,
                    tuple(sorted(p.street_translations.items())),
                    p.postal_code,
                    p.municipality_code,
                    p.country,
                    tuple(sorted(p.accessibility.items())),
                )
                for p in s.places.all()
            ),
            "times": sorted(str(t) for t in s.times.all()),
            "plain": [
                s.kind,
                s.programme_element,
                s.tray_category,
                s.target_groups,
                s.languages,
                s.municipality_codes,
                s.schedule_kind,
                str(s.price_eur),
                s.contact_role,
                s.contact_email,
                s.contact_phone,
                s.url,
            ],
        }
    sharing = sorted(sorted(s.name["fi"] for s in p.services.all()) for p in Place.objects.all())
    owners = sorted(
        (tuple(sorted(o.name.items())), o.kind, o.business_id)
        for o in Organisation.objects.filter(services__isnull=False).distinct()
    )
    return {
        "entries": entries,
        "sharing": sharing,
        "owners": owners,
        "places": Place.objects.count(),
    }


def _empty() -> None:
    owners = set(Service.objects.values_list("owner_id", flat=True))
    Service.objects.all().delete()
    Place.objects.all().delete()
    ProviderRecord.objects.all().delete()
    Organisation.objects.filter(pk__in=owners).delete()


def _without_ids(directory: Path) -> dict[str, Counter[str]]:
    """Every table's rows with the id columns (uuids) left out."""
    tables: dict[str, Counter[str]] = {}
    for path in sorted(directory.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        found: Counter[str] = Counter()
        for row in rows:
            kept = {}
            for key, value in row.items():
                try:
                    uuid.UUID(value)
                except ValueError:
                    kept[key] = value
            found[json.dumps(kept, sort_keys=True)] += 1
        tables[path.name] = found
    return tables


def test_fi_sv_en_round_trip_keeps_organisations_locations_and_owners(tmp_path: Path) -> None:
    _catalogue()
    before = _snapshot()
    for lang in LANGS:
        export_hsds(tmp_path / "a" / lang, lang=lang)
    _empty()
    for lang in LANGS:
        report = run_import(tmp_path / "a" / lang, lang=lang)
        assert report.ok, report.rejected
    after = _snapshot()
    assert after["owners"] == before["owners"]
    assert after["sharing"] == before["sharing"]
    assert after["places"] == before["places"]
    assert after["entries"] == before["entries"]
    for lang in LANGS:  # the same packages again: nothing changes
        again = run_import(tmp_path / "a" / lang, lang=lang)
        assert (again.created, again.updated, again.unchanged) == (0, 0, len(after["entries"]))
        assert again.organisations_created == []
    for lang in LANGS:  # and the export of the imported catalogue differs only in its ids
        export_hsds(tmp_path / "b" / lang, lang=lang)
        first, second = _without_ids(tmp_path / "a" / lang), _without_ids(tmp_path / "b" / lang)
        for name in first:
            if name != "services.csv":
                assert first[name] == second[name], (lang, name)
        strip = lambda rows: Counter(  # noqa: E731 (last_modified is the import's time)
            json.dumps({k: v for k, v in json.loads(r).items() if k != "last_modified"})
            for r in rows.elements()
        )
        assert strip(first["services.csv"]) == strip(second["services.csv"]), lang


def test_organisations_do_not_multiply_across_languages(tmp_path: Path) -> None:
    _catalogue()
    owners = Organisation.objects.filter(services__isnull=False).distinct().count()
    for lang in LANGS:
        export_hsds(tmp_path / lang, lang=lang)
    _empty()
    for lang in LANGS:
        assert run_import(tmp_path / lang, lang=lang).ok
    assert Organisation.objects.filter(services__isnull=False).distinct().count() == owners
    parish = Organisation.objects.get(name__fi="Kokkolan seurakunta")
    assert parish.name == {
        "fi": "Kokkolan seurakunta",
        "sv": "Karleby församling",
        "en": "Kokkola parish",
    }
