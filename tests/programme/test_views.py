"""The programme pages as their users see them: the list, the read view, the editor by group
(with the contract's anchors), the approval page; 404 outside the region."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog.models import Service
from kotopolku.programme import actions
from kotopolku.programme.document import AnswerDoc, Document, RowDoc, SectionDoc
from kotopolku.programme.models import Programme

pytestmark = pytest.mark.django_db

Login = Callable[[str], Client]


def _url(name: str, p: Programme) -> str:
    return f"/programme/{p.pk}/{name}"


def _fill(p: Programme, user: User) -> None:
    doc = Document(
        title="Kokkolan kotoutumisohjelma",
        coordinator="Kotoutumispalvelut",
        partners=["Soite"],
        sections=[
            SectionDoc(
                1,
                "assessment",
                "Osaamisen arviointi",
                [AnswerDoc("a", "a_how", "Miten palvelut järjestetään kunnassa?", "Alkukartoitus")],
            )
        ],
        responsibility=[RowDoc("Alkukartoitus", "Työllisyysalue", "Kotoutumispalvelut")],
    )
    with acting(view="test"):
        actions.do_save_document(p, doc, acting_user=user)


def test_the_coordinator_lists_creates_and_sees_the_menu_entry(login: Login) -> None:
    browser = login("coordinator.kokkola")
    page = browser.get("/programme/").content.decode()
    assert 'href="/programme/"' in page  # the menu entry
    assert "Integration programme" in page
    assert 'href="/programme/new/"' in page
    response = browser.post(
        "/programme/new/",
        {
            "organisation": str(
                User.objects.get(username="coordinator.kokkola")
                .memberships.first()
                .unit.organisation_id  # type: ignore[union-attr]
            ),
            "municipalities": ["272"],
            "language": "fi",
            "title": "Kokkolan ohjelma",
        },
    )
    p = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("edit/", p)
    assert "Kokkolan ohjelma" in browser.get("/programme/").content.decode()


def test_a_counsellor_reads_but_gets_no_new_button(login: Login, programme: Programme) -> None:
    browser = login("counsellor.kokkola")
    page = browser.get("/programme/").content.decode()
    assert "Kokkolan kotoutumisohjelma" in page
    assert "/programme/new/" not in page
    assert browser.get("/programme/new/").status_code == 404
    assert browser.get(_url("", programme)).status_code == 200
    assert browser.get(_url("edit/", programme)).status_code == 404
    assert browser.get(_url("approve/", programme)).status_code == 404


def test_a_user_of_another_region_gets_404(login: Login, programme: Programme) -> None:
    for username in ("coordinator.joensuu", "counsellor.joensuu"):
        browser = login(username)
        assert "Kokkolan" not in browser.get("/programme/").content.decode()
        assert browser.get(_url("", programme)).status_code == 404
        assert browser.get(_url("edit/", programme)).status_code == 404


def test_the_read_view_shows_the_document(
    login: Login, programme: Programme, coordinator: User
) -> None:
    _fill(programme, coordinator)
    page = login("counsellor.kokkola").get(_url("", programme)).content.decode()
    assert "1. Osaamisen arviointi" in page
    assert "Miten palvelut järjestetään kunnassa?" in page
    assert "Alkukartoitus" in page
    assert "Soite" in page
    assert "Responsibility table" in page
    assert "Työllisyysalue" in page
    assert "Draft" in page
    # the counsellor reads; no editing links
    assert _url("edit/", programme) not in page


def test_the_editor_has_the_contract_anchors(
    login: Login, programme: Programme, kokkola_service: Service
) -> None:
    page = login("coordinator.kokkola").get(_url("edit/", programme)).content.decode()
    ids = set(re.findall(r'id="([^"]+)"', page))
    for anchor in (
        "opening-coordinator",
        "opening-preparation",
        "opening-follow_up",
        "partners",
        "s1-a_how",
        "s1-b_county",
        "s3-a_languages",
        "s1-services",
        "s7-services",
        "responsibility",
    ):
        assert anchor in ids, anchor
    # the template's question above the field as guidance; repealed questions hidden
    assert "Miten hyvinvointialue osallistuu arviointiin" in page
    assert "s1-b_multi" not in ids
    # the template's questions are in the document's language, marked for screen readers
    assert '<label for="s1-a_how" lang="fi">' in page
    assert '<label for="opening-coordinator" lang="fi">' in page
    # the tray entry serving Kokkola is offered
    assert "Alkukartoitus Kokkola" in page


def test_saving_a_section_with_a_linked_service(
    login: Login, programme: Programme, kokkola_service: Service
) -> None:
    browser = login("coordinator.kokkola")
    response = browser.post(
        _url("edit/", programme),
        {
            "group": "s1",
            "s1-a_how": "Kotoutumispalvelut tekee arvion.",
            "s1-other_c": "Yhteistyö työllisyysalueen kanssa.",
            "s1-services": [str(kokkola_service.pk)],
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#s1")
    section = programme.sections.get(number=1)
    assert list(section.answers.values_list("part", "question", "text")) == [
        ("a", "a_how", "Kotoutumispalvelut tekee arvion."),
        ("c", "", "Yhteistyö työllisyysalueen kanssa."),
    ]
    assert section.answers.get(question="a_how").question_text == (
        "Miten palvelut järjestetään kunnassa?"
    )
    assert list(section.services.all()) == [kokkola_service]
    page = browser.get(_url("", programme)).content.decode()
    assert "Alkukartoitus Kokkola" in page


def test_partners_and_responsibility_rows_add_and_remove(
    login: Login, programme: Programme
) -> None:
    browser = login("coordinator.kokkola")
    browser.post(_url("edit/", programme), {"group": "partners", "partners": "Soite\nSPR\n"})
    assert list(programme.partners.values_list("name", flat=True)) == ["Soite", "SPR"]
    data = {"group": "responsibility", "responsibility-count": "2"}
    data.update({"responsibility-0-service": "Alkukartoitus", "responsibility-0-others": "Kunta"})
    data.update({"responsibility-1-service": "Kotoutumiskoulutus"})
    browser.post(_url("edit/", programme), data)
    assert list(programme.responsibility_rows.values_list("service", flat=True)) == [
        "Alkukartoitus",
        "Kotoutumiskoulutus",
    ]
    data["responsibility-0-remove"] = "on"
    browser.post(_url("edit/", programme), data)
    assert list(programme.responsibility_rows.values_list("service", flat=True)) == [
        "Kotoutumiskoulutus"
    ]


def test_a_bad_date_in_the_opening_is_shown_on_the_field(
    login: Login, programme: Programme
) -> None:
    response = login("coordinator.kokkola").post(
        _url("edit/", programme), {"group": "opening", "opening-document_date": "eilen"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="opening-document_date_error"' in page
    assert 'href="#opening-document_date"' in page


def test_approve_without_a_date_names_the_field_and_changes_nothing(
    login: Login, programme: Programme
) -> None:
    browser = login("coordinator.kokkola")
    response = browser.post(
        _url("approve/", programme),
        {"step": "approve", "approved_by_body": "Kaupunginhallitus", "approved_on": ""},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Give the date of the approval decision." in page
    assert 'href="#id_approved_on"' in page
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_submit_approve_publish_and_new_version_through_the_pages(
    login: Login, programme: Programme
) -> None:
    browser = login("coordinator.kokkola")
    approve = _url("approve/", programme)
    refused = browser.post(approve, {"step": "publish"})
    assert refused.status_code == 422
    assert "Only an approved version can be published" in refused.content.decode()
    browser.post(approve, {"step": "submit"})
    programme.refresh_from_db()
    assert programme.status == "in_review"
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = browser.post(
        approve,
        {
            "step": "approve",
            "approved_by_body": "Kaupunginhallitus",
            "approved_on": day.isoformat(),
            "decision_reference": "KH § 5",
        },
    )
    assert response.status_code == 302
    response = browser.post(approve, {"step": "publish"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == "published"
    page = browser.get(_url("", programme)).content.decode()
    assert "Kaupunginhallitus" in page and "KH § 5" in page
    response = browser.post(approve, {"step": "new_version"})
    new = Programme.objects.get(version=2)
    assert response["Location"] == _url("edit/", new)
    assert ChangeEvent.objects.filter(subject_type="programme", subject_id=str(new.pk)).exists()


def test_a_published_programme_cannot_be_edited(login: Login, programme: Programme) -> None:
    programme.status = "published"
    programme.approved_on = datetime.date(2024, 1, 1)
    programme.save()
    browser = login("coordinator.kokkola")
    response = browser.get(_url("edit/", programme))
    assert response.status_code == 302 and response["Location"] == _url("", programme)


def test_ngo_partner_sees_only_published(
    login: Login, programme: Programme, demo_world: Any
) -> None:
    # The SPR branch serves Joensuu: give Kokkola's programme a Joensuu twin it can see.
    from kotopolku.orgs.models import Organisation

    toivo = Organisation.objects.get(slug="toivo")
    with acting(view="test"):
        joensuu = actions.do_create_programme(
            organisation=toivo,
            municipalities=["167"],
            language="fi",
            title="Joensuun ohjelma",
            acting_user=None,
        )
    browser = login("ngo.spr")
    assert "Joensuun ohjelma" not in browser.get("/programme/").content.decode()
    assert browser.get(_url("", joensuu)).status_code == 404
    with acting(view="test"):
        actions.do_approve(
            joensuu, body="Kaupunginvaltuusto", date=datetime.date(2024, 1, 1), acting_user=None
        )
        actions.do_publish(joensuu, acting_user=None)
    assert "Joensuun ohjelma" in browser.get("/programme/").content.decode()
    assert browser.get(_url("", joensuu)).status_code == 200
    assert browser.get(_url("", programme)).status_code == 404


def test_the_approval_refusal_is_in_the_users_language(login: Login, programme: Programme) -> None:
    browser = login("coordinator.kokkola")
    browser.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    response = browser.post(
        _url("approve/", programme), {"step": "approve", "approved_by_body": "", "approved_on": ""}
    )
    page = response.content.decode()
    assert "Anna hyväksymispäätöksen päivämäärä." in page
    assert "Nimeä ohjelman hyväksynyt toimielin" in page
    assert "Käsittely, hyväksyminen ja julkaisu" in page


def test_links_to_pages_not_yet_there_are_left_out() -> None:
    from kotopolku.programme.views import optional_url

    assert optional_url("programme:no_such_page", "x") is None
    assert optional_url("programme:list") == "/programme/"


def test_the_picker_offers_entries_serving_the_municipalities_only(
    login: Login, programme: Programme, joensuu_service: Service
) -> None:
    from kotopolku.catalog.search.index import index_service
    from tests.programme.conftest import make_service

    visiting = make_service("toivo", "Etäohjaus Kokkolaan", ["272"])
    index_service(visiting)  # found through its municipality facet
    by_owner = make_service("kokkola-kotoutumispalvelut", "Welcome Office", [])
    page = login("coordinator.kokkola").get(_url("edit/", programme)).content.decode()
    assert "Etäohjaus Kokkolaan" in page
    assert "Welcome Office" in page and str(by_owner.pk) in page
    assert "Alkukartoitus Joensuu" not in page
