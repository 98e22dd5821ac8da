"""The tray workshop: the region's columns, adding wishes, the printable tray (HTML, PDF)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.catalog import actions
from kotopolku.catalog.models import Service, Wish
from kotopolku.catalog.views.workshop import PRINT_CSS, render_document
from kotopolku.core.pdf import static_path
from kotopolku.orgs.models import Organisation

pytestmark = pytest.mark.django_db
Login = Callable[[str], Client]
JOENSUU_REGION = "12"  # Pohjois-Karjala
KOKKOLA_REGION = "16"  # Keski-Pohjanmaa


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def entry(owner: str, name: str, *, publish: bool = True, **data: Any) -> Service:
    with acting(view="test"):
        return actions.do_create_service(
            org(owner), {"name": {"fi": name}, **data}, publish=publish, acting_user=None
        )


@pytest.fixture
def tray(demo_world: dict[str, User]) -> dict[str, User]:
    entry("spr-joensuu", "Ystävätoiminta", tray_category="early")
    entry("spr-joensuu", "Vapaaehtoiseksi maahanmuuttajana", tray_category="doers")
    entry("spr-joensuu", "SPR:n luonnos", publish=False)
    entry("joensuun-setlementti", "Setlementin luonnos", publish=False)
    entry("toivo", "Alkukartoitus", kind="authority_role")
    entry("kokkola-kotoutumispalvelut", "Welcome Office", tray_category="early")
    with acting(view="test"):
        actions.do_add_wish(
            org("spr-joensuu"), "Hiihtokurssi yhdessä", acting_user=demo_world["ngo.spr"]
        )
    return demo_world


def test_workshop_shows_the_region_by_column_and_category(login: Login, tray: Any) -> None:
    response = login("ngo.spr").get(reverse("catalog:workshop"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ystävätoiminta" in html and "Alkukartoitus" in html
    assert "SPR:n luonnos" in html  # own draft
    assert "Setlementin luonnos" not in html  # another organisation's draft
    assert "Welcome Office" not in html  # another region
    assert "Hiihtokurssi yhdessä" in html
    spr = html.index('id="col-spr-joensuu"')
    assert html.index("Ystävätoiminta") > spr
    # own column: add links with the owner and category preselected
    assert "?owner=spr-joensuu&amp;category=doers" in html
    assert "?owner=toivo&amp;category=" not in html


def test_workshop_region_parameter(login: Login, tray: Any) -> None:
    c = login("coordinator.kokkola")
    html = c.get(reverse("catalog:workshop") + f"?region={KOKKOLA_REGION}").content.decode()
    assert "Welcome Office" in html and "Ystävätoiminta" not in html
    assert c.get(reverse("catalog:workshop") + f"?region={JOENSUU_REGION}").status_code == 404
    assert login("auditor.joensuu").get(reverse("catalog:workshop")).status_code == 404


def test_add_wish(login: Login, tray: Any) -> None:
    c = login("ngo.spr")
    response = c.post(
        reverse("catalog:wish_add"),
        {
            "organisation": str(org("spr-joensuu").pk),
            "text": "Kalastusretki",
            "region": JOENSUU_REGION,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?region={JOENSUU_REGION}#wishes")
    assert Wish.objects.filter(text="Kalastusretki", organisation__slug="spr-joensuu").exists()
    refused = c.post(
        reverse("catalog:wish_add"),
        {"organisation": str(org("toivo").pk), "text": "Idea", "region": JOENSUU_REGION},
    )
    assert refused.status_code == 302
    assert not Wish.objects.filter(text="Idea").exists()
    assert c.get(reverse("catalog:wish_add")).status_code == 405


def test_print_html_has_the_grid_and_a_linked_stylesheet(login: Login, tray: Any) -> None:
    response = login("coordinator.joensuu").get(reverse("catalog:workshop_print"))
    assert response.status_code == 200
    html = response.content.decode()
    link = re.search(r'<link rel="stylesheet" href="([^"]+workshop_print[^"]*\.css)">', html)
    assert link is not None
    assert "<style" not in html
    css = (settings.BASE_DIR / "kotopolku/static/kotopolku/css/workshop_print.css").read_text()
    assert "@page { size: A4 landscape" in css
    for heading in (
        "Early-integration activities",
        "Immigrants taking part as doers",
        "Activities open to everyone",
        "Wishes and ideas",
    ):
        assert heading in html
    assert (
        html.count('<th scope="row">')
        == Organisation.objects.filter(serves__region__code=JOENSUU_REGION, is_active=True)
        .distinct()
        .count()
    )
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_print_pdf_is_one_a4_landscape_page(login: Login, tray: Any) -> None:
    c = login("coordinator.joensuu")
    response = c.get(reverse("catalog:workshop_print") + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = c.get(reverse("catalog:workshop_print")).content.decode()
    # lay out the page as the PDF does: its stylesheet read from disk
    css = static_path(PRINT_CSS)
    html = html.replace(static(PRINT_CSS), css.name)
    document = render_document(html, css.parent)
    assert len(document.pages) == 1
    page = document.pages[0]
    assert page.width > page.height  # landscape
    assert round(page.width * 25.4 / 96) == 297


def test_a_full_tray_still_prints_on_one_page(
    login: Login, tray: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kotopolku.catalog.views import workshop

    for n in range(45):
        entry(
            ("spr-joensuu", "toivo", "joensuun-setlementti")[n % 3],
            f"Pitkähkö toiminnan nimi numero {n} kaikille kiinnostuneille",
            tray_category=("early", "doers", "open")[n % 3],
        )
    pages: list[int] = []
    real = workshop.render_document

    def spy(html: str, here: Any) -> Any:
        document = real(html, here)
        pages.append(len(document.pages))
        return document

    monkeypatch.setattr(workshop, "render_document", spy)
    c = login("coordinator.joensuu")
    html = c.get(reverse("catalog:workshop_print")).content.decode()
    assert re.search(r'<body class="d[1-4]">', html)  # denser type was chosen
    response = c.get(reverse("catalog:workshop_print") + "?format=pdf")
    assert response.status_code == 200
    assert pages and pages[-1] == 1


def test_print_marks_drafts_in_words_not_only_in_italics(login: Login, tray: Any) -> None:
    html = login("ngo.spr").get(reverse("catalog:workshop_print")).content.decode()
    draft = re.search(r'<li class="draft">(.*?)</li>', html)
    assert draft is not None and "SPR:n luonnos" in draft.group(1)
    assert "(draft)" in draft.group(1)  # read out by a screen reader, kept in greyscale print
    published = re.search(r"<li>(<span[^>]*>Ystävätoiminta</span>[^<]*)</li>", html)
    assert published is not None and "draft" not in published.group(1)


def test_organisation_names_in_another_language_are_marked(login: Login, tray: Any) -> None:
    Organisation.objects.filter(slug="spr-joensuu").update(name={"fi": "SPR Joensuun osasto"})
    marked = '<span lang="fi" dir="ltr">SPR Joensuun osasto</span>'
    c = login("ngo.spr")
    assert marked in c.get(reverse("catalog:workshop")).content.decode()
    assert marked in c.get(reverse("catalog:workshop_print")).content.decode()
