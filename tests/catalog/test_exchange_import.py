"""Import of each format: mapping, owners, idempotency, single-language merge, dry run."""

from __future__ import annotations

import datetime
import decimal
import json
from pathlib import Path
from typing import Any

import pytest

from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog import actions
from kotopolku.catalog.models import (
    ProgrammeElement,
    SearchTerm,
    Service,
    TargetGroup,
    TrayCategory,
)
from kotopolku.orgs.models import Organisation
from tests.catalog.helpers_exchange import DATA, HELSINKI_FULL, counts, run_import

pytestmark = pytest.mark.django_db


def test_helsinki_records_are_mapped() -> None:
    report = run_import(DATA / "helsinki_sample.json")
    assert report.ok, report.rejected
    assert (report.format, report.records, report.created) == ("helsinki", 3, 3)
    info = Service.objects.get(source="helsinki", external_id="4203")
    assert info.name["fi"] == "Helsinki-info" and info.name["sv"] == "Helsingfors-info"
    assert info.status == Service.Status.PUBLISHED and info.published_at is not None
    assert info.municipality_codes == ["091"]
    # "fad" is not an ISO 639 code: dropped with a warning, the rest kept
    assert "fad" not in info.languages and {"ar", "so", "prs"} <= set(info.languages)
    assert any("fad" in w for w in report.warnings)
    morning = Service.objects.get(external_id="5195")
    assert morning.target_groups == [TargetGroup.CHILDREN, TargetGroup.FAMILIES]
    assert "Wilma" in morning.how_to_join["fi"]
    assert morning.cost_text["fi"] == "Aamupäivätoiminta on maksutonta."
    assert morning.url == "http://helsinki.inschool.fi"
    owner = info.owner
    assert owner.slug == "helsingin-kaupunki" and owner.kind == Organisation.Kind.MUNICIPAL_SERVICE
    assert [m.code for m in owner.serves.all()] == ["091"]
    assert report.organisations_created == ["helsingin-kaupunki (municipal_service)"]
    with_place = Service.objects.get(external_id="5445")
    place = with_place.places.get()
    assert place.street_address and place.municipality_code == "091"
    assert "\u200b" not in place.post_office + place.postal_code
    assert SearchTerm.objects.filter(service=info).exists()  # indexed for search


def test_helsinki_creates_one_change_event_per_entry() -> None:
    report = run_import(DATA / "helsinki_sample.json")
    events = ChangeEvent.objects.filter(subject_type="service", action=ChangeEvent.Action.CREATE)
    assert events.count() == report.created == 3
    event = events.get(subject_id=str(Service.objects.get(external_id="4203").pk))
    assert event.changes["name"][0] is None and event.changes["name"][1]["fi"] == "Helsinki-info"
    assert event.view == "test:catalog_import"


def test_second_import_changes_nothing_and_a_change_updates() -> None:
    first = run_import(DATA / "helsinki_sample.json")
    before = counts()
    second = run_import(DATA / "helsinki_sample.json")
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert counts() == before


