"""Nothing a source says is dropped silently (issue 14, item 4): what the Helsinki register,
PTV and HSDS give is kept, counted against the source file itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kotopolku.catalog.exchange.common import clean
from kotopolku.catalog.models import Service
from tests.catalog.helpers_exchange import DATA, HELSINKI_FULL, run_import

pytestmark = pytest.mark.django_db


def test_helsinki_channel_texts_links_and_swedish_streets_are_kept() -> None:
    records = json.loads(HELSINKI_FULL.read_text(encoding="utf-8"))
    assert run_import(HELSINKI_FULL).ok
    entries = {
        s.external_id: s
        for s in Service.objects.filter(source="helsinki").prefetch_related("places")
    }
    wanted = {
        "information": "contact_notes",
        "prerequisites": "requirements",
        "call_charge_info": "contact_notes",
        "process_description": "how_to_join",
    }
    seen = dict.fromkeys(wanted, 0)
    urls = swedish = 0
    for record in records:
        entry = entries[str(record["id"])]
        stored_urls = {link["url"] for link in entry.links}
        for lang in ("fi", "sv", "en"):
            block = record.get(lang)
            if not isinstance(block, dict):
                continue
            for link in block.get("links") or []:
                if clean(link.get("url")):
                    urls += 1
                    assert clean(link["url"]).replace("\\/", "/") in stored_urls
            for channel in block.get("channels") or []:
                for key, target in wanted.items():
                    text = clean(channel.get(key))
                    if text:
                        seen[key] += 1
                        assert text in getattr(entry, target)[lang], (record["id"], key)
                if True:
                    for link in channel.get("links") or []:
                        if clean(link.get("url")):
                            urls += 1
                            assert clean(link["url"]).replace("\\/", "/") in stored_urls
                street = clean(channel.get("personal_service_street_addr")).rstrip(",")
                if lang == "sv" and street and channel.get("type") == "LOCAL":
                    places = list(entry.places.all())
                    if all(p.street_address != street for p in places):
                        swedish += 1
                        assert any(p.street_translations.get("sv") == street for p in places)
    assert seen["information"] >= 250 and seen["prerequisites"] >= 170
    assert seen["call_charge_info"] >= 420 and seen["process_description"] >= 120
    assert urls >= 1300 and swedish >= 1


def test_ptv_requirements_alternative_names_and_keywords_are_kept(tmp_path: Path) -> None:
    page = json.loads((DATA / "ptv_page.json").read_text(encoding="utf-8"))
    item = page["itemList"][0]
    item["requirements"] = [{"language": "fi", "value": "Kotikunta Suomessa."}]
    item["keywords"] = [
        {"language": "fi", "value": "kotoutuminen"},
        {"language": "sv", "value": "integration"},
    ]
    path = tmp_path / "ptv.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    assert run_import(path).ok
    service = Service.objects.get(source="ptv")
    assert service.requirements == {"fi": "Kotikunta Suomessa."}
    assert service.alternate_name == {"fi": "Alkuohjaus"}
    assert service.keywords == {"fi": ["kotoutuminen"], "sv": ["integration"]}


def test_hsds_fields_are_kept(tmp_path: Path) -> None:
    records = json.loads((DATA / "hsds_services.json").read_text(encoding="utf-8"))
    records[0].update(
        alternate_name="Puhekahvila",
        eligibility_description="Yli 16-vuotiaat.",
        minimum_age=16,
        maximum_age=99,
        assured_date="2026-01-15",
    )
    records[0]["phones"] = [{"id": "p1", "number": "040 123 4567", "extension": 12}]
    records[0]["schedules"][0]["valid_from"] = "2026-01-01"
    records[0]["schedules"][0]["valid_to"] = "2026-05-31"
    records[0]["organization"]["description"] = "Kotoutumista tukeva yhdistys."
    records[0]["organization"]["legal_status"] = "rekisteröity yhdistys"
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    report = run_import(path)
    assert report.ok, report.rejected
    cafe = Service.objects.get(external_id__endswith="3a01")
    assert (cafe.alternate_name, cafe.requirements) == (
        {"fi": "Puhekahvila"},
        {"fi": "Yli 16-vuotiaat."},
    )
    assert (cafe.minimum_age, cafe.maximum_age, str(cafe.assured_on)) == (16, 99, "2026-01-15")
    assert cafe.contact_phone_extension == "12"
    assert {(str(t.valid_from), str(t.valid_to)) for t in cafe.times.all()} == {
        ("2026-01-01", "2026-05-31")
    }
    record = cafe.owner.source_records.get()
    assert record.description == {"fi": "Kotoutumista tukeva yhdistys."}
    assert record.legal_status == "rekisteröity yhdistys"


def test_requirements_are_shown_on_the_entry_page_and_in_the_api(
    client: Any, tmp_path: Path
) -> None:
    records = json.loads((DATA / "hsds_services.json").read_text(encoding="utf-8"))
    records[0]["eligibility_description"] = "Yli 16-vuotiaat."
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert run_import(path).ok
    cafe = Service.objects.get(external_id__endswith="3a01")
    page = client.get(f"/tray/{cafe.pk}/")  # public: the published entry's page
    assert page.status_code == 200
    assert "Yli 16-vuotiaat." in page.content.decode()
    body = client.get(f"/api/v1/services/{cafe.pk}").json()
    assert body["texts"]["requirements"] == {"fi": "Yli 16-vuotiaat."}
