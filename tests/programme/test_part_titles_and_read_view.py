"""Issue 17 made whole: the part's title in the editor (an imported title citing the repealed
ss. 15 and 17 can be corrected, or replaced by the template's title in one click, change-logged
with old and new value), and the read view showing the completeness check (each warning linking
to its field) and the content derived from the tray beside the text, in a fixed number of
queries."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import ChangeEvent
from kotopolku.programme import completeness, demo
from kotopolku.programme.models import Programme, ProgrammeAnswer
from kotopolku.programme.template import template
from tests.programme.conftest import make_service

pytestmark = pytest.mark.django_db

Login = Callable[[str], Client]
TITLE_1 = template().section(1).title_in("fi")
TITLE_2 = template().section(2).title_in("fi")


@pytest.fixture
def kokkola(demo_world: dict[str, User]) -> Programme:
    """The Kokkola document of 2024, imported through the importer as the demo does."""
    programme = demo.load()
    assert programme is not None
    return programme


def _edit(p: Programme) -> str:
    return f"/programme/{p.pk}/edit/"


def _title_events(p: Programme, number: int) -> list[list[str]]:
    return [
        e.changes[f"s{number}.title"]
        for e in ChangeEvent.objects.filter(subject_type="programme", subject_id=str(p.pk))
        if f"s{number}.title" in e.changes
    ]


def _anchors(p: Programme) -> set[str]:
    return {w.anchor for w in completeness.check(p).warnings}


def test_the_imported_title_citing_repealed_sections_is_in_the_editor(
    login: Login, kokkola: Programme
) -> None:
    old = kokkola.sections.get(number=1).title
    assert "(KotoL 14 ja 15 §)" in old
    assert "s1" in _anchors(kokkola)
    page = login("coordinator.kokkola").get(_edit(kokkola)).content.decode()
    field = re.search(r'<input type="text" name="s1-title"[^>]*>', page)
    assert field is not None
    assert 'id="s1-title"' in field.group(0) and 'lang="fi"' in field.group(0)
    assert "(KotoL 14 ja 15 §)" in field.group(0)
    # the template's title is shown as guidance, with the one-click button
    assert f'<span lang="fi">{TITLE_1}</span>' in page
    assert 'form="s1-template-title"' in page
    assert 'id="s1-template-title"' in page
    # part 3 has the template's title already: no button there
    assert 'form="s3-template-title"' not in page


def test_use_the_templates_title_in_one_click(login: Login, kokkola: Programme) -> None:
    old = kokkola.sections.get(number=1).title
    answers_before = list(
        ProgrammeAnswer.objects.filter(section__programme=kokkola).values_list("text", flat=True)
    )
    logged = len(_title_events(kokkola, 1))  # the import's
    browser = login("coordinator.kokkola")
    response = browser.post(_edit(kokkola), {"group": "s1-template_title"})
    assert response.status_code == 302 and response["Location"].endswith("#s1")
    assert kokkola.sections.get(number=1).title == TITLE_1
    # only the title changed, logged with its old and new value
    events = _title_events(kokkola, 1)
    assert len(events) == logged + 1 and [old, TITLE_1] in events
    assert (
        list(
            ProgrammeAnswer.objects.filter(section__programme=kokkola).values_list(
                "text", flat=True
            )
        )
        == answers_before
    )
    assert "s1" not in _anchors(kokkola)
    page = browser.get(_edit(kokkola)).content.decode()
    assert 'form="s1-template-title"' not in page  # it is the template's title now


def test_a_swedish_document_gets_the_swedish_title(login: Login, kokkola: Programme) -> None:
    Programme.objects.filter(pk=kokkola.pk).update(language="sv")
    login("coordinator.kokkola").post(_edit(kokkola), {"group": "s2-template_title"})
    assert kokkola.sections.get(number=2).title == template().section(2).title_in("sv")


def test_a_typed_title_is_saved_with_the_part(login: Login, kokkola: Programme) -> None:
    section = kokkola.sections.get(number=2)
    old = section.title
    new = "Kotoutumissuunnitelma (KotoL 16 §)"
    logged = len(_title_events(kokkola, 2))  # the import's
    response = login("coordinator.kokkola").post(
        _edit(kokkola),
        {
            "group": "s2",
            "s2-title": new,
            "s2-a_how": "Kotoutumispalvelut laatii suunnitelman.",
            "s2-b_who": "Kotoutumispalvelut.",
            "s2-c_how": "Työllisyysalueen kanssa.",
        },
    )
    assert response.status_code == 302
    assert kokkola.sections.get(number=2).title == new
    events = _title_events(kokkola, 2)
    assert len(events) == logged + 1 and [old, new] in events
    assert "s2" not in _anchors(kokkola)


def test_an_empty_title_is_refused_on_its_field_and_nothing_changes(
    login: Login, kokkola: Programme
) -> None:
    old = kokkola.sections.get(number=2).title
    logged = len(_title_events(kokkola, 2))
    response = login("coordinator.kokkola").post(
        _edit(kokkola), {"group": "s2", "s2-title": "  ", "s2-a_how": "Muutettu teksti."}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="s2-title_error"' in page
    assert "Give the part a title." in page
    assert 'href="#s2-title"' in page  # the error summary links to the field
    assert kokkola.sections.get(number=2).title == old
    assert not ProgrammeAnswer.objects.filter(section__programme=kokkola, text="Muutettu teksti.")
    assert len(_title_events(kokkola, 2)) == logged


def test_a_reader_who_may_not_write_cannot_change_the_title(
    login: Login, kokkola: Programme
) -> None:
    old = kokkola.sections.get(number=1).title
    response = login("counsellor.kokkola").post(_edit(kokkola), {"group": "s1-template_title"})
    assert response.status_code == 404
    assert kokkola.sections.get(number=1).title == old


# --- The read view ------------------------------------------------------------------------------


def test_the_read_view_shows_the_warnings_beside_the_text(login: Login, kokkola: Programme) -> None:
    page = login("coordinator.kokkola").get(f"/programme/{kokkola.pk}/").content.decode()
    assert "Completeness against the law" in page
    assert "Checked against Act 681/2023 s. 13 as amended by Act 1100/2024." in page
    # the title of part 1 cites the repealed sections: the warning links to the part's title
    assert f'href="/programme/{kokkola.pk}/edit/#s1"' in page
    assert f'href="/programme/{kokkola.pk}/edit/#s1-services"' in page
    assert f'href="/programme/{kokkola.pk}/approve/#approval"' in page
    # under part 1's heading, the warnings of part 1
    part_1 = page.split('id="s1-heading"', 1)[1].split('id="s2-heading"', 1)[0]
    assert "To fix in part 1" in part_1
    assert "The title of part 1 cites a repealed provision" in part_1
    assert 'data-code="repealed_question"' in part_1
    part_3 = page.split('id="s3-heading"', 1)[1].split('id="s4-heading"', 1)[0]
    assert "The title of part" not in part_3
    # the derived content, after the document's own responsibility table
    tail = page.split('id="responsibility-heading"', 1)[1]
    assert "From the tray and the register" in tail
    assert "Responsibility table from the tray" in tail
    assert "Languages of civic orientation" in tail


def test_a_reader_sees_the_warnings_without_links_to_the_editor(
    login: Login, kokkola: Programme
) -> None:
    page = login("counsellor.kokkola").get(f"/programme/{kokkola.pk}/").content.decode()
    assert "The title of part 1 cites a repealed provision" in page
    assert f"/programme/{kokkola.pk}/edit/" not in page
    assert f"/programme/{kokkola.pk}/approve/" not in page


def test_a_complete_published_programme_says_so(login: Login, kokkola: Programme) -> None:
    Programme.objects.filter(pk=kokkola.pk).update(
        status=Programme.Status.PUBLISHED,
        approved_by_body="Kaupunginhallitus",
        approved_on=datetime.date(2024, 11, 25),
        decision_reference="KH 25.11.2024 § 400",
        published_at=timezone.now(),
    )
    page = login("coordinator.kokkola").get(f"/programme/{kokkola.pk}/").content.decode()
    assert "Completeness against the law" in page
    # the approval is recorded: that warning is gone; a published version has no fix links
    assert 'data-code="approval_missing"' not in page
    assert f"/programme/{kokkola.pk}/edit/#" not in page


def test_the_read_view_takes_a_fixed_number_of_queries(login: Login, kokkola: Programme) -> None:
    def link(count: int, start: int) -> None:
        for section in kokkola.sections.all():
            for i in range(start, start + count):
                service = make_service(
                    "kokkola-kotoutumispalvelut", f"Palvelu {section.number}.{i}", []
                )
                service.programme_element = section.element
                service.save()
                section.services.add(service)
            ProgrammeAnswer.objects.create(section=section, part="c", position=50 + i, text="+")

    link(1, 0)  # one linked service per part
    browser = login("coordinator.kokkola")
    url = f"/programme/{kokkola.pk}/"
    browser.get(url)  # warm the caches (template, session)
    with CaptureQueriesContext(connection) as before:
        assert browser.get(url).status_code == 200
    link(3, 1)  # more linked services (published tray entries), more answers
    with CaptureQueriesContext(connection) as after:
        page = browser.get(url)
    assert page.status_code == 200
    assert "Palvelu 6.3" in page.content.decode()
    assert len(after) == len(before), "\n".join(
        difflib.unified_diff(
            [q["sql"][:150] for q in before.captured_queries],
            [q["sql"][:150] for q in after.captured_queries],
            lineterm="",
        )
    )
