"""The editing pages: our services, the entry form, status, history and approvals; each for
the right roles, 404 for the others."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.catalog import actions
from kotopolku.catalog.models import Service, ServiceRevision
from kotopolku.orgs.models import Organisation

pytestmark = pytest.mark.django_db
Login = Callable[[str], Client]


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def entry(owner: str = "spr-joensuu", *, publish: bool = False, **data: Any) -> Service:
    with acting(view="test"):
        return actions.do_create_service(
            org(owner),
            {"name": {"fi": "Ystävätoiminta", "en": "Friend activity"}, **data},
            publish=publish,
            acting_user=None,
        )


def form_data(**extra: Any) -> dict[str, Any]:
    data = {
        "name_fi": "Kielikahvila",
        "name_sv": "Språkcafé",
        "summary_fi": "Puhutaan suomea.",
        "extra1_lang": "ar",
        "extra1_name": "مقهى اللغة",
        "kind": "service",
        "tray_category": "open",
        "programme_element": "language_work",
        "target_groups": ["adults"],
        "languages": ["fi", "ar"],
        "other_languages": "ln",
        "municipality_codes": ["167"],
        "schedule_kind": "recurring",
        "time0_weekday": "2",
        "time0_starts_at": "17:00",
        "time0_ends_at": "19:00",
        "contact_role": "Vapaaehtoistoiminnan koordinaattori",
    }
    data.update(extra)
    return data


def test_my_services_lists_entries_with_review_flag(login: Login) -> None:
    fresh = entry()
    stale = entry(name={"fi": "Vanha kerho"})
    Service.objects.filter(pk=stale.pk).update(reviewed_on=datetime.date(2020, 1, 1))
    entry("toivo", name={"fi": "Toivon oma"})
    response = login("ngo.spr").get(reverse("catalog:my_services"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Friend activity" in html and "Vanha kerho" in html
    assert "Toivon oma" not in html
    assert html.count("Review needed") == 1
    assert reverse("referrals:received") in html
    assert reverse("catalog:service_edit", args=[fresh.pk]) in html


def test_my_services_404_for_users_without_an_editor_role(login: Login) -> None:
    assert login("auditor.joensuu").get(reverse("catalog:my_services")).status_code == 404


def test_create_through_the_form(login: Login) -> None:
    c = login("ngo.spr")
    page = c.get(reverse("catalog:service_create") + "?owner=spr-joensuu&category=doers")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'dir="rtl"' not in html  # no RTL language chosen yet
    assert 'lang="sv"' in html
    owner = str(org("spr-joensuu").pk)
    response = c.post(reverse("catalog:service_create"), form_data(owner=owner))
    assert response.status_code == 302, response.content.decode()[:3000]
    service = Service.objects.get()
    assert service.name == {"fi": "Kielikahvila", "sv": "Språkcafé", "ar": "مقهى اللغة"}
    assert service.languages == ["fi", "ar", "ln"]
    assert service.times.get().weekday == 2
    assert service.status == "draft"


def test_form_errors_are_shown_on_fields(login: Login) -> None:
    c = login("ngo.spr")
    owner = str(org("spr-joensuu").pk)
    response = c.post(
        reverse("catalog:service_create"),
        form_data(owner=owner, name_fi="", name_sv="", extra1_lang="", time0_ends_at="16:00"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "Give the name in at least one language." in html
    assert not Service.objects.exists()
    response = c.post(
        reverse("catalog:service_create"), form_data(owner=owner, time0_ends_at="16:00")
    )
    assert "The end time must be after the start time." in response.content.decode()


def test_ngo_cannot_create_for_another_organisation(login: Login) -> None:
    response = login("ngo.spr").post(
        reverse("catalog:service_create"), form_data(owner=str(org("toivo").pk))
    )
    assert response.status_code == 200  # not a choice: the form refuses it
    assert not Service.objects.exists()


def test_edit_published_entry_waits_for_approval(login: Login) -> None:
    service = entry(publish=True)
    c = login("ngo.spr")
    page = c.get(reverse("catalog:service_edit", args=[service.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your change is saved as a proposal" in html and "Propose the change" in html
    draft = entry(name={"fi": "Luonnos"})
    draft_page = c.get(reverse("catalog:service_edit", args=[draft.pk])).content.decode()
    assert "Propose the change" not in draft_page  # a draft changes at once
    response = c.post(
        reverse("catalog:service_edit", args=[service.pk]),
        form_data(name_fi="Ystävätoiminta 2", extra1_lang="", extra1_name=""),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name["fi"] == "Ystävätoiminta"
    revision = ServiceRevision.objects.get(service=service)
    assert revision.data["name"]["fi"] == "Ystävätoiminta 2"
    # the form shows the pending proposal
    again = c.get(reverse("catalog:service_edit", args=[service.pk])).content.decode()
    assert "Ystävätoiminta 2" in again


def test_edit_and_status_404_for_another_organisations_entry(login: Login) -> None:
    other = entry("toivo")
    c = login("ngo.spr")
    assert c.get(reverse("catalog:service_edit", args=[other.pk])).status_code == 404
    assert c.get(reverse("catalog:service_history", args=[other.pk])).status_code == 404
    response = c.post(
        reverse("catalog:service_status", args=[other.pk]), {"action": "archive", "confirm": "yes"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "draft"


def test_status_actions(login: Login) -> None:
    service = entry()
    Service.objects.filter(pk=service.pk).update(reviewed_on=datetime.date(2020, 1, 1))
    c = login("ngo.spr")
    url = reverse("catalog:service_status", args=[service.pk])
    assert c.post(url, {"action": "reviewed"}).status_code == 302
    service.refresh_from_db()
    assert service.reviewed_on == timezone.localdate()
    assert c.post(url, {"action": "publish"}).status_code == 302
    service.refresh_from_db()
    assert service.status == "draft"
    assert ServiceRevision.objects.get(service=service).data == {"status": "published"}
    assert c.post(url, {"action": "archive"}).status_code == 200  # asks first
    service.refresh_from_db()
    assert service.status == "draft"
    assert c.post(url, {"action": "archive", "confirm": "yes"}).status_code == 302
    service.refresh_from_db()
    assert service.status == "archived"
    assert c.post(url, {"action": "explode"}).status_code == 404
    assert c.get(url).status_code == 405


def test_history_shows_old_and_new_values(login: Login) -> None:
    service = entry()
    with acting(view="test"):
        actions.do_update_service(service, {"summary": {"fi": "Uusi kuvaus"}}, acting_user=None)
    response = login("ngo.spr").get(reverse("catalog:service_history", args=[service.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uusi kuvaus" in html and "Short description" in html
    # the region's coordinator sees it, another region's does not
    assert (
        login("coordinator.joensuu")
        .get(reverse("catalog:service_history", args=[service.pk]))
        .status_code
        == 200
    )
    assert (
        login("coordinator.kokkola")
        .get(reverse("catalog:service_history", args=[service.pk]))
        .status_code
        == 404
    )


def _pending(world: dict[str, User]) -> ServiceRevision:
    service = entry(publish=True)
    with acting(view="test"):
        revision = actions.do_update_service(
            service, {"summary": {"fi": "Ehdotettu kuvaus"}}, acting_user=world["ngo.spr"]
        )
    assert isinstance(revision, ServiceRevision)
    return revision


def test_approvals_and_decision(login: Login, demo_world: dict[str, User]) -> None:
    revision = _pending(demo_world)
    c = login("coordinator.joensuu")
    page = c.get(reverse("catalog:approvals"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ehdotettu kuvaus" in html
    assert reverse("catalog:revision_decide", args=[revision.pk]) in html
    url = reverse("catalog:revision_decide", args=[revision.pk])
    page = c.get(url)
    assert page.status_code == 200
    seen = _seen(page.content.decode())
    refused = c.post(url, {"decision": "reject", "reason": "", "seen": seen})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    approved = c.post(url, {"decision": "approve", "reason": "", "seen": seen})
    assert approved.status_code == 302
    revision.refresh_from_db()
    assert revision.status == "approved"
    assert revision.service.summary == {"fi": "Ehdotettu kuvaus"}
    assert c.get(url).status_code == 404  # decided


def _seen(html: str) -> str:
    found = re.search(r'<input type="hidden" name="seen" value="([0-9a-f]+)">', html)
    assert found is not None
    return found.group(1)


def test_approval_of_an_entry_changed_since_the_page_was_opened_is_refused(
    login: Login, demo_world: dict[str, User]
) -> None:
    service = entry()
    with acting(view="test"):
        actions.do_publish_service(service, acting_user=demo_world["ngo.spr"])
    revision = ServiceRevision.objects.get(service=service)
    c = login("coordinator.joensuu")
    url = reverse("catalog:revision_decide", args=[revision.pk])
    page = c.get(url).content.decode()
    seen = _seen(page)
    assert reverse("catalog:service_detail", args=[service.pk]) in page  # the entry to check
    # the owner changes the draft while the coordinator reads it
    ngo = login("ngo.spr")
    edit = reverse("catalog:service_edit", args=[service.pk])
    assert ngo.post(edit, form_data(name_fi="Vaihdettu nimi", extra1_lang="")).status_code == 302
    refused = c.post(url, {"decision": "approve", "reason": "", "seen": seen})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "error-summary" in html and "has changed since you opened this page" in html
    service.refresh_from_db()
    assert service.status == "draft"
    fresh = _seen(html)  # the page now shows the entry as it reads, with its fingerprint
    assert fresh != seen
    assert c.post(url, {"decision": "approve", "reason": "", "seen": fresh}).status_code == 302
    service.refresh_from_db()
    assert service.status == "published" and service.name["fi"] == "Vaihdettu nimi"


def test_approvals_of_another_region_are_hidden(login: Login, demo_world: dict[str, User]) -> None:
    revision = _pending(demo_world)
    c = login("coordinator.kokkola")
    assert "Ehdotettu kuvaus" not in c.get(reverse("catalog:approvals")).content.decode()
    url = reverse("catalog:revision_decide", args=[revision.pk])
    assert c.get(url).status_code == 404
    assert c.post(url, {"decision": "approve"}).status_code == 404
    assert login("ngo.spr").get(url).status_code == 404  # not a coordinator: the policy


def test_edit_form_marks_rtl_and_keeps_languages_it_has_no_slot_for(login: Login) -> None:
    service = entry(
        name={"fi": "Kerho", "ar": "نادي", "so": "Naadi", "uk": "Клуб"},
        summary={"fi": "Kuvaus", "uk": "Опис"},
    )
    c = login("ngo.spr")
    html = c.get(reverse("catalog:service_edit", args=[service.pk])).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "uk" in html and "kept as they are" in html
    response = c.post(
        reverse("catalog:service_edit", args=[service.pk]),
        form_data(
            name_fi="Kerho 2",
            name_sv="",
            summary_fi="",
            extra1_lang="ar",
            extra1_name="نادي",
            extra2_lang="so",
            extra2_name="Naadi",
        ),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == {"fi": "Kerho 2", "ar": "نادي", "so": "Naadi", "uk": "Клуб"}
    assert service.summary == {"uk": "Опис"}


def test_saving_a_published_entry_unchanged_proposes_nothing(login: Login) -> None:
    service = entry(
        publish=True,
        name={"fi": "Kerho", "ar": "نادي"},
        languages=["ar", "fi", "ln"],
        target_groups=["youth", "adults"],
        municipality_codes=["276", "167"],
        times=[
            {"weekday": 4, "starts_at": "10:00", "ends_at": "11:00"},
            {"weekday": 1, "starts_at": "10:00", "ends_at": "11:00"},
        ],
        price_eur="3",
        contact_email="kerho@example.invalid",
    )
    c = login("ngo.spr")
    url = reverse("catalog:service_edit", args=[service.pk])
    form = c.get(url).context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    assert c.post(url, data).status_code == 302
    assert not ServiceRevision.objects.filter(service=service).exists()


def test_an_organisation_name_in_another_language_is_marked(
    login: Login, demo_world: dict[str, User]
) -> None:
    Organisation.objects.filter(slug="spr-joensuu").update(name={"fi": "SPR Joensuun osasto"})
    revision = _pending(demo_world)
    marked = '<span lang="fi" dir="ltr">SPR Joensuun osasto</span>'
    pages = {
        "my services": login("ngo.spr").get(reverse("catalog:my_services")),
        "approvals": login("coordinator.joensuu").get(reverse("catalog:approvals")),
        "decision": login("coordinator.joensuu").get(
            reverse("catalog:revision_decide", args=[revision.pk])
        ),
        "history": login("ngo.spr").get(
            reverse("catalog:service_history", args=[revision.service_id])
        ),
    }
    for page, response in pages.items():
        assert marked in response.content.decode(), page
