"""`programme.document`: a programme read from the database as plain data."""

from __future__ import annotations

import datetime
from typing import Any

from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.document import AnswerDoc, Document, RowDoc, SectionDoc, from_programme
from kotopolku.programme.models import (
    Programme,
    ProgrammeAnswer,
    ProgrammePartner,
    ProgrammeSection,
    ResponsibilityRow,
)


def test_from_programme_reads_opening_partners_sections_answers_and_rows(demo_world: Any) -> None:
    org = Organisation.objects.get(slug="kokkola-kotoutumispalvelut")
    p = Programme.objects.create(
        organisation=org,
        language="fi",
        title="Kokkolan kotoutumisohjelma",
        document_date=datetime.date(2024, 5, 1),
        coordinator="Kotoutumispalvelut",
        follow_up="Vuosittain",
    )
    p.municipalities.set(Municipality.objects.filter(code="272"))
    ProgrammePartner.objects.create(programme=p, position=1, name="Soite")
    ProgrammePartner.objects.create(programme=p, position=0, name="Työllisyysalue")
    s = ProgrammeSection.objects.create(programme=p, number=1, element="assessment", title="Arvio")
    ProgrammeAnswer.objects.create(section=s, part="b", position=0, question="b_who", text="B1")
    ProgrammeAnswer.objects.create(
        section=s, part="a", position=1, question="", question_text="", text="A2"
    )
    ProgrammeAnswer.objects.create(
        section=s, part="a", position=0, question="a_how", question_text="Miten?", text="A1"
    )
    ResponsibilityRow.objects.create(
        programme=p, position=0, service="Alkukartoitus", jobseekers="TE", others="Kunta"
    )

    doc = from_programme(p)

    assert isinstance(doc, Document)
    assert doc.title == "Kokkolan kotoutumisohjelma"
    assert doc.document_date == datetime.date(2024, 5, 1)
    assert doc.coordinator == "Kotoutumispalvelut"
    assert doc.follow_up == "Vuosittain"
    assert doc.municipalities == ["Kokkola"]
    assert doc.partners == ["Työllisyysalue", "Soite"]
    assert doc.sections == [
        SectionDoc(
            number=1,
            element="assessment",
            title="Arvio",
            answers=[
                AnswerDoc("a", "a_how", "Miten?", "A1"),
                AnswerDoc("a", "", "", "A2"),
                AnswerDoc("b", "b_who", "", "B1"),
            ],
            service_ids=[],
        )
    ]
    assert doc.responsibility == [RowDoc("Alkukartoitus", "TE", "Kunta", "")]
