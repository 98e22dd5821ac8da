"""Programme actions on the inputs the other tests leave out: approval and publication (over-long
body and reference, a date given as text, an older version published after a newer one) and the
document's edits (every bad piece of a whole document, municipalities given as records, a part the
version lacks, the opening's date cleared or given as a date, a part that does not exist); each
refusal names its field and changes nothing."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog.models import Service
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme import actions
from kotopolku.programme.document import AnswerDoc, Document, RowDoc, SectionDoc, from_programme
from kotopolku.programme.models import Programme
from kotopolku.programme.template import template
from tests.programme.conftest import make_service

pytestmark = pytest.mark.django_db


def _approve(p: Programme, user: User, **kw: Any) -> Programme:
    values = {"body": "Kaupunginhallitus", "date": timezone.localdate(), "reference": "KH § 1"}
    with acting(view="test"):
        return actions.do_approve(p, acting_user=user, **(values | kw))


def _refused(call: Any, programme: Programme) -> dict[str, list[str]]:
    events = ChangeEvent.objects.filter(subject_id=str(programme.pk)).count()
    with pytest.raises(actions.InvalidError) as exc:
        call()
    programme.refresh_from_db()
    assert ChangeEvent.objects.filter(subject_id=str(programme.pk)).count() == events
    return exc.value.errors


def test_an_approval_refuses_long_texts_and_a_date_it_cannot_read(
    programme: Programme, coordinator: User
) -> None:
    errors = _refused(
        lambda: _approve(
            programme, coordinator, body="b" * 201, reference="r" * 201, date="2.5.2024"
        ),
        programme,
    )
    assert errors == {
        "body": ["At most 200 characters."],
        "reference": ["At most 200 characters."],
        "date": ["Give the date as YYYY-MM-DD."],
    }
    assert programme.status == "draft" and programme.approved_on is None


def test_an_approval_date_given_as_text_is_read(programme: Programme, coordinator: User) -> None:
    approved = _approve(programme, coordinator, date="2024-05-02")
    approved.refresh_from_db()
    assert approved.approved_on.isoformat() == "2024-05-02"
    assert approved.status == "approved"


def test_an_older_version_is_not_published_over_a_newer_one(
    programme: Programme, coordinator: User
) -> None:
    _approve(programme, coordinator)
    with acting(view="test"):
        v2 = actions.do_new_version(programme, acting_user=coordinator)
    _approve(v2, coordinator)
    with acting(view="test"):
        actions.do_publish(v2, acting_user=coordinator)
    with acting(view="test"):
        errors = _refused(lambda: actions.do_publish(programme, acting_user=coordinator), programme)
    assert errors == {"status": ["Version 2 is published already and is newer."]}
    assert programme.status == "approved"


# --- Creating and editing the document: the inputs the other tests leave out ------------------


def _create(org: Organisation, user: User, **kw: Any) -> Programme:
    values: dict[str, Any] = {"municipalities": ["272"], "language": "fi", "title": "Ohjelma"}
    with acting(view="test"):
        return actions.do_create_programme(organisation=org, acting_user=user, **(values | kw))


def test_a_programme_with_an_unknown_language_code_and_a_long_title_is_refused(
    kokkola_org: Organisation, coordinator: User
) -> None:
    with pytest.raises(actions.InvalidError) as exc:
        _create(
            kokkola_org, coordinator, municipalities=["272", "999"], language="en", title="t" * 301
        )
    assert exc.value.errors == {
        "municipalities": ["Unknown municipality code '999'."],
        "language": ["Choose Finnish (fi) or Swedish (sv)."],
        "title": ["At most 300 characters."],
    }
    assert not Programme.objects.exists()
    assert not ChangeEvent.objects.filter(subject_type="programme").exists()


def test_a_programme_takes_its_municipalities_as_records_too(
    kokkola_org: Organisation, coordinator: User
) -> None:
    kokkola = Municipality.objects.get(code="272")
    created = _create(kokkola_org, coordinator, municipalities=[kokkola], title="  Ohjelma  ")
    assert list(created.municipalities.all()) == [kokkola]
    [row] = ChangeEvent.objects.filter(subject_type="programme", subject_id=str(created.pk))
    assert row.changes["municipalities"] == [None, ["272"]]
    assert row.changes["title"] == [None, "Ohjelma"]


def test_a_document_is_refused_naming_every_bad_piece_and_nothing_changes(
    programme: Programme, coordinator: User, kokkola_service: Service
) -> None:
    archived = make_service("kokkola-kotoutumispalvelut", "Vanha palvelu", ["272"])
    archived.status = Service.Status.ARCHIVED
    archived.save()
    missing = uuid.UUID(int=7)
    document = Document(
        title="Ohjelma",
        language="en",
        preparation="p" * 20001,
        partners=["Soite", "x" * 301],
        sections=[
            SectionDoc(1, "assessment", "Osa 1", answers=[AnswerDoc("d", "a_how", "", "teksti")]),
            SectionDoc(1, "assessment", "Osa 1 uudelleen"),
            SectionDoc(2, "guidance", "o" * 401, answers=[AnswerDoc("a", "q" * 61, "", "teksti")]),
            SectionDoc(
                3,
                "language",
                "Osa 3",
                service_ids=["not-an-id", missing, archived.pk, kokkola_service.pk],  # type: ignore[list-item]
            ),
            SectionDoc(9, "other", "Osa 9"),
        ],
        responsibility=[
            RowDoc("", "Työllisyysalue", ""),
            RowDoc("Alkukartoitus", "", "", "flying"),
        ],
    )
    before = from_programme(programme)
    errors = _refused(
        lambda: actions.do_save_document(programme, document, acting_user=coordinator), programme
    )
    assert errors == {
        "language": ["Choose Finnish (fi) or Swedish (sv)."],
        "preparation": ["At most 20000 characters."],
        "partners": [f"A partner's name has at most 300 characters: {'x' * 40}…"],
        "responsibility.0.service": ["Name the service or measure."],
        "responsibility.1.element": ["Unknown element 'flying'."],
        "s1.answers": ["Unknown part 'd': a, b or c."],
        "sections": ["Part 1 appears twice.", "The template has no part 9."],
        "s2.answers": ["A question key has at most 60 characters."],
        "s2-title": ["At most 400 characters."],
        "s3-services": [
            "Not a service id: 'not-an-id'.",
            f"No such service in the offering tray: {missing}.",
            f"No such service in the offering tray: {archived.pk}.",
        ],
    }
    assert from_programme(programme) == before


def test_a_part_the_programme_lacks_is_made_again_when_a_document_is_saved(
    programme: Programme, coordinator: User
) -> None:
    # a version made before the template had part 7 (the template is data and may grow)
    template_title = programme.sections.get(number=7).title
    programme.sections.filter(number=7).delete()
    document = Document(title="Ohjelma", language="fi")
    with acting(view="test"):
        actions.do_save_document(programme, document, acting_user=coordinator)
    part = programme.sections.get(number=7)
    assert (part.title, part.element) == (template_title, template().section(7).element)
    assert not part.answers.exists() and not part.services.exists()
    row = ChangeEvent.objects.filter(subject_type="programme", subject_id=str(programme.pk)).latest(
        "event_time", "id"
    )
    assert row.changes["s7.title"] == [None, template_title]


def test_the_opening_refuses_a_field_it_does_not_have_and_takes_a_date_or_clears_it(
    programme: Programme, coordinator: User
) -> None:
    errors = _refused(
        lambda: actions.do_update_opening(
            programme, {"status": "published", "follow_up": "Vuosittain"}, acting_user=coordinator
        ),
        programme,
    )
    assert errors == {"status": ["Not a field of the opening part."]}
    assert (programme.status, programme.follow_up) == ("draft", "")

    day = datetime.date(2024, 6, 1)
    with acting(view="test"):
        actions.do_update_opening(programme, {"document_date": day}, acting_user=coordinator)
        actions.do_update_opening(programme, {"document_date": ""}, acting_user=coordinator)
    programme.refresh_from_db()
    assert programme.document_date is None
    rows = ChangeEvent.objects.filter(subject_type="programme", subject_id=str(programme.pk))
    assert [r.changes.get("document_date") for r in rows.order_by("event_time", "id")][1:] == [
        [None, "2024-06-01"],
        ["2024-06-01", None],
    ]


def test_a_part_the_programme_does_not_have_and_a_title_too_long_are_refused(
    programme: Programme, coordinator: User
) -> None:
    errors = _refused(
        lambda: actions.do_update_section(
            programme, 9, answers=[], service_ids=[], acting_user=coordinator
        ),
        programme,
    )
    assert errors == {"sections": ["The programme has no part 9."]}
    errors = _refused(
        lambda: actions.do_set_section_title(programme, 8, "Muut", acting_user=coordinator),
        programme,
    )
    assert errors == {"sections": ["The programme has no part 8."]}
    title = programme.sections.get(number=2).title
    errors = _refused(
        lambda: actions.do_set_section_title(programme, 2, "o " * 201, acting_user=coordinator),
        programme,
    )
    assert errors == {"s2-title": ["At most 400 characters."]}
    assert programme.sections.get(number=2).title == title


@pytest.mark.parametrize(
    ("municipalities", "message"),
    [
        ([], "Choose at least one municipality."),
        # an unknown code is named once, without the request to choose one
        (["999"], "Unknown municipality code '999'."),
    ],
)
def test_a_programme_needs_a_municipality(
    kokkola_org: Organisation, coordinator: User, municipalities: list[str], message: str
) -> None:
    with pytest.raises(actions.InvalidError) as exc:
        _create(kokkola_org, coordinator, municipalities=municipalities)
    assert exc.value.errors == {"municipalities": [message]}
    assert not Programme.objects.exists()
