"""The A4 leaflet: a PDF that opens, in the page's language, with the steps and services."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from kotopolku.catalog.models import Service
from kotopolku.public import texts

from .conftest import KOKKOLA, make_programme


def _pdf(client: Client, lang: str) -> PdfReader:
    response = client.get(f"/path/{KOKKOLA}/{lang}/leaflet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Language"] == lang
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_finnish_leaflet_has_every_step_and_the_services(
    client: Client, tray: dict[str, Service]
) -> None:
    make_programme(status="published", responsible="Kotoutumispalvelut", services=[])
    reader = _pdf(client, "fi")
    mediabox = reader.pages[0].mediabox
    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (595, 842)  # A4
    text = _text(reader)
    t = texts.available()["fi"]
    assert "Kotoutumisen palvelupolku: Kokkola" in text
    for rule in texts.step_rules():
        assert t.steps[rule.key].title in text, rule.key
    assert "Welcome Office Kokkola" in text
    assert "Kotoutumisohjelman hyväksyi Kokkolan kaupunginhallitus" in text
    assert f"/path/{KOKKOLA}/fi/" in text  # the page's address
    assert "Palvelutarpeen arviointi Joensuussa" not in text


@pytest.mark.parametrize("lang", ["sv", "en", "ar", "ru", "uk"])
def test_the_leaflet_opens_in_every_language(
    client: Client, tray: dict[str, Service], lang: str
) -> None:
    reader = _pdf(client, lang)
    assert len(reader.pages) >= 1
    text = _text(reader)
    assert "Kokkola" in text
    assert f"/path/{KOKKOLA}/{lang}/" in text
