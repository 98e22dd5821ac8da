"""Test data for the programme document tests (17c): the Kokkola document of 2024
(kotopolku/programme/data/kokkola-2024.txt) written into the models directly, as a coordinator
would have typed it, and small builders for tray entries and clients.

The reader below is not the importer (17b's `programme.importing`): it knows this one file's
layout (part headings, A/B/C markers, question lines ending in "?") and places each answer
under the template question it answers, so that the documents are tested on a real text."""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from kotopolku.catalog.models import Service
from kotopolku.catalog.search.index import index_service
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.orgs.models import Municipality, Organisation, Unit
from kotopolku.programme.demo import KOKKOLA_DOCUMENT
from kotopolku.programme.models import (
    Programme,
    ProgrammeAnswer,
    ProgrammePartner,
    ProgrammeSection,
    ResponsibilityRow,
)
from kotopolku.programme.template import template

KOKKOLA = KOKKOLA_DOCUMENT
PART_MARKERS = {"A. Kuvaus palvelusta": "a", "B. Vastuutaho": "b", "C. Yhteistyö": "c"}
ELEMENTS = {s.number: s.element for s in template().sections}


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _question_key(number: int, part: str, line: str) -> str:
    """The template key of a question line of the file, "" when the template has none."""
    wanted = _norm(line).rstrip("?")
    best, key = 0.9, ""
    for q in template().section(number).questions_of(part):
        tail = _norm(q.text["fi"]).rstrip("?")[-len(wanted) :]
        ratio = difflib.SequenceMatcher(None, wanted, tail).ratio()
        if ratio > best:
            best, key = ratio, q.key
    return key


def _is_question(line: str) -> bool:
    if line.endswith("?") or line == "Nimeä yhteistyötahot." or line.startswith("Jos luku-"):
        return True
    # some of the file's questions lack their question mark
    return line.startswith(("Miten ", "Mitkä ", "Mitä ")) and not line.endswith(".")


def parse_kokkola() -> dict[str, Any]:
    lines = [line.rstrip() for line in KOKKOLA.read_text(encoding="utf-8").splitlines()]
    sections: dict[int, dict[str, Any]] = {}
    rows: list[tuple[str, str, str]] = []
    number = 0
    part = ""
    current: dict[str, Any] | None = None
    in_table = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "Vastuutaulukko":
            in_table, current = True, None
            continue
        if in_table:
            cells = [c.strip().rstrip(":") for c in stripped.split("\t")]
            if len(cells) == 3 and cells[0] != "Palvelu/ toimenpide":
                rows.append((cells[0], cells[1], cells[2]))
            continue
        heading = re.match(r"^([1-7])\. (.+)$", stripped)
        if heading and int(heading.group(1)) == number + 1:
            number, part, current = int(heading.group(1)), "", None
            sections[number] = {"title": heading.group(2), "answers": []}
            continue
        if not number:
            continue
        marker = next((p for m, p in PART_MARKERS.items() if stripped.startswith(m)), None)
        if marker:
            part, current = marker, None
            continue
        if not part:
            continue  # the template's guidance under a part's heading
        if stripped.startswith("Kielitaidon päättöttestaus ("):
            continue  # the sub-heading before the final-test question
        if _is_question(stripped):
            current = {
                "part": part,
                "question": _question_key(number, part, stripped),
                "question_text": stripped,
                "paragraphs": [],
            }
            sections[number]["answers"].append(current)
            continue
        if current is None:
            current = {"part": part, "question": "", "question_text": "", "paragraphs": []}
            sections[number]["answers"].append(current)
        current["paragraphs"].append(stripped)
    return {"sections": sections, "rows": rows}


PARTNERS = [
    "Kaupunkiorganisaatio",
    "Keski-Pohjanmaan työllisyysalue",
    "Keski-Pohjanmaan hyvinvointialue Soite",
    "Kotokunta (Vastaanottokeskus)",
    "Babando (Ryhmäkoti)",
    "Oppilaitokset",
    "alueen yhdistykset ja järjestöt",
]


def kokkola_programme(**fields: Any) -> Programme:
    """The Kokkola document as a draft of municipality 272 (Kokkola)."""
    parsed = parse_kokkola()
    values: dict[str, Any] = {
        "organisation": Organisation.objects.get(slug="kokkola-kotoutumispalvelut"),
        "language": "fi",
        "title": "Kunnan kotoutumisohjelma",
        "document_date": datetime.date(2024, 10, 21),
        "coordinator": "Kotoutumispalvelut",
        "contact": "Kotoutumisen vastuukoordinaattori\n040 000 0000\nkotoutuminen@example.invalid",
        "updated_text": "Marraskuu 2024, jatkossa tarvittaessa",
        "preparation": "Laadinnassa kuultu eri toimijoita ja sen pohjalta lähdetty laatimaan "
        "kotoutumisohjelmaa.",
        "follow_up": "Seuranta: Kuinka asiakkaat löytävät oikea-aikaisiin palveluihin ja samalla "
        "vältetään päällekkäiset palvelut.",
        "approval_process": "Kotoutumisohjelman kuvaava asiakirja menee kaupunginhallituksen "
        "hyväksyttäväksi marraskuussa 2024.",
    }
    values.update(fields)
    programme = Programme.objects.create(**values)
    programme.municipalities.set(Municipality.objects.valid_on().filter(code="272"))
    for i, name in enumerate(PARTNERS):
        ProgrammePartner.objects.create(programme=programme, position=i, name=name)
    for number, data in parsed["sections"].items():
        section = ProgrammeSection.objects.create(
            programme=programme, number=number, element=ELEMENTS[number], title=data["title"]
        )
        positions: dict[str, int] = {}
        for answer in data["answers"]:
            position = positions.get(answer["part"], 0)
            positions[answer["part"]] = position + 1
            ProgrammeAnswer.objects.create(
                section=section,
                part=answer["part"],
                position=position,
                question=answer["question"],
                question_text=answer["question_text"],
                text="\n\n".join(answer["paragraphs"]),
            )
    for i, (service, jobseekers, others) in enumerate(parsed["rows"]):
        ResponsibilityRow.objects.create(
            programme=programme, position=i, service=service, jobseekers=jobseekers, others=others
        )
    return programme


def make_service(owner: str, name: str, **fields: Any) -> Service:
    values: dict[str, Any] = {
        "status": Service.Status.PUBLISHED,
        "tray_category": "open",
        "languages": ["fi"],
        "municipality_codes": ["272"],
        "target_groups": ["adults"],
        "programme_element": "other",
    }
    values.update(fields)
    service = Service.objects.create(
        owner=Organisation.objects.get(slug=owner), name={"fi": name}, **values
    )
    index_service(service)
    return service


def make_clients(n: int, mother_tongue: str, code: str = "272", **extra: Any) -> None:
    unit = Unit.objects.get(organisation__slug="kokkola-kotoutumispalvelut", slug="ohjaus")
    municipality = Municipality.objects.valid_on().get(code=code)
    values: dict[str, Any] = {"status": ClientStatus.ACTIVE, "civic_orientation_pending": True}
    values.update(extra)
    Client.objects.bulk_create(
        Client(
            first_name=f"Testi{i}",
            last_name="Asiakas",
            birth_date=datetime.date(1990, 1, 1),
            mother_tongue=mother_tongue,
            immigration_basis="work",
            responsible_unit=unit,
            municipality=municipality,
            **values,
        )
        for i in range(n)
    )


def answer(programme: Programme, number: int, key: str) -> ProgrammeAnswer:
    return ProgrammeAnswer.objects.get(
        section__programme=programme, section__number=number, question=key
    )
