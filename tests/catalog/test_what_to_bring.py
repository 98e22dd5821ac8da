""" "What to bring" on a tray entry (issue 15 section 2): a translated text like the others, kept
by an NGO in the same section as "how to take part", given by the public API (additively: the
picked text and its language, and every translation under `texts`), and loaded from the demo
TOML files. The plan summary's use of it is tested in tests/casework/test_summary_services.py."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kotopolku.catalog import demo_tray
from kotopolku.catalog.models import TEXT_FIELDS, Service
from tests.catalog.test_editing_views import entry, form_data, org

pytestmark = pytest.mark.django_db
Login = Callable[[str], Client]
URL = "/api/v1/services"


def test_what_to_bring_is_a_translated_text_next_to_how_to_join() -> None:
    assert TEXT_FIELDS.index("what_to_bring") == TEXT_FIELDS.index("how_to_join") + 1


def test_an_ngo_writes_what_to_bring_in_the_texts_section(login: Login) -> None:
    c = login("ngo.spr")
    page = c.get(reverse("catalog:service_create") + "?owner=spr-joensuu").content.decode()
    # in the texts section, the row after how to take part: a field per language
    rows = re.findall(
        r'<fieldset class="text-row">\s*<legend>(.*?)</legend>(.*?)</fieldset>', page, re.S
    )
    legends = [legend for legend, _ in rows]
    assert legends[legends.index("How to take part") + 1] == "What to bring"
    bring = dict(rows)["What to bring"]
    for lang in ("fi", "sv", "en"):
        assert f'name="what_to_bring_{lang}"' in bring
    response = c.post(
        reverse("catalog:service_create"),
        form_data(
            owner=str(org("spr-joensuu").pk),
            what_to_bring_fi="Ei tarvitse ottaa mitään.",
            what_to_bring_en="Nothing needed.",
            extra1_what_to_bring="لا تحتاج إلى إحضار أي شيء.",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(name__fi="Kielikahvila")
    assert service.what_to_bring == {
        "fi": "Ei tarvitse ottaa mitään.",
        "en": "Nothing needed.",
        "ar": "لا تحتاج إلى إحضار أي شيء.",
    }
    # the edit form shows what is saved
    edit = c.get(reverse("catalog:service_edit", args=[service.pk])).content.decode()
    assert "Ei tarvitse ottaa mitään." in edit


def test_the_entry_page_shows_what_to_bring(client: Client, login: Login) -> None:
    service = entry(publish=True, what_to_bring={"fi": "Oleskelulupakortti", "en": "Permit card"})
    page = login("counsellor.joensuu").get(
        reverse("catalog:service_detail", args=[service.pk]) + "?lang=en"
    )
    assert "Permit card" in page.content.decode()


def test_the_api_gives_what_to_bring_additively(client: Client, demo_world: object) -> None:
    service = entry(
        publish=True,
        target_groups=["adults"],
        what_to_bring={"fi": "Kynä ja paperia", "en": "A pen and paper"},
    )
    body = client.get(f"{URL}/{service.pk}?lang=sv").json()
    # no Swedish: the picked text says its language (like how_to_join)
    assert (body["what_to_bring"], body["what_to_bring_lang"]) == ("Kynä ja paperia", "fi")
    assert body["texts"]["what_to_bring"] == {"fi": "Kynä ja paperia", "en": "A pen and paper"}
    english = client.get(f"{URL}/{service.pk}?lang=en").json()
    assert english["what_to_bring"] == "A pen and paper"
    # the existing fields are all still there
    for field in ("how_to_join", "how_to_join_lang", "cost_text", "schedule_text", "texts"):
        assert field in body
    # an entry that says nothing gives empty strings
    other = entry(publish=True, name={"fi": "Toinen"}, target_groups=["adults"])
    plain = client.get(f"{URL}/{other.pk}").json()
    assert plain["what_to_bring"] == ""


def test_the_openapi_schema_documents_what_to_bring(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    detail = schema["components"]["schemas"]["TrayServiceOut"]["properties"]
    assert detail["what_to_bring"]["type"] == "string"
    for writes in ("TrayServiceIn", "TrayServicePatch"):
        assert "what_to_bring" in schema["components"]["schemas"][writes]["properties"]


def test_the_demo_entries_say_what_to_bring_in_three_languages() -> None:
    said = {
        e.texts["name"]["en"]: e.texts["what_to_bring"]
        for e in demo_tray.all_entries()
        if "what_to_bring" in e.texts
    }
    assert set(said) >= {
        "Language café at the Citizens' House",
        "Group guidance, year 1: civic orientation",
    }
    for texts in said.values():
        assert set(texts) >= {"fi", "sv", "en"}
    assert "residence permit card" in said["Group guidance, year 1: civic orientation"]["en"]
