"""Reading a programme document (`programme.importing`): the Kokkola seed as text and as a DOCX
built from the same content, other encodings, a Swedish document, what is kept unplaced, and
files that are not programme documents."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import zipfile

import docx
import pytest
from docx.document import Document as DocxDocument

from kotopolku.programme.demo import KOKKOLA_DOCUMENT
from kotopolku.programme.document import Document, RowDoc, SectionDoc
from kotopolku.programme.importing.common import Imported, NotAProgrammeDocument
from kotopolku.programme.importing.text import parse_text, read_bytes, read_file
from kotopolku.programme.template import template
from tests.programme.import_helpers import SEED, plain_zip, random_docx, seed_as_docx, seed_rows

# The template questions each part of the seed answers (in the seed's order); part 5 leaves
# a_literacy_none unanswered.
EXPECTED_KEYS = {
    1: ["a_how", "b_who", "b_multi", "c_how"],
    2: ["a_how", "b_who", "b_multi", "c_how"],
    3: [
        "a_how",
        "a_target_groups",
        "a_languages",
        "a_when",
        "b_who",
        "c_how",
        "c_own",
        "c_partners",
    ],
    4: ["a_jobseekers", "a_others", "a_final_test", "b_who", "c_how"],
    5: ["a_literacy", "a_other", "b_who", "c_how"],
    6: ["a_how", "b_who", "c_how"],
    7: ["a_municipal", "a_other", "a_work", "b_who", "c_how"],
}


@pytest.fixture(scope="module")
def kokkola() -> Imported:
    return read_file(KOKKOLA_DOCUMENT)


def answer(doc: Document, number: int, key: str) -> str:
    section = doc.section(number)
    assert section is not None, f"part {number} missing"
    found = [a.text for a in section.answers if a.question == key]
    assert len(found) == 1, f"part {number}: {key} answered {len(found)} times"
    return found[0]


def test_the_kokkola_seed_gives_its_seven_parts_in_the_template_numbering(
    kokkola: Imported,
) -> None:
    doc = kokkola.document
    assert [s.number for s in doc.sections] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.element for s in doc.sections] == [s.element for s in template().sections]
    # the older form's titles are kept as written, repealed sections and typos included
    assert doc.sections[0].title == (
        "Osaamisen ja kotoutumisen palvelutarpeen arviointi ja monialaisen osaamisen ja "
        "kotoutumisen palvelutarpeen arviointi (KotoL 14 ja 15 §)"
    )
    assert doc.sections[1].title.endswith("(KotoL 16 ja 17 §)")
    assert doc.sections[5].title == (
        "Kotoutumishojelman aikainen ohjaus ja neuvonta (KotoL 13 §:n 1 mom. 5 kohta)"
    )


def test_every_answer_of_the_seed_is_under_its_template_question(kokkola: Imported) -> None:
    doc = kokkola.document
    for number, keys in EXPECTED_KEYS.items():
        section = doc.section(number)
        assert section is not None
        assert [a.question for a in section.answers] == keys, f"part {number}"
        parts = {q.key: q.part for q in template().section(number).questions}
        assert all(a.part == parts[a.question] for a in section.answers)
        assert all(a.text for a in section.answers)
    assert kokkola.unplaced == []


def test_exact_answer_texts_of_the_seed(kokkola: Imported) -> None:
    doc = kokkola.document
    assert answer(doc, 3, "a_languages") == (
        "Ohjelman tekohetkellä tunnistettuja kieliä ovat; Venäjä, ukraina, persia, swahili, "
        "arabia, thai, viro ja englantia. Tarve tarkentuu vielä myöhemmin."
    )
    assert answer(doc, 1, "b_multi") == (
        "Kotoutumispalvelut sekä Keski-Pohjanmaan hyvinvointialue Soite yhteistyössä."
    )
    assert answer(doc, 5, "a_literacy") == (
        "Ohjelmaa kirjoittaessa Kpedu järjestänyt Kälviällä koulutusta."
    )
    # two paragraphs of one answer stay two paragraphs
    assert (
        answer(doc, 1, "a_how")
        .split("\n\n")[1]
        .startswith("Työvoiman ulkopuolella olevat: Virassa oleva kotoutumispalveluiden työntekijä")
    )
    # both answers of c_own, the second one a list of partners
    assert answer(doc, 3, "c_own").endswith(
        "\n\nKotoutumispalvelut, Keski-Pohjanmaan työllisyysalue, alueen naapurikaupungit"
    )
    # a question typed as a heading line and a question line is one question
    final_test = next(a for a in doc.sections[3].answers if a.question == "a_final_test")
    assert final_test.question_text == (
        "Kielitaidon päättöttestaus (KotoL 26 §): Miten päättöttestauksen järjestäminen "
        "toteutetaan?"
    )
    assert final_test.text.startswith("Kielitaidon päättöttestaus liittyy ainoastaan")
    # the question's example in brackets belongs to the question; the lists to the answer
    other = next(a for a in doc.sections[6].answers if a.question == "a_other")
    assert other.question_text.endswith(
        "kulttuuri- ja vapaa-ajan toimintaan tutustumista ja siihen osallistumista.)"
    )
    assert other.text.startswith("Kieku-verkosto\n\nEhjä ry:\n\n- nuorten avoin ryhmätoiminta,\n")
    assert "SPR:\n\n- Ystävätoiminta,\n- Yhteisölähtöisen kotoutumisen-hanke" in other.text


def test_the_opening_of_the_seed(kokkola: Imported) -> None:
    doc = kokkola.document
    assert doc.language == "fi"
    assert doc.document_date == datetime.date(2024, 10, 21)
    assert doc.title == "Kunnan kotoutumishjelma"
    assert doc.municipalities == ["Kokkola"]
    assert doc.coordinator == "Kotoutumispalvelut"
    # only what the document says: the role title and the placeholders of the test copy
    assert doc.contact == (
        "Kotoutumisen vastuukoordinaattori\n040 000 0000\nkotoutuminen@example.invalid"
    )
    assert doc.updated_text == "Marraskuu 2024, jatkossa tarvittaessa"
    assert doc.preparation.startswith("Laadinnassa kuultu eri toimijoita")
    assert doc.preparation.endswith("Keski-Pohjanmaan työllisyysalueen kanssa.")
    assert doc.follow_up == (
        "Kuinka asiakkaat löytävät oikea-aikaisiin palveluihin ja samalla vältetään "
        "päällekkäiset palvelut."
    )
    assert doc.approval_process == (
        "Kotoutumisohjelman kuvaava asiakirja menee kaupunginhallituksen hyväksyttäväksi "
        "marraskuussa 2024."
    )
    assert doc.partners == [
        "Kaupunkiorganisaatio",
        "Keski-Pohjanmaan työllisyysalue",
        "Keski-Pohjanmaan hyvinvointialue Soite",
        "Kotokunta (Vastaanottokeskus)",
        "Babando (Ryhmäkoti)",
        "Oppilaitokset",
        "alueen yhdistykset ja järjestöt",
    ]
    # the template's instructions are not taken for the municipality's text
    assert "Miten kotoutumisohjelma on kunnassa laadittu?" not in doc.preparation
    assert kokkola.skipped == 7


def test_the_eight_rows_of_the_responsibility_table(kokkola: Imported) -> None:
    rows = kokkola.document.responsibility
    assert len(rows) == 8
    assert [(r.service, r.jobseekers, r.others) for r in rows] == seed_rows()
    assert rows[0] == RowDoc(
        "Osaamisen ja kotoutumisen palvelutarpeen arviointi",
        "K-P:n työllisyysalue ja kotoutumispalvelut",
        "Kotoutumispalvelut",
        "assessment",
    )
    assert [r.element for r in rows] == [
        "assessment",
        "assessment",
        "plan",
        "plan",
        "civic_orientation",
        "integration_training",
        "guidance",
        "",  # follow-up of the programme: no part of its own
    ]


# --- The same content as a DOCX -------------------------------------------------------------


def test_a_docx_of_the_same_content_imports_the_same(kokkola: Imported) -> None:
    data = seed_as_docx()
    assert data.startswith(b"PK")
    from_docx = read_bytes(data, "kokkola.docx")
    assert dataclasses.asdict(from_docx.document) == dataclasses.asdict(kokkola.document)
    assert from_docx.unplaced == []
    assert len(from_docx.document.responsibility) == 8


def test_a_docx_with_auto_numbered_part_headings() -> None:
    """Word's own numbering is not in the text: a heading naming a part is enough."""
    document: DocxDocument = docx.Document()
    document.add_heading("Monikielinen yhteiskuntaorientaatio", level=1)
    document.add_heading("A. Kuvaus palvelusta", level=2)
    document.add_paragraph("Millä kielillä kunnassa on tarve järjestää yhteiskuntaorientaatio?")
    document.add_paragraph("Arabia ja somali.")
    out = io.BytesIO()
    document.save(out)
    doc = read_bytes(out.getvalue()).document
    assert [s.number for s in doc.sections] == [3]
    assert answer(doc, 3, "a_languages") == "Arabia ja somali."


