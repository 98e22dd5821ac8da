"""The programme document as plain data, independent of the database.

The importer (`programme.importing`) parses a file into a `Document`; `do_save_document`
writes a `Document` into a draft; `from_programme` reads one back from the database. The
renderers, the diff and the completeness check work on the same shape.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kotopolku.programme.models import Programme


@dataclass
class AnswerDoc:
    part: str  # "a", "b" or "c"
    question: str  # the template's question key, "" when the template has no question for it
    question_text: str
    text: str


@dataclass
class SectionDoc:
    number: int
    element: str  # a catalog ProgrammeElement value
    title: str
    answers: list[AnswerDoc] = field(default_factory=list)
    service_ids: list[uuid.UUID] = field(default_factory=list)

    def answers_of(self, part: str) -> list[AnswerDoc]:
        return [a for a in self.answers if a.part == part]


@dataclass
class RowDoc:
    service: str
    jobseekers: str
    others: str
    element: str = ""


@dataclass
class Document:
    title: str = ""
    language: str = "fi"
    document_date: datetime.date | None = None
    coordinator: str = ""
    contact: str = ""
    updated_text: str = ""
    preparation: str = ""
    follow_up: str = ""
    approval_process: str = ""
    municipalities: list[str] = field(default_factory=list)  # names as written
    partners: list[str] = field(default_factory=list)
    sections: list[SectionDoc] = field(default_factory=list)
    responsibility: list[RowDoc] = field(default_factory=list)

    def section(self, number: int) -> SectionDoc | None:
        return next((s for s in self.sections if s.number == number), None)


# The opening fields of the template, in the template's order (names of `Document` and of
# `Programme`).
OPENING_FIELDS = (
    "coordinator",
    "contact",
    "updated_text",
    "preparation",
    "follow_up",
    "approval_process",
)


def from_programme(programme: Programme) -> Document:
    """Read one version of a programme from the database as a `Document`."""
    lang = programme.language if programme.language in ("fi", "sv") else "fi"
    municipalities = [
        (m.name_sv if lang == "sv" and m.name_sv else m.name_fi)
        for m in programme.municipalities.order_by("name_fi")
    ]
    sections = []
    for s in programme.sections.order_by("number").prefetch_related("answers", "services"):
        answers = [
            AnswerDoc(part=a.part, question=a.question, question_text=a.question_text, text=a.text)
            for a in sorted(s.answers.all(), key=lambda a: (a.part, a.position))
        ]
        service_ids = sorted((svc.id for svc in s.services.all()), key=str)
        sections.append(
            SectionDoc(
                number=s.number,
                element=s.element,
                title=s.title,
                answers=answers,
                service_ids=service_ids,
            )
        )
    return Document(
        title=programme.title,
        language=programme.language,
        document_date=programme.document_date,
        coordinator=programme.coordinator,
        contact=programme.contact,
        updated_text=programme.updated_text,
        preparation=programme.preparation,
        follow_up=programme.follow_up,
        approval_process=programme.approval_process,
        municipalities=municipalities,
        partners=[p.name for p in programme.partners.order_by("position")],
        sections=sections,
        responsibility=[
            RowDoc(service=r.service, jobseekers=r.jobseekers, others=r.others, element=r.element)
            for r in programme.responsibility_rows.order_by("position")
        ],
    )