def test_changed_record_updates_in_place(tmp_path: Path) -> None:
    run_import(DATA / "helsinki_sample.json")
    records = json.loads((DATA / "helsinki_sample.json").read_text(encoding="utf-8"))
    records[0]["fi"]["name"] = "Aamupäivätoiminta (uusi nimi)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(records), encoding="utf-8")
    before = counts()
    report = run_import(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Service.objects.get(external_id="5195").name["fi"] == "Aamupäivätoiminta (uusi nimi)"
    assert counts()["services"] == before["services"]
    update = ChangeEvent.objects.get(action=ChangeEvent.Action.UPDATE, subject_type="service")
    assert list(update.changes) == ["name"]
    assert update.changes["name"][1]["fi"] == "Aamupäivätoiminta (uusi nimi)"


def test_an_archived_entry_stays_archived_when_its_record_changes(tmp_path: Path) -> None:
    run_import(DATA / "helsinki_sample.json")
    archived = Service.objects.get(external_id="5195")
    with acting(view="test:archive"):
        actions.do_archive_service(archived, acting_user=None)
    records = json.loads((DATA / "helsinki_sample.json").read_text(encoding="utf-8"))
    records[0]["fi"]["name"] = "Aamupäivätoiminta (uusi nimi)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(records), encoding="utf-8")
    report = run_import(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    archived.refresh_from_db()
    assert archived.name["fi"] == "Aamupäivätoiminta (uusi nimi)"
    assert archived.status == Service.Status.ARCHIVED  # not made public again by the import
    assert run_import(DATA / "helsinki_sample.json").updated == 1
    assert Service.objects.get(pk=archived.pk).status == Service.Status.ARCHIVED


def test_hsds_array_is_mapped_without_person_names() -> None:
    report = run_import(DATA / "hsds_services.json")
    assert report.ok, report.rejected
    assert (report.format, report.created, report.skipped) == ("hsds", 2, 1)  # one defunct
    cafe = Service.objects.get(source="hsds", external_id="6f1c2a9e-1b7d-4c55-9a41-0d6c1e2f3a01")
    assert cafe.name == {"fi": "Kielikahvila"}
    assert cafe.contact_role == "Vapaaehtoiskoordinaattori"
    values = json.dumps(
        {f.attname: str(getattr(cafe, f.attname)) for f in Service._meta.concrete_fields}
    )
    assert "Maija" not in values  # a contact's name is never imported
    assert cafe.municipality_codes == ["272", "167"]  # Kokkola by name, Joensuu by code
    assert cafe.languages == ["fi", "ar"]
    assert cafe.price_eur == decimal.Decimal("0.00")
    assert cafe.tray_category == TrayCategory.DOERS and cafe.target_groups == ["adults"]
    assert sorted((t.weekday or 0, t.starts_at) for t in cafe.times.all()) == [
        (1, datetime.time(17)),
        (3, datetime.time(17)),
    ]
    assert cafe.schedule_text == {"fi": "Tiistaisin ja torstaisin."}
    place = cafe.places.get()
    assert (place.street_address, place.municipality_code) == ("Isokatu 5", "272")
    assert place.accessibility == {"fi": "Esteetön sisäänkäynti."}
    assert cafe.owner.kind == Organisation.Kind.NGO
    parish = Service.objects.get(external_id="6f1c2a9e-1b7d-4c55-9a41-0d6c1e2f3a02").owner
    assert parish.kind == Organisation.Kind.PARISH
    assert Service.objects.get(external_id__endswith="3a02").municipality_codes == ["272"]


def test_hsds_second_language_merges_into_the_same_entries(tmp_path: Path) -> None:
    run_import(DATA / "hsds_services.json", lang="fi")
    records = json.loads((DATA / "hsds_services.json").read_text(encoding="utf-8"))
    records[0]["name"] = "Språkcafé"
    records[0]["description"] = "Samtal på finska."
    swedish = tmp_path / "sv.json"
    swedish.write_text(json.dumps(records), encoding="utf-8")
    report = run_import(swedish, lang="sv")
    assert (report.created, report.updated) == (0, 2)
    cafe = Service.objects.get(external_id__endswith="3a01")
    assert cafe.name == {"fi": "Kielikahvila", "sv": "Språkcafé"}
    assert cafe.description["sv"] == "Samtal på finska." and "fi" in cafe.description
    assert cafe.places.get().accessibility == {
        "fi": "Esteetön sisäänkäynti.",
        "sv": "Esteetön sisäänkäynti.",
    }
    assert Service.objects.filter(source="hsds").count() == 2


def test_ptv_page_is_mapped() -> None:
    report = run_import(DATA / "ptv_page.json")
    assert report.ok, report.rejected
    assert (report.format, report.container, report.created, report.skipped) == (
        "ptv",
        "page",
        1,
        1,
    )
    service = Service.objects.get(source="ptv")
    assert service.external_id == "11111111-2222-4333-8444-555555555501"
    assert service.name == {
        "fi": "Kotoutumisen alkuvaiheen ohjaus",
        "sv": "Vägledning i början av integrationen",
    }
    assert service.summary["fi"].startswith("Ohjausta")
    assert service.how_to_join == {"fi": "Varaa aika puhelimitse.", "sv": "Boka tid per telefon."}
    assert service.municipality_codes == ["272"] and service.languages == ["fi", "sv", "en"]
    assert service.price_eur == 0
    assert service.tray_category == TrayCategory.EARLY
    assert service.programme_element == ProgrammeElement.GUIDANCE
    assert service.target_groups == [TargetGroup.YOUTH]
    assert (service.contact_phone, service.contact_email) == (
        "+358 40 000 0002",
        "kotoutuminen@example.fi",
    )
    assert service.contact_role == "Kotoutumispalvelujen neuvonta"
    assert sorted(t.weekday or 0 for t in service.times.all()) == [0, 1, 2]
    assert service.schedule_text == {"fi": "Suljettu arkipyhinä."}
    assert service.places.get().street_address == "Torikatu 40"
    assert service.owner.kind == Organisation.Kind.MUNICIPAL_SERVICE


def test_ptv_single_service_and_array(tmp_path: Path) -> None:
    page = json.loads((DATA / "ptv_page.json").read_text(encoding="utf-8"))
    single = tmp_path / "one.json"
    single.write_text(json.dumps(page["itemList"][0]), encoding="utf-8")
    report = run_import(single)
    assert (report.format, report.container, report.created) == ("ptv", "object", 1)
    array = tmp_path / "array.json"
    array.write_text(json.dumps(page["itemList"]), encoding="utf-8")
    report = run_import(array)
    assert (report.format, report.container, report.unchanged, report.skipped) == (
        "ptv",
        "array",
        1,
        1,
    )


def test_owner_option_owns_every_entry(demo_world: Any) -> None:
    owner = Organisation.objects.order_by("slug").first()
    assert owner is not None
    orgs = Organisation.objects.count()
    report = run_import(DATA / "ptv_page.json", owner=owner)
    assert report.created == 1 and report.organisations_created == []
    assert Service.objects.get(source="ptv").owner == owner
    assert Organisation.objects.count() == orgs


def test_dry_run_counts_and_writes_nothing() -> None:
    before = counts()
    report = run_import(DATA / "helsinki_sample.json", dry_run=True)
    assert report.ok and not report.written
    assert report.created == 3
    assert counts() == before


def test_the_whole_helsinki_file_imports() -> None:
    report = run_import(HELSINKI_FULL)
    assert report.ok, report.rejected[:5]
    assert report.created == report.records == 478
    assert Service.objects.filter(source="helsinki").count() == 478


@pytest.mark.parametrize(
    ("organisation", "area", "kind"),
    [
        (
            {"id": "a1", "name": "Väestörekisterikeskus"},
            "LimitedType",
            Organisation.Kind.STATE_AGENCY,
        ),
        (
            {"id": "a2", "name": "Esimerkki", "organizationType": "State"},
            "LimitedType",
            Organisation.Kind.STATE_AGENCY,
        ),
        ({"id": "a3", "name": "Esimerkki 2"}, "Nationwide", Organisation.Kind.STATE_AGENCY),
        (
            {"id": "a4", "name": "Esimerkki 3", "organizationType": "Region"},
            "LimitedType",
            Organisation.Kind.WELLBEING_COUNTY,
        ),
        ({"id": "a5", "name": "Esimerkki 4"}, "LimitedType", Organisation.Kind.MUNICIPAL_SERVICE),
    ],
)
def test_ptv_organisation_kind(
    tmp_path: Path, organisation: dict[str, str], area: str, kind: str
) -> None:
    """A state agency from PTV is not a municipal service (issue 14, item 5)."""
    page = json.loads((DATA / "ptv_page.json").read_text(encoding="utf-8"))
    item = page["itemList"][0]
    item["organizations"] = [{"roleType": "Responsible", "organization": organisation}]
    item["areaType"] = area
    path = tmp_path / "one.json"
    path.write_text(json.dumps(item), encoding="utf-8")
    report = run_import(path)
    assert report.ok, report.rejected
    assert Service.objects.get(source="ptv").owner.kind == kind