def test_a_docx_laid_out_in_a_question_and_answer_table() -> None:
    """Some municipalities type the form as a two-column table: question | answer."""
    document: DocxDocument = docx.Document()
    document.add_paragraph("3. Monikielinen yhteiskuntaorientaatio (KotoL 25 §)")
    table = document.add_table(rows=0, cols=2)
    for question, answer_text in (
        ("A. Kuvaus palvelusta", ""),
        ("Mitä yhteiskuntaorientaation kohderyhmiä kunnassa on?", "Kaikki kotoutujat."),
        ("Millä kielillä kunnassa on tarve järjestää yhteiskuntaorientaatio?", "Arabia, dari."),
        ("C. Yhteistyö", ""),
        ("Nimeä yhteistyötahot.", "Naapurikunnat."),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = question, answer_text
    out = io.BytesIO()
    document.save(out)
    imported = read_bytes(out.getvalue())
    doc = imported.document
    assert answer(doc, 3, "a_target_groups") == "Kaikki kotoutujat."
    assert answer(doc, 3, "a_languages") == "Arabia, dari."
    assert answer(doc, 3, "c_partners") == "Naapurikunnat."
    assert doc.responsibility == []
    assert imported.unplaced == []


# --- Encodings, languages, what is kept -------------------------------------------------------


def test_a_windows_1252_file_is_read_with_a_note(kokkola: Imported) -> None:
    data = SEED.encode("cp1252")
    imported = read_bytes(data, "kokkola.txt")
    assert imported.notes == ["The file is not UTF-8; it was read as Windows-1252."]
    assert answer(imported.document, 3, "a_languages") == answer(kokkola.document, 3, "a_languages")
    assert imported.document.partners == kokkola.document.partners


def test_utf16_and_a_byte_order_mark_are_read(kokkola: Imported) -> None:
    for data in (SEED.encode("utf-16"), b"\xef\xbb\xbf" + SEED.encode("utf-8")):
        imported = read_bytes(data)
        assert imported.notes == []
        assert dataclasses.asdict(imported.document) == dataclasses.asdict(kokkola.document)


def test_a_swedish_document() -> None:
    text = "\n\n".join(
        [
            "Kommun eller kommuner:",
            "Karleby",
            "Den instans som samordnar integrationsprogrammet i kommunen/kommunerna:",
            "Integrationstjänsterna",
            "1. Bedömning av kompetens och integrationsservicebehov (IntegrationsL 14 §)",
            "A. Beskrivning av tjänsten:",
            "Hur ordnas tjänsterna i kommunen?",
            "Integrationstjänsterna gör bedömningen.",
            "C. Samarbete:",
            "Hur samarbetar man för att ordna tjänsten?",
            "Tillsammans med välfärdsområdet.",
        ]
    )
    doc = parse_text(text).document
    assert doc.language == "sv"
    assert doc.municipalities == ["Karleby"]
    assert doc.coordinator == "Integrationstjänsterna"
    assert answer(doc, 1, "a_how") == "Integrationstjänsterna gör bedömningen."
    assert answer(doc, 1, "c_how") == "Tillsammans med välfärdsområdet."


def test_text_that_answers_no_question_is_kept_and_stray_text_is_listed() -> None:
    text = SEED.replace(
        "B. Vastuutaho\n\nMitkä tahot/yksiköt vastaavat palveluiden järjestämisestä",
        "Welcome officen aukioloajat ovat kaupungin sivuilla.\n\n"
        "Onko ohjaus maksutonta?\n\nOn.\n\n"
        "B. Vastuutaho\n\nMitkä tahot/yksiköt vastaavat palveluiden järjestämisestä",
    )
    text = text.replace("Kunta tai kunnat:", "Luonnos, ei julkinen.\n\nKunta tai kunnat:")
    text += "\n\nLiite: kartta palvelupisteistä.\n"
    imported = parse_text(text)
    part6 = imported.document.section(6)
    assert isinstance(part6, SectionDoc)
    kept = [(a.part, a.question, a.question_text, a.text) for a in part6.answers]
    # the extra paragraph continues the answer it follows; the unknown question is kept as one
    assert kept[0][1] == "a_how"
    assert kept[0][3].endswith("\n\nWelcome officen aukioloajat ovat kaupungin sivuilla.")
    assert kept[1] == ("a", "", "Onko ohjaus maksutonta?", "On.")
    assert imported.unplaced == ["Luonnos, ei julkinen.", "Liite: kartta palvelupisteistä."]


def test_headings_without_their_dots_are_recognised(kokkola: Imported) -> None:
    text = re.sub(r"(?m)^([1-7])\. ", r"\1 ", SEED)
    text = re.sub(r"(?m)^([ABC])\. ", r"\1 ", text)
    assert "\n3 Monikielinen yhteiskuntaorientaatio" in text and "\nB Vastuutaho" in text
    assert dataclasses.asdict(parse_text(text).document) == dataclasses.asdict(kokkola.document)


def test_text_under_a_part_before_any_question_is_an_answer_without_a_question() -> None:
    text = SEED.replace(
        "4. Kotoutumiskoulutus (KotoL 26 ja 27 §)\n",
        "4. Kotoutumiskoulutus (KotoL 26 ja 27 §)\n\nKoulutusta on riittävästi.\n",
    )
    part4 = parse_text(text).document.section(4)
    assert part4 is not None
    assert (part4.answers[0].part, part4.answers[0].question) == ("a", "")
    assert part4.answers[0].text == "Koulutusta on riittävästi."
    assert [a.question for a in part4.answers[1:]] == EXPECTED_KEYS[4]


# --- Not a programme document -----------------------------------------------------------------


def test_a_docx_whose_text_part_unpacks_too_large_is_refused_before_it_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * (21 * 2**20))
    assert len(out.getvalue()) < 100_000
    with pytest.raises(NotAProgrammeDocument, match=r"is expected to be at most 20 MB"):
        read_bytes(out.getvalue())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n \t\n", "the file is empty"),
        (b"name;code\nKokkola;272\nJoensuu;167\n", "no numbered parts 1-6 of the template"),
        (random_docx(), "no numbered parts 1-6 of the template"),
        (plain_zip(), "this ZIP file is not a DOCX"),
        (b"\x00\x01\x02binary\x00", "this is a binary file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word document (.doc)"),
        ("7. Muut kunnan järjestämisvastuulla olevat palvelut\n".encode(), "parts 1-6"),
        (SEED.encode() + b"\nabcde" * 100_000, "characters of text; a programme document is"),
    ],
    ids=["empty", "blank", "csv", "random-docx", "zip", "binary", "doc", "only-part-7", "long"],
)
def test_not_a_programme_document(data: bytes, message: str) -> None:
    with pytest.raises(
        NotAProgrammeDocument, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        read_bytes(data)
