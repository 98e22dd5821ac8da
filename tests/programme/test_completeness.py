"""The s. 13 completeness check: each rule on both sides, the version's date boundary, and the
Kokkola document of 2024 as a realistic case (it cites the repealed ss. 15 and 17)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from kotopolku.programme import completeness
from kotopolku.programme.models import Programme, ProgrammeAnswer, ProgrammeSection
from tests.programme.documents_helpers import (
    answer,
    kokkola_programme,
    make_clients,
    make_service,
)

DAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def kokkola(demo_world: dict[str, Any]) -> Programme:
    return kokkola_programme()


def codes(result: completeness.Completeness) -> list[str]:
    return [w.code for w in result.warnings]


def of(result: completeness.Completeness, code: str) -> list[completeness.Warning]:
    return [w for w in result.warnings if w.code == code]


def link_services(programme: Programme) -> None:
    """One published entry linked to each part."""
    for section in programme.sections.all():
        service = make_service(
            "kokkola-kotoutumispalvelut",
            f"Palvelu {section.number}",
            programme_element=section.element,
        )
        section.services.add(service)


def approve(programme: Programme) -> None:
    programme.approved_by_body = "Kaupunginhallitus"
    programme.approved_on = datetime.date(2024, 11, 25)
    programme.decision_reference = "KH 25.11.2024 § 400"
    programme.save()


def fix_repealed(programme: Programme) -> None:
    """What the coordinator does with the flagged texts: delete the answers to the repealed
    questions, reword the texts and titles."""
    ProgrammeAnswer.objects.filter(section__programme=programme, question="b_multi").delete()
    for a in ProgrammeAnswer.objects.filter(section__programme=programme):
        if completeness.repealed_citations(f"{a.question_text}\n{a.text}"):
            a.text = (
                "Hyvinvointialue osallistuu kunnan tai työvoimaviranomaisen pyynnöstä "
                "(KotoL 14 § ja 16 §)."
            )
            a.question_text = ""
            a.save()
    for s in ProgrammeSection.objects.filter(programme=programme):
        if completeness.repealed_citations(s.title):
            s.title = "Arviointi (KotoL 14 §)" if s.number == 1 else "Suunnitelma (KotoL 16 §)"
            s.save()
    programme.responsibility_rows.filter(service__istartswith="monialai").delete()


# --- The Kokkola document -----------------------------------------------------------------------


def test_the_kokkola_document_is_flagged_for_the_repealed_sections(kokkola: Programme) -> None:
    result = completeness.check(kokkola, on=DAY)
    assert result.judged and not result.complete
    repealed = of(result, "repealed_section")
    anchors = {w.anchor for w in repealed}
    # the titles of parts 1 and 2 (KotoL 14 ja 15 §, 16 ja 17 §), the answers about the
    # multi-professional assessment and plan, and the rows of the responsibility table
    assert {"s1", "s2", "s1-a_how", "s1-c_how", "s2-a_how", "responsibility"} <= anchors
    title_1 = next(w for w in repealed if w.anchor == "s1")
    assert "14 ja 15 §" in title_1.message
    assert "cite section 14 (assessment) and section 16 (plan)" in title_1.message
    assert "at the request of the municipality or the employment authority" in title_1.message
    assert title_1.url == f"/programme/{kokkola.pk}/edit/#s1"
    # the answers under the old template's questions b_multi of parts 1 and 2
    questions = of(result, "repealed_question")
    assert [(w.section, w.anchor) for w in questions] == [(1, "s1-b_multi"), (2, "s2-b_multi")]
    assert "KotoL 15 §" in questions[0].message


def test_the_kokkola_document_misses_services_and_approval_but_has_its_texts(
    kokkola: Programme,
) -> None:
    result = completeness.check(kokkola, on=DAY)
    # every mandatory part has A, B and C answered; literacy is described; languages named
    assert not of(result, "answer_missing")
    assert not of(result, "part_missing")
    assert not of(result, "literacy_missing")
    assert not of(result, "civic_languages_missing")
    # no part links a tray entry yet (part 7 is optional)
    assert [w.section for w in of(result, "no_services")] == [1, 2, 3, 4, 5, 6]
    assert of(result, "no_services")[0].url.endswith("/edit/#s1-services")
    approval = of(result, "approval_missing")
    assert len(approval) == 1 and approval[0].url.endswith("/approve/#approval")


def test_fixing_every_warning_makes_the_kokkola_document_complete(kokkola: Programme) -> None:
    link_services(kokkola)
    fix_repealed(kokkola)
    assert codes(completeness.check(kokkola, on=DAY)) == ["approval_missing"]
    assert completeness.check(kokkola, on=DAY).content_complete
    approve(kokkola)
    result = completeness.check(kokkola, on=DAY)
    assert result.complete and result.warnings == []


# --- Each rule on both sides --------------------------------------------------------------------


@pytest.fixture
def clean(kokkola: Programme) -> Programme:
    link_services(kokkola)
    fix_repealed(kokkola)
    approve(kokkola)
    assert completeness.check(kokkola, on=DAY).complete
    return kokkola


def test_a_missing_part_is_named(clean: Programme) -> None:
    clean.sections.get(number=4).delete()
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["part_missing"]
    assert result.warnings[0].section == 4
    assert (
        "Part 4 (Kotoutumiskoulutus (KotoL 26 ja 27 §)) is missing." in result.warnings[0].message
    )


def test_the_optional_part_7_may_be_missing(clean: Programme) -> None:
    clean.sections.get(number=7).delete()
    assert completeness.check(clean, on=DAY).complete


@pytest.mark.parametrize(
    ("part", "anchor", "what"),
    [
        ("a", "s6-a_how", "the description of the service (A)"),
        ("b", "s6-b_who", "the responsible parties (B)"),
        ("c", "s6-c_how", "the cooperation (C)"),
    ],
)
def test_each_of_a_b_c_must_be_answered(
    clean: Programme, part: str, anchor: str, what: str
) -> None:
    ProgrammeAnswer.objects.filter(section__programme=clean, section__number=6, part=part).update(
        text="  "
    )
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["answer_missing"]
    warning = result.warnings[0]
    assert (warning.section, warning.part, warning.anchor) == (6, part, anchor)
    assert what in warning.message


def test_an_answer_to_a_repealed_question_does_not_count_as_b(clean: Programme) -> None:
    section = clean.sections.get(number=1)
    ProgrammeAnswer.objects.filter(section=section, part="b").delete()
    ProgrammeAnswer.objects.create(
        section=section, part="b", question="b_multi", text="Kotoutumispalvelut ja Soite."
    )
    assert sorted(codes(completeness.check(clean, on=DAY))) == [
        "answer_missing",
        "repealed_question",
    ]


def test_a_part_without_a_linked_service(clean: Programme) -> None:
    clean.sections.get(number=3).services.clear()
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["no_services"]
    assert result.warnings[0].anchor == "s3-services"


def test_literacy_described_or_its_absence_justified(clean: Programme) -> None:
    literacy = answer(clean, 5, "a_literacy")
    literacy.text = ""
    literacy.save()
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["literacy_missing"]
    assert result.warnings[0].url.endswith("#s5-a_literacy")
    justification = answer(clean, 5, "a_literacy_none")
    justification.text = "Kunnassa ei ole luku- ja kirjoitustaidon koulutuksen tarvetta: ..."
    justification.save()
    assert completeness.check(clean, on=DAY).complete


def test_the_languages_of_civic_orientation_must_be_named(clean: Programme) -> None:
    languages = answer(clean, 3, "a_languages")
    languages.text = ""
    languages.save()
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["civic_languages_missing"]
    assert result.warnings[0].anchor == "s3-a_languages"


def test_a_language_in_demand_that_the_text_does_not_name(clean: Programme) -> None:
    # Kokkola names Russian, Ukrainian, Persian, Swahili, Arabic, Thai, Estonian, English
    make_clients(6, "ar")
    make_clients(2, "so")
    make_clients(3, "ti", civic_orientation_pending=False)  # no demand: already offered
    make_clients(4, "ku", code="167")  # another municipality
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["civic_language_not_named"]
    message = result.warnings[0].message
    assert "Somali" in message and "(under 5)" in message
    assert result.warnings[0].url.endswith("#s3-a_languages")
    languages = answer(clean, 3, "a_languages")
    languages.text += " Lisäksi somaliksi."
    languages.save()
    assert completeness.check(clean, on=DAY).complete


def test_names_language_reads_inflected_finnish_and_swedish() -> None:
    assert completeness.names_language("Venäjä, ukraina ja englantia", "en")
    assert completeness.names_language("kursseja arabiaksi", "ar")
    assert completeness.names_language("på arabiska och somaliska", "so")
    assert not completeness.names_language("Venäjä, ukraina", "so")


@pytest.mark.parametrize("missing", ["approved_by_body", "approved_on", "decision_reference"])
def test_the_approval_must_be_recorded_before_publishing(clean: Programme, missing: str) -> None:
    setattr(clean, missing, None if missing == "approved_on" else "")
    clean.status = Programme.Status.DRAFT  # the model requires a date once approved
    clean.save()
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["approval_missing"]
    assert result.content_complete and not result.complete


@pytest.mark.parametrize(
    "text",
    [
        "Arviointi tehdään KotoL 14 ja 15 § mukaisesti.",
        "Suunnitelma (16 ja 17 §).",
        "Monialainen kotoutumissuunnitelma tehdään tarvittaessa.",
        "Tarvittaessa tehdään monialaisen osaamisen ja kotoutumisen palvelutarpeen arviointi.",
        "Enligt IntegrationsL 17 § görs en sektorsövergripande integrationsplan.",
        "kotoutumislain 15 §:n mukainen arviointi",
    ],
)
def test_citations_of_the_repealed_sections_are_found(text: str) -> None:
    assert completeness.repealed_citations(text)


@pytest.mark.parametrize(
    "text",
    [
        "Arviointi tehdään KotoL 14 §:n mukaisesti; hyvinvointialue osallistuu pyynnöstä.",
        "Kotoutumissuunnitelma (KotoL 16 §).",
        "Kotoutumiskoulutus (KotoL 26 ja 27 §)",
        "Monialainen yhteistyö verkostossa.",  # cooperation, not the repealed assessment or plan
        "Ohjaus ja neuvonta (KotoL 13 §:n 1 mom. 5 kohta)",
    ],
)
def test_texts_that_cite_sections_in_force_are_not_flagged(text: str) -> None:
    assert completeness.repealed_citations(text) == []


def test_an_opening_text_citing_a_repealed_section_links_to_its_field(clean: Programme) -> None:
    clean.preparation = "Prosessi noudattaa KotoL 16 ja 17 § vaatimuksia."
    clean.save()
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["repealed_section"]
    assert result.warnings[0].url.endswith("/edit/#opening-preparation")


# --- The dated version --------------------------------------------------------------------------


def test_the_version_in_force_from_2025_cites_section_13_as_amended(kokkola: Programme) -> None:
    result = completeness.check(kokkola, on=datetime.date(2025, 1, 1))
    assert result.rule.id == "programme-s13-681-2023"
    assert result.rule.legal_reference == "Act 681/2023 s. 13 as amended by Act 1100/2024"
    assert result.judged and result.warnings


def test_before_2025_the_previous_act_is_not_judged(kokkola: Programme) -> None:
    result = completeness.check(kokkola, on=datetime.date(2024, 12, 31))
    assert result.rule.under_previous_act and not result.judged
    assert result.warnings == [] and not result.complete


def test_the_versions_follow_each_other_without_a_gap() -> None:
    from kotopolku.core.rulebook import check_sequence

    check_sequence(completeness.S13)  # raises on a gap or an overlap
    assert completeness.S13[0].valid_to == datetime.date(2024, 12, 31)
    assert set(completeness.CHECKS) == {v.id for v in completeness.S13 if v.judged}


def test_messages_are_translated_to_finnish_and_swedish(kokkola: Programme) -> None:
    with translation.override("fi"):
        fi = completeness.check(kokkola, on=DAY)
    with translation.override("sv"):
        sv = completeness.check(kokkola, on=DAY)
    assert "Hyvinvointialue osallistuu" in of(fi, "repealed_section")[0].message
    assert "Välfärdsområdet deltar" in of(sv, "repealed_section")[0].message
    assert of(fi, "no_services")[0].message != of(sv, "no_services")[0].message


def test_text_without_a_template_question_links_to_the_parts_other_text(clean: Programme) -> None:
    section = clean.sections.get(number=4)
    ProgrammeAnswer.objects.create(
        section=section, part="c", position=9, text="Monialainen kotoutumissuunnitelma."
    )
    result = completeness.check(clean, on=DAY)
    assert codes(result) == ["repealed_section"]
    assert result.warnings[0].url == f"/programme/{clean.pk}/edit/#s4-other_c"


# --- The page -----------------------------------------------------------------------------------


def test_the_completeness_page_lists_the_warnings_and_the_derived_content(
    kokkola: Programme, login: Callable[[str], HttpClient]
) -> None:
    make_service(
        "keski-pohjanmaan-tyollisyysalue",
        "Kotoutumiskoulutus työnhakijoille",
        programme_element="integration_training",
        target_groups=["jobseekers"],
    )
    make_clients(6, "ar")
    make_clients(2, "so")
    page = login("coordinator.kokkola").get(reverse("programme:completeness", args=[kokkola.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Act 681/2023 s. 13 as amended by Act 1100/2024" in html
    assert f'href="/programme/{kokkola.pk}/edit/#s1-services"' in html
    assert f'href="/programme/{kokkola.pk}/approve/#approval"' in html
    assert "Part 5 neither describes" not in html  # Kokkola describes its literacy training
    # Somali: clients wait, part 3 does not name it; the count is suppressed
    assert "civic orientation in Somali (under 5)" in html
    assert "<td>under 5</td>" in html and "<td>6</td>" in html and ">2<" not in html
    assert "Keski-Pohjanmaan työllisyysalue" in html


def test_the_completeness_page_of_another_region_is_not_found(
    kokkola: Programme, login: Callable[[str], HttpClient]
) -> None:
    page = login("counsellor.joensuu").get(reverse("programme:completeness", args=[kokkola.pk]))
    assert page.status_code == 404
