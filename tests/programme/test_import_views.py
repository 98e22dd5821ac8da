"""The upload page `programme:import`: coordinators import a text or DOCX document into a draft
and see what was placed and what was not; everybody else gets 404; a bad file changes
nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, clear_url_caches, path, reverse

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Organisation
from kotopolku.programme.demo import KOKKOLA_DOCUMENT
from kotopolku.programme.models import Programme
from kotopolku.programme.views_import import programme_import
from tests.programme.import_helpers import SEED, random_docx, seed_as_docx

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def import_route() -> Iterator[None]:
    """The page's path, as long as programme/urls.py (17a's file) does not have it yet: the
    merger adds `path("import/", views_import.programme_import, name="import")` there."""
    from kotopolku.programme import urls

    try:
        reverse("programme:import")
    except NoReverseMatch:
        pass
    else:
        yield
        return
    pattern = path("import/", programme_import, name="import")
    urls.urlpatterns.insert(0, pattern)
    clear_url_caches()
    try:
        yield
    finally:
        urls.urlpatterns.remove(pattern)
        clear_url_caches()


def upload(name: str, content: bytes, content_type: str = "text/plain") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def post(browser: Client, document: SimpleUploadedFile, code: str = "272") -> Any:
    organisation = Organisation.objects.get(
        slug="kokkola-kotoutumispalvelut" if code == "272" else "toivo"
    )
    return browser.post(
        "/programme/import/",
        {"organisation": str(organisation.pk), "municipality": code, "document": document},
    )


def text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_the_form(login: Callable[[str], Client]) -> None:
    page = login("coordinator.kokkola").get("/programme/import/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Import a programme document</h1>" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="document"' in html and 'accept=".txt,.docx' in html
    assert '<option value="272">Kokkola (272)</option>' in html
    assert '<label for="id_document">Programme document</label>' in html


def test_importing_the_seed_shows_what_was_placed(
    login: Callable[[str], Client], demo_world: dict[str, User]
) -> None:
    browser = login("coordinator.kokkola")
    response = post(browser, upload("kokkola-2024.txt", KOKKOLA_DOCUMENT.read_bytes()))
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert response["Location"] == f"/programme/import/?done={programme.pk}#result"
    assert programme.status == Programme.Status.DRAFT
    assert programme.created_by == demo_world["coordinator.kokkola"]
    assert programme.source_name == "kokkola-2024.txt"
    assert programme.responsibility_rows.count() == 8
    assert ChangeEvent.objects.filter(
        subject_type="programme", subject_id=str(programme.pk)
    ).exists()

    page = browser.get(response["Location"])
    shown = text(page.content)
    assert "The document was imported into a draft" in shown
    assert "7 parts of the template were found and saved in a new draft programme of Kokkola." in (
        shown
    )
    assert f'href="/programme/{programme.pk}/"' in page.content.decode()
    assert "Every text of the document was placed." in shown
    assert "3. Monikielinen yhteiskuntaorientaatio (KotoL 25 §)" in shown
    assert "Millä kielillä kunnassa on tarve järjestää yhteiskuntaorientaatio?" in shown
    assert "Ohjelman tekohetkellä tunnistettuja kieliä ovat; Venäjä" in shown
    assert "Rows of the responsibility table 8" in shown
    assert "Babando (Ryhmäkoti)" in shown
    # looking at the result again imports nothing
    browser.get(response["Location"])
    assert Programme.objects.count() == 1


def test_a_docx_and_the_texts_it_could_not_place(
    login: Callable[[str], Client],
) -> None:
    browser = login("coordinator.kokkola")
    content = seed_as_docx(SEED + "\n\nLiite: kartta palvelupisteistä.\n")
    response = post(browser, upload("kokkola.docx", content, DOCX))
    assert response.status_code == 302
    shown = text(browser.get(response["Location"]).content)
    assert "Text that could not be placed" in shown
    assert "Liite: kartta palvelupisteistä." in shown
    assert "Every text of the document was placed." not in shown


def test_many_unplaced_texts_are_counted_beyond_two_hundred(
    login: Callable[[str], Client],
) -> None:
    browser = login("coordinator.kokkola")
    extra = "\n\n".join(f"Liite {n}." for n in range(1, 206))
    response = post(browser, upload("kokkola.txt", (SEED + "\n\n" + extra).encode()))
    shown = text(browser.get(response["Location"]).content)
    assert "Liite 200." in shown and "Liite 201." not in shown
    assert "And 5 more texts." in shown


def test_a_document_of_another_municipality_is_imported_with_a_warning(
    login: Callable[[str], Client],
) -> None:
    browser = login("coordinator.joensuu")
    response = post(browser, upload("kokkola.txt", SEED.encode("cp1252")), code="167")
    assert response.status_code == 302
    shown = text(browser.get(response["Location"]).content)
    assert "The document names Kokkola, not Joensuu. Check that you chose the right" in shown
    assert "it was read as Windows-1252" in shown


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "notes.docx",
            random_docx(),
            "This is not a programme document: no numbered parts 1-6 of the template were found",
        ),
        ("empty.txt", b"", "The submitted file is empty."),
        ("table.csv", b"name;code\nKokkola;272\n", "no numbered parts 1-6 of the template"),
    ],
)
def test_a_file_that_is_not_a_programme_document_changes_nothing(
    login: Callable[[str], Client], name: str, content: bytes, message: str
) -> None:
    browser = login("coordinator.kokkola")
    changes = ChangeEvent.objects.count()
    response = post(browser, upload(name, content))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in text(response.content)
    assert 'aria-invalid="true"' in html
    assert Programme.objects.count() == 0
    assert ChangeEvent.objects.count() == changes


def test_a_document_the_actions_refuse_says_where_and_changes_nothing(
    login: Callable[[str], Client],
) -> None:
    browser = login("coordinator.kokkola")
    content = (SEED + "\n" + "x" * 500 + "\tKunta\tKunta\n").encode()
    response = post(browser, upload("kokkola.txt", content))
    assert response.status_code == 200
    assert "Responsibility table, row 9: At most 400 characters." in text(response.content)
    assert Programme.objects.count() == 0


def test_a_municipality_the_organisation_does_not_serve_is_refused(
    login: Callable[[str], Client],
) -> None:
    browser = login("coordinator.joensuu")
    response = post(browser, upload("kokkola.txt", KOKKOLA_DOCUMENT.read_bytes()), code="272")
    assert response.status_code == 200
    assert "Select a valid choice. 272 is not one of the available choices." in text(
        response.content
    )
    assert Programme.objects.count() == 0


@pytest.mark.parametrize(
    "username", ["counsellor.kokkola", "employment.kokkola", "ngo.spr", "admin", "auditor.joensuu"]
)
def test_only_coordinators_see_the_page(login: Callable[[str], Client], username: str) -> None:
    browser = login(username)
    assert browser.get("/programme/import/").status_code == 404
    response = post(browser, upload("kokkola.txt", KOKKOLA_DOCUMENT.read_bytes()))
    assert response.status_code == 404
    assert Programme.objects.count() == 0


def test_anonymous_goes_to_the_login(client: Client, demo_world: dict[str, User]) -> None:
    response = client.get("/programme/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_in_finnish_and_swedish(login: Callable[[str], Client]) -> None:
    browser = login("coordinator.kokkola")
    browser.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    assert "<h1>Tuo kotoutumisohjelman asiakirja</h1>" in (
        browser.get("/programme/import/").content.decode()
    )
    browser.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "<h1>Importera ett dokument om integrationsprogrammet</h1>" in (
        browser.get("/programme/import/").content.decode()
    )
