"""The Kokkola seed through the importer (17b) into a draft, then out as PDF and DOCX (the
issue's "done when"): the seven parts, their answers and the eight rows of the
responsibility table; and its completeness warnings."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from kotopolku.audit.context import acting
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme import completeness, render
from kotopolku.programme.demo import KOKKOLA_DOCUMENT
from kotopolku.programme.importing.drafts import import_draft
from kotopolku.programme.importing.text import read_file
from kotopolku.programme.models import Programme


@pytest.fixture
def imported(demo_world: dict[str, Any]) -> Programme:
    with acting(view="test:import"):
        return import_draft(
            read_file(KOKKOLA_DOCUMENT),
            organisation=Organisation.objects.get(slug="kokkola-kotoutumispalvelut"),
            municipality=Municipality.objects.valid_on().get(code="272"),
            acting_user=demo_world["coordinator.kokkola"],
            source_name=KOKKOLA_DOCUMENT.name,
        )


ROWS = [
    "Osaamisen ja kotoutumisen palvelutarpeen arviointi",
    "Kotoutumissuunnitelma",
    "Monikielinen yhteiskuntaorientaatio",
    "Kotoutumiskoulutus",
    "Kunnan kotoutumishjelman seuranta ja päivittäminen",
]


def test_the_imported_seed_exports_to_pdf_and_docx(imported: Programme) -> None:
    assert imported.responsibility_rows.count() == 8
    pdf = PdfReader(io.BytesIO(render.render_pdf(imported, "fi")))
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    text = " ".join(text.split())
    for number in range(1, 8):
        assert f"{number}. " in text
    assert "Kotoutumiskoulutus (KotoL 26 ja 27 §)" in text
    assert "Venäjä, ukraina, persia, swahili, arabia, thai, viro ja englantia" in text
    for row in ROWS:
        assert row in text, row
    document = docx.Document(io.BytesIO(render.render_docx(imported, "sv")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [h.split(".")[0] for h in headings if h[:1].isdigit()] == [str(n) for n in range(1, 8)]
    assert "Ansvarstabell" in headings
    table = document.tables[0]
    assert len(table.rows) == 1 + 8
    assert [r.cells[0].text for r in table.rows][1:6] == [
        "Osaamisen ja kotoutumisen palvelutarpeen arviointi",
        "Monialaisen osaamisen ja kotoutumisen palvelutarpeen arviointi",
        "Kotoutumissuunnitelma",
        "Monialainen kotoutumissuunnitelma",
        "Monikielinen yhteiskuntaorientaatio",
    ]


def test_the_imported_seed_is_flagged_for_the_repealed_sections(imported: Programme) -> None:
    result = completeness.check(imported, on=datetime.date(2026, 12, 7))
    codes = {w.code for w in result.warnings}
    assert {"repealed_section", "no_services", "approval_missing"} <= codes
    anchors = {w.anchor for w in result.warnings if w.code.startswith("repealed")}
    assert "responsibility" in anchors
    assert any(a.startswith("s1") for a in anchors) and any(a.startswith("s2") for a in anchors)
