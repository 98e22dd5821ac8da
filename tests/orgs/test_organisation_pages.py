"""Organisation pages: creating and editing (admins, after re-authentication), visibility."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Municipality, Organisation, WellbeingCounty
from tests.orgs.helpers import confirm_password

NEW = "/organisations/new/"


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": "kontiolahden-kyla",
        "kind": Organisation.Kind.NGO,
        "name_fi": "Kontiolahden kyläyhdistys",
        "name_sv": "Kontiolax byförening",
        "name_en": "",
        "business_id": "1234567-8",
        "wellbeing_county": "",
        "serves": [Municipality.objects.get(code="276").pk],
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin(login: Callable[[str], Client]) -> Client:
    client = login("admin")
    client.cookies["kotopolku_language"] = "en"
    return client


def test_create_asks_for_the_password_first(admin: Client) -> None:
    response = admin.get(NEW)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm/?next=%2Forganisations%2Fnew%2F"
    response = admin.post(NEW, _form())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm/")
    assert not Organisation.objects.filter(slug="kontiolahden-kyla").exists()


def test_a_wrong_password_does_not_open_the_page(admin: Client) -> None:
    response = admin.post("/accounts/confirm/", {"password": "wrong-password", "next": NEW})
    assert response.status_code == 200
    assert admin.get(NEW).status_code == 302


def test_admin_creates_an_organisation_after_confirming(admin: Client) -> None:
    confirm_password(admin, NEW)
    assert admin.get(NEW).status_code == 200
    response = admin.post(NEW, _form())
    assert response.status_code == 302
    assert response["Location"] == "/organisations/kontiolahden-kyla/"
    org = Organisation.objects.get(slug="kontiolahden-kyla")
    assert org.name == {"fi": "Kontiolahden kyläyhdistys", "sv": "Kontiolax byförening"}
    assert org.business_id == "1234567-8"
    assert set(org.serves.values_list("code", flat=True)) == {"276"}
    event = ChangeEvent.objects.get(subject_type="organisation", subject_id=str(org.pk))
    assert event.action == ChangeEvent.Action.CREATE
    assert event.actor_username == "admin"
    assert event.view == "orgs:organisation_create"
    assert event.changes["serves"] == [None, ["276"]]
    detail = admin.get(response["Location"])
    assert detail.status_code == 200
    assert "Kontiolahti (276)" in detail.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "label"),
    [
        ({"slug": "Bad Slug!"}, "slug", "Identifier"),
        ({"slug": "toivo"}, "slug", "Identifier"),
        ({"name_fi": ""}, "name_fi", "Name in Finnish"),
        ({"kind": "church"}, "kind", "Kind"),
        ({"business_id": "1234567"}, "business_id", "Business ID"),
        ({"serves": ["not-a-number"]}, "serves", "Municipalities served"),
        ({"wellbeing_county": "999999"}, "wellbeing_county", "Wellbeing services county"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(
    overrides: dict[str, Any], field: str, label: str, admin: Client
) -> None:
    confirm_password(admin, NEW)
    organisations, events = Organisation.objects.count(), ChangeEvent.objects.count()
    response = admin.post(NEW, _form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'<a href="#id_{field}">{label}: ' in html
    assert f'id="id_{field}_error"' in html
    assert Organisation.objects.count() == organisations
    assert ChangeEvent.objects.count() == events


def test_an_ended_municipality_version_cannot_be_chosen(admin: Client) -> None:
    ended = Municipality.objects.get(code="607")
    ended.valid_to = ended.valid_from
    ended.save(update_fields=["valid_to"])
    confirm_password(admin, NEW)
    response = admin.post(NEW, _form(serves=[ended.pk]))
    assert response.status_code == 200
    assert "serves" in response.context["form"].errors


def test_admin_edits_an_organisation_and_the_change_is_logged(admin: Client) -> None:
    url = "/organisations/spr-joensuu/edit/"
    assert admin.get(url)["Location"].startswith("/accounts/confirm/")
    confirm_password(admin, url)
    page = admin.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["name_fi"] == "Suomen Punainen Risti, Joensuun osasto"
    county = WellbeingCounty.objects.get(code="14")
    serves = list(Organisation.objects.get(slug="spr-joensuu").serves.values_list("pk", flat=True))
    response = admin.post(
        url,
        {
            "slug": "ignored-because-disabled",
            "kind": Organisation.Kind.NGO,
            "name_fi": "SPR Joensuu",
            "name_sv": "FRK Joensuu",
            "name_en": "Red Cross Joensuu",
            "business_id": "0215207-2",
            "wellbeing_county": county.pk,
            "serves": serves[:3],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisations/spr-joensuu/"
    org = Organisation.objects.get(slug="spr-joensuu")
    assert org.name == {"fi": "SPR Joensuu", "sv": "FRK Joensuu", "en": "Red Cross Joensuu"}
    assert org.business_id == "0215207-2"
    assert org.wellbeing_county == county
    assert org.serves.count() == 3
    event = ChangeEvent.objects.filter(
        subject_type="organisation", subject_id=str(org.pk), action=ChangeEvent.Action.UPDATE
    ).get()
    assert set(event.changes) == {"name", "business_id", "wellbeing_county", "serves"}
    assert event.changes["business_id"] == ["", "0215207-2"]
    assert event.changes["wellbeing_county"] == [None, county.pk]
    assert len(event.changes["serves"][0]) == 8 and len(event.changes["serves"][1]) == 3


def test_an_edit_with_bad_input_changes_nothing(admin: Client) -> None:
    url = "/organisations/spr-joensuu/edit/"
    confirm_password(admin, url)
    before = Organisation.objects.get(slug="spr-joensuu")
    response = admin.post(url, {"kind": "ngo", "name_fi": "", "business_id": "x"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name_fi", "business_id"}
    after = Organisation.objects.get(slug="spr-joensuu")
    assert (after.name, after.business_id) == (before.name, before.business_id)
    assert after.serves.count() == 8


@pytest.mark.parametrize(
    "persona", ["coordinator.joensuu", "counsellor.joensuu", "auditor.joensuu", "ngo.spr"]
)
def test_only_admins_may_create_or_edit(persona: str, login: Callable[[str], Client]) -> None:
    client = login(persona)
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, _form()).status_code == 404
    assert client.get("/organisations/toivo/edit/").status_code == 404
    assert not Organisation.objects.filter(slug="kontiolahden-kyla").exists()


def test_coordinator_in_joensuu_sees_toivo(login: Callable[[str], Client]) -> None:
    response = login("coordinator.joensuu").get("/organisations/toivo/")
    assert response.status_code == 200
    assert response.context["org"].slug == "toivo"


def test_coordinator_in_kokkola_gets_404_for_toivo(login: Callable[[str], Client]) -> None:
    client = login("coordinator.kokkola")
    assert client.get("/organisations/toivo/").status_code == 404
    assert client.get("/organisations/spr-joensuu/").status_code == 404
    # an unknown slug answers the same, so existence does not leak
    assert client.get("/organisations/no-such-org/").status_code == 404
    assert client.get("/organisations/kokkola-kotoutumispalvelut/").status_code == 200
    assert client.get("/organisations/soite/").status_code == 200


def test_the_organisation_list_is_scoped_to_the_region(login: Callable[[str], Client]) -> None:
    joensuu = login("coordinator.joensuu").get("/organisations/")
    kokkola = login("coordinator.kokkola").get("/organisations/")
    admin = login("admin").get("/organisations/")
    slugs = {
        name: {o.slug for o in r.context["organisations"]}
        for name, r in (("joensuu", joensuu), ("kokkola", kokkola), ("admin", admin))
    }
    assert "toivo" in slugs["joensuu"] and "toivo" not in slugs["kokkola"]
    assert "kokkola-kotoutumispalvelut" in slugs["kokkola"]
    assert "kokkola-kotoutumispalvelut" not in slugs["joensuu"]
    assert slugs["admin"] == set(Organisation.objects.values_list("slug", flat=True))


def test_region_page_lists_the_coordinators_municipalities(
    login: Callable[[str], Client],
) -> None:
    response = login("coordinator.joensuu").get("/organisations/region/")
    assert response.status_code == 200
    codes = {m.code for m in response.context["municipalities"]}
    assert codes == {"167", "276", "426", "146", "309", "176", "607", "090"}
    html = response.content.decode()
    for name in ("Joensuu", "Kontiolahti", "Heinävesi", "Polvijärvi"):
        assert name in html
    assert "Kokkola" not in html
    assert [o.slug for o in response.context["own"]] == ["toivo"]


def test_region_page_of_kokkola(login: Callable[[str], Client]) -> None:
    response = login("coordinator.kokkola").get("/organisations/region/")
    assert {m.code for m in response.context["municipalities"]} == {"272"}
    html = response.content.decode()
    assert "Kokkola" in html and "Joensuu" not in html


def test_region_page_is_for_coordinators_only(login: Callable[[str], Client]) -> None:
    assert login("counsellor.joensuu").get("/organisations/region/").status_code == 404
    assert login("admin").get("/organisations/region/").status_code == 404
