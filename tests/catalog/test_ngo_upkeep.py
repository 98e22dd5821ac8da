"""Issue 15, NGO upkeep: an NGO's entry form asks only what an NGO keeps, in sections with the
required fields marked; a change of one language's text alone is pointed out after saving; the
coordinator's approval shows the changed texts word by word."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kotopolku.audit.context import acting
from kotopolku.catalog import actions
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.forms import AUTHORITY_FIELDS
from kotopolku.catalog.models import Service, ServiceRevision
from kotopolku.catalog.textdiff import stale_translations
from kotopolku.core.textdiff import Chunk, words
from kotopolku.orgs.models import Organisation
from tests.catalog.test_editing_views import entry, form_data, org

pytestmark = pytest.mark.django_db
Login = Callable[[str], Client]
CONTROL = re.compile(r"<(input|select|textarea)\b([^>]*)>")


def controls(html: str) -> list[str]:
    """The form controls a user fills in (hidden inputs and the CSRF token left out)."""
    return [m.group(2) for m in CONTROL.finditer(html) if 'type="hidden"' not in m.group(2)]


def visible(html: str) -> str:
    """The page without the contents of its closed <details> (the form's collapsed sections)."""
    return re.sub(r"<details(?![^>]*\bopen)[^>]*>.*?</details>", "", html, flags=re.S)


def names(html: str) -> set[str]:
    return {m.group(1) for a in controls(html) if (m := re.search(r'name="([^"]+)"', a))}


# --- which fields -----------------------------------------------------------------------------


def test_the_ngo_form_has_no_authority_fields_the_authority_form_has(login: Login) -> None:
    ngo_page = login("ngo.spr").get(reverse("catalog:service_create") + "?owner=spr-joensuu")
    authority_page = login("coordinator.joensuu").get(
        reverse("catalog:service_create") + "?owner=toivo"
    )
    ngo, authority = ngo_page.content.decode(), authority_page.content.decode()
    for name in AUTHORITY_FIELDS:
        assert name not in names(ngo)
        assert name in names(authority)
    # the authorities' column is not a choice for an NGO
    assert 'value="authority"' not in ngo and 'value="authority"' in authority
    assert "Act 681/2023 s. 13" not in ngo and "Act 681/2023 s. 13" in authority
    # what an NGO keeps is all there
    for name in (
        "name_fi",
        "description_sv",
        "how_to_join_en",
        "target_groups",
        "languages",
        "time0_weekday",
        "contact_role",
        "tray_category",
    ):
        assert name in names(ngo), name
    assert len(controls(ngo)) < len(controls(authority))
    # before issue 15 every user got the same 113 controls, all open; an NGO now has 111 and
    # sees 85 at first (the extra languages and times 2 to 4 behind their titles)
    assert len(controls(visible(ngo))) <= len(controls(ngo)) - 20


def test_keeps_authority_fields_only_for_an_authoritys_staff(demo_world: dict[str, Any]) -> None:
    ngo, toivo = org("spr-joensuu"), org("toivo")
    assert toivo.kind in Organisation.AUTHORITY_KINDS
    assert ngo.kind not in Organisation.AUTHORITY_KINDS
    assert permissions.keeps_authority_fields(demo_world["coordinator.joensuu"], toivo)
    assert not permissions.keeps_authority_fields(demo_world["coordinator.joensuu"], ngo)
    assert not permissions.keeps_authority_fields(demo_world["ngo.spr"], ngo)
    assert not permissions.keeps_authority_fields(demo_world["ngo.spr"], toivo)
    assert permissions.keeps_authority_fields(None, toivo)
    assert not permissions.keeps_authority_fields(None, ngo)


def test_an_ngo_cannot_set_the_authority_fields_by_posting_them(login: Login) -> None:
    c = login("ngo.spr")
    owner = str(org("spr-joensuu").pk)
    response = c.post(
        reverse("catalog:service_create"),
        form_data(owner=owner, kind="authority_role", programme_element="integration_training"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get()
    assert service.kind == "service"
    assert service.programme_element == "other"
    # an edit keeps what the entry has (set by the system, e.g. an import)
    Service.objects.filter(pk=service.pk).update(programme_element="guidance")
    c.post(
        reverse("catalog:service_edit", args=[service.pk]),
        form_data(programme_element="plan", extra1_lang="", extra1_name=""),
    )
    service.refresh_from_db()
    assert service.programme_element == "guidance"


def test_an_ngo_cannot_put_an_entry_in_the_authorities_column(login: Login) -> None:
    c = login("ngo.spr")
    owner = str(org("spr-joensuu").pk)
    response = c.post(
        reverse("catalog:service_create"), form_data(owner=owner, tray_category="authority")
    )
    assert response.status_code == 200
    assert not Service.objects.exists()


def test_an_authority_still_sets_its_classification(login: Login) -> None:
    c = login("coordinator.joensuu")
    response = c.post(
        reverse("catalog:service_create"),
        form_data(
            owner=str(org("toivo").pk),
            kind="authority_role",
            tray_category="authority",
            programme_element="guidance",
            municipality_codes=[],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get()
    assert (service.kind, service.programme_element) == ("authority_role", "guidance")


# --- sections and required marks --------------------------------------------------------------


def test_sections_have_legends_and_required_fields_are_marked(login: Login) -> None:
    html = login("ngo.spr").get(reverse("catalog:service_create")).content.decode()
    for legend in (
        "Provider",
        "Texts in Finnish, Swedish and English",
        "When",
        "Price and contact",
    ):
        assert re.search(rf"<legend[^>]*>(<h2[^>]*>)?{legend}<", html), legend
    # a required field: the word and the attribute
    label = re.search(r'<label for="id_schedule_kind">(.*?)</label>', html, re.S)
    assert label and "(required)" in label.group(1)
    assert re.search(r'<select name="schedule_kind"[^>]*\baria-required="true"', html)
    contact = re.search(r'<input[^>]*name="contact_role"[^>]*>', html)
    assert contact and "aria-required" not in contact.group(0)
    # an optional one says so, and the name says when it is needed
    assert "(required)" not in re.search(
        r'<label for="id_contact_role">(.*?)</label>', html, re.S
    ).group(1)
    name = re.search(r'<label for="id_name_fi">(.*?)</label>', html, re.S)
    assert name and "required in at least one language" in name.group(1)


def _sections(html: str) -> dict[str, bool]:
    """The collapsible sections of the form: legend -> open."""
    found = re.findall(
        r'<details class="card form-section"( open)?>\s*<summary><span class="h3">([^<]+)<', html
    )
    return {legend: bool(is_open) for is_open, legend in found}


def test_extra_languages_and_further_times_open_only_when_filled(login: Login) -> None:
    c = login("ngo.spr")
    plain = entry(name={"fi": "Ystävätoiminta", "en": "Friend activity"})
    html = c.get(reverse("catalog:service_edit", args=[plain.pk])).content.decode()
    assert _sections(html) == {"Extra language 1": False, "Extra language 2": False}
    # fi, sv and en side by side, one row per text
    assert re.search(r'<fieldset class="text-row">\s*<legend>Name</legend>', html)
    # one row of times shown, the other empty ones behind "More times"
    assert html.count('class="time-more"') == 1
    assert (
        html.index('name="time0_weekday"')
        < html.index('class="time-more"')
        < html.index('name="time1_weekday"')
    )
    arabic = entry(name={"fi": "Kerho", "ar": "نادي"})
    html = c.get(reverse("catalog:service_edit", args=[arabic.pk])).content.decode()
    assert _sections(html) == {"Extra language 1": True, "Extra language 2": False}


# --- the warning when one language changed ---------------------------------------------------


def test_stale_translations() -> None:
    before = {"name": {"fi": "Kerho", "en": "Club"}, "summary": {"fi": "Vanha"}}
    assert stale_translations(before, {"name": {"fi": "Kerho 2", "en": "Club"}}, ["name"])[
        0
    ].unchanged == ("en",)
    assert stale_translations(before, {"name": {"fi": "Kerho 2", "en": "Club 2"}}, ["name"]) == []
    # a text in one language only, a translation added, white space: nothing to warn about
    assert stale_translations(before, {"summary": {"fi": "Uusi"}}, ["summary"]) == []
    assert (
        stale_translations(before, {"name": {"fi": "Kerho", "en": "Club", "sv": "Klubb"}}, ["name"])
        == []
    )
    assert stale_translations(before, {"name": {"fi": "Kerho ", "en": "Club"}}, ["name"]) == []


def test_saving_one_language_only_warns_but_saves(login: Login) -> None:
    service = entry(name={"fi": "Ystävätoiminta", "en": "Friend activity"})
    c = login("ngo.spr")
    data = form_data(
        name_fi="Ystävätoiminta ja kahvi",
        name_sv="",
        name_en="Friend activity",
        extra1_lang="",
        extra1_name="",
    )
    response = c.post(reverse("catalog:service_edit", args=[service.pk]), data, follow=True)
    html = response.content.decode()
    service.refresh_from_db()
    assert service.name["fi"] == "Ystävätoiminta ja kahvi"  # saved: the warning does not block
    assert "Name: you changed the text in Finnish but not in English." in html
    # both changed: no warning
    data.update(name_fi="Ystävätoiminta", name_en="Friendship")
    again = c.post(reverse("catalog:service_edit", args=[service.pk]), data, follow=True)
    assert "you changed the text in" not in again.content.decode()


# --- the word-level diff ----------------------------------------------------------------------


def test_word_diff_marks_deleted_and_inserted_words() -> None:
    assert words("Meet on Monday at five", "Meet on Tuesday at five") == [
        Chunk("equal", "Meet on "),
        Chunk("delete", "Monday"),
        Chunk("insert", "Tuesday"),
        Chunk("equal", " at five"),
    ]
    assert words("", "New") == [Chunk("insert", "New")]
    assert words("Old", "") == [Chunk("delete", "Old")]
    joined = words("a b c", "a x c")
    assert "".join(s.text for s in joined if s.op != "delete") == "a x c"
    assert "".join(s.text for s in joined if s.op != "insert") == "a b c"


def test_the_approval_shows_the_change_word_by_word_escaped(login: Login) -> None:
    service = entry(publish=True, summary={"fi": "Tavataan maanantaina kello viisi."})
    with acting(view="test"):
        actions.do_update_service(
            service,
            {"summary": {"fi": "Tavataan tiistaina <script>alert(1)</script> kello viisi."}},
            acting_user=(
                user := __import__("kotopolku.accounts.models", fromlist=["User"]).User.objects.get(
                    username="ngo.spr"
                )
            ),
        )
    revision = ServiceRevision.objects.get(service=service)
    c = login("coordinator.joensuu")
    for url in (
        reverse("catalog:revision_decide", args=[revision.pk]),
        reverse("catalog:approvals"),
    ):
        html = c.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert re.search(
            r'<del class="word-del"><span class="visually-hidden">\[deleted: </span>maanantaina<',
            html,
        )
        assert re.search(
            r'<ins class="word-ins"><span class="visually-hidden">\[inserted: </span>tiistaina &lt;script&gt;alert\(1\)&lt;/script&gt;<',
            html,
        )
    assert user.username == "ngo.spr"
