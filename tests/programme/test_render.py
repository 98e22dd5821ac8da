"""The programme document as HTML, PDF (WeasyPrint, read back with pypdf) and DOCX (read back
with python-docx), in the template's numbering and headings, in Finnish and Swedish."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from kotopolku.programme import render
from kotopolku.programme.models import Programme
from tests.programme.documents_helpers import kokkola_programme, make_service


@pytest.fixture
def kokkola(demo_world: dict[str, Any]) -> Programme:
    programme = kokkola_programme(
        approved_by_body="Kaupunginhallitus", decision_reference="KH 25.11.2024 § 400"
    )
    service = make_service(
        "kokkola-kotoutumispalvelut", "Welcome Office Kokkola", programme_element="guidance"
    )
    programme.sections.get(number=6).services.add(service)
    return programme


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def docx_text(data: bytes) -> tuple[str, list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[" | ".join(c.text for c in row.cells) for row in t.rows] for t in document.tables]
    return text, tables[0] if tables else []


FI_HEADINGS = [
    "1. Osaamisen ja kotoutumisen palvelutarpeen arviointi (KotoL 14 §)",
    "3. Monikielinen yhteiskuntaorientaatio (KotoL 25 §)",
    "4. Kotoutumiskoulutus (KotoL 26 ja 27 §)",
    "7. Muut kunnan järjestämisvastuulla olevat palvelut kotoutumisen edistämiseksi",
    "A. Kuvaus palvelusta",
    "B. Vastuutaho",
    "C. Yhteistyö",
    "Vastuutaulukko",
]
SV_HEADINGS = [
    "1. Bedömning av kompetens och integrationsservicebehov (IntegrationsL 14 §)",
    "3. Flerspråkig samhällsorientering (IntegrationsL 25 §)",
    "A. Beskrivning av tjänsten",
    "B. Ansvarig instans",
    "C. Samarbete",
    "Ansvarstabell",
]
ANSWERS = [
    # part 3 A (languages), part 4 A, part 6 A, the opening and a partner
    "Venäjä, ukraina, persia, swahili, arabia, thai, viro ja englantia",
    "Kokkolan seudun opisto järjestää lyhytkursseja työvoiman ulkopuolisille kotoutujille.",
    "Welcome office on avoin kaikille maahanmuuttaneille",
    "Keski-Pohjanmaan hyvinvointialue Soite",
    "Kaupunginhallitus",
    "KH 25.11.2024 § 400",
]


def test_the_pdf_has_the_parts_answers_and_responsibility_rows(kokkola: Programme) -> None:
    data = render.render_pdf(kokkola, "fi")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for heading in FI_HEADINGS:
        assert heading in text, heading
    for answer in ANSWERS:
        assert answer in text, answer
    # the linked entry with its provider, the table's columns and its eight rows
    assert "Welcome Office Kokkola (" in text
    assert "Työnhakijoiden palvelut tuottava taho" in text
    assert "Monikielinen yhteiskuntaorientaatio Työllisyysalue ja kotoutumispalvelut" in text
    assert "Kunnan kotoutumishjelman seuranta ja päivittäminen" in text
    assert text.count("Kotoutumispalvelut") > 8


def test_the_pdf_in_swedish_has_the_templates_swedish_headings(kokkola: Programme) -> None:
    text = pdf_text(render.render_pdf(kokkola, "sv"))
    for heading in SV_HEADINGS:
        assert heading in text, heading
    assert "Osaamisen ja kotoutumisen palvelutarpeen arviointi (KotoL 14 §)" not in text
    # the answers stay in the document's language
    assert ANSWERS[0] in text


def test_the_docx_has_the_parts_answers_and_the_table(kokkola: Programme) -> None:
    text, table = docx_text(render.render_docx(kokkola, "fi"))
    for heading in FI_HEADINGS[:-1]:
        assert heading in text, heading
    for answer in ANSWERS:
        assert answer in text, answer
    assert "Vastuutaulukko" in text
    assert table[0] == (
        "Palvelu/toimenpide | Työnhakijoiden palvelut tuottava taho | "
        "Muiden kotoutuja-asiakkaiden palvelut tuottava taho"
    )
    assert len(table) == 1 + 8
    assert table[1] == (
        "Osaamisen ja kotoutumisen palvelutarpeen arviointi | "
        "K-P:n työllisyysalue ja kotoutumispalvelut | Kotoutumispalvelut"
    )
    # the template's questions precede the answers
    assert "Millä kielillä kunnassa on tarve järjestää yhteiskuntaorientaatio?" in text


def test_the_docx_in_swedish(kokkola: Programme) -> None:
    text, table = docx_text(render.render_docx(kokkola, "sv"))
    for heading in SV_HEADINGS[:-1]:
        assert heading in text, heading
    assert "Ansvarstabell" in text
    assert table[0].startswith("Tjänst/åtgärd | ")
    assert "Godkännande" in text or "Approval" not in text


def test_the_order_follows_the_template(kokkola: Programme) -> None:
    text, _table = docx_text(render.render_docx(kokkola, "fi"))
    positions = [
        text.index("Kunnassa/kunnissa kotoutumisohjelmaa koordinoiva taho"),
        text.index("Kotoutumisohjelman ja/tai sitä kuvaavan asiakirjan laatimiseen"),
        text.index("1. Osaamisen"),
        text.index("2. Osaamisen"),
        text.index("6. Kotoutumisohjelman aikainen"),
        text.index("7. Muut kunnan"),
        text.index("Vastuutaulukko"),
        text.index("KH 25.11.2024 § 400"),
    ]
    assert positions == sorted(positions)


# --- The pages ----------------------------------------------------------------------------------


def test_the_document_page_and_its_files(
    kokkola: Programme, login: Callable[[str], HttpClient]
) -> None:
    browser = login("counsellor.kokkola")
    page = browser.get(reverse("programme:document", args=[kokkola.pk]) + "?lang=sv")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="sv">' in html
    assert "3. Flerspråkig samhällsorientering (IntegrationsL 25 §)" in html
    assert "Venäjä, ukraina, persia" in html
    assert "programme_document.css" in html and "<style" not in html and "<script>" not in html
    pdf = browser.get(reverse("programme:document_pdf", args=[kokkola.pk]) + "?lang=fi")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "integration-programme-v1-fi.pdf" in pdf["Content-Disposition"]
    assert "Vastuutaulukko" in pdf_text(pdf.content)
    word = browser.get(reverse("programme:document_docx", args=[kokkola.pk]))
    assert word.status_code == 200
    assert "Vastuutaulukko" in docx_text(word.content)[0]


def test_a_programme_of_another_region_is_not_found(
    kokkola: Programme, login: Callable[[str], HttpClient]
) -> None:
    browser = login("counsellor.joensuu")
    for name in ("programme:document", "programme:document_pdf", "programme:document_docx"):
        assert browser.get(reverse(name, args=[kokkola.pk])).status_code == 404
