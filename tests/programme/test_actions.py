"""The programme's actions: each transition on both sides, change rows with old and new
values, and nothing changed when a request is refused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog.models import Service
from kotopolku.orgs.models import Organisation
from kotopolku.programme import actions
from kotopolku.programme.document import AnswerDoc, Document, RowDoc, SectionDoc, from_programme
from kotopolku.programme.models import Programme

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _rows(programme: Programme) -> list[ChangeEvent]:
    return list(
        ChangeEvent.objects.filter(subject_type="programme", subject_id=str(programme.pk)).order_by(
            "event_time", "id"
        )
    )


def _document() -> Document:
    return Document(
        title="Kokkolan kotoutumisohjelma 2024",
        language="fi",
        document_date=datetime.date(2024, 5, 2),
        coordinator="Kotoutumispalvelut",
        contact="Kotoutumiskoordinaattori",
        preparation="Työpajat",
        follow_up="Vuosittain",
        approval_process="Kaupunginhallitus",
        partners=["Soite", "Keski-Pohjanmaan työllisyysalue"],
        sections=[
            SectionDoc(
                number=1,
                element="assessment",
                title="Osaamisen arviointi",
                answers=[
                    AnswerDoc("a", "a_how", "Miten?", "Arvio tehdään"),
                    AnswerDoc("b", "b_who", "Kuka?", "Kotoutumispalvelut"),
                    AnswerDoc("c", "c_how", "Yhteistyö?", "Yhdessä"),
                ],
            )
        ],
        responsibility=[RowDoc("Alkukartoitus", "Työllisyysalue", "Kunta", "assessment")],
    )


def _approve(p: Programme, user: User, **kw: Any) -> Programme:
    values = {"body": "Kaupunginhallitus", "date": TODAY(), "reference": "KH 12.5.2024 § 1"}
    values.update(kw)
    with acting(view="test"):
        return actions.do_approve(p, acting_user=user, **values)


# --- Creating and saving -------------------------------------------------------------------------


def test_create_starts_a_draft_with_the_seven_parts_and_logs_it(
    programme: Programme, coordinator: User
) -> None:
    assert programme.status == "draft" and programme.version == 1
    assert list(programme.sections.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert programme.sections.get(number=3).title.startswith("Monikielinen")
    [row] = _rows(programme)
    assert row.action == "create"
    assert row.changes["title"] == [None, "Kokkolan kotoutumisohjelma"]
    assert row.changes["municipalities"] == [None, ["272"]]
    assert row.actor_id == coordinator.pk


def test_create_refuses_a_municipality_the_organisation_does_not_serve(
    kokkola_org: Organisation, coordinator: User
) -> None:
    with pytest.raises(actions.InvalidError) as exc, acting(view="test"):
        actions.do_create_programme(
            organisation=kokkola_org,
            municipalities=["167"],
            language="fi",
            title="x",
            acting_user=coordinator,
        )
    assert "municipalities" in exc.value.errors
    assert not Programme.objects.exists()


def test_create_refused_for_a_coordinator_of_another_organisation(
    kokkola_org: Organisation, demo_world: dict[str, User]
) -> None:
    with pytest.raises(actions.NotAllowedError), acting(view="test"):
        actions.do_create_programme(
            organisation=kokkola_org,
            municipalities=["272"],
            language="fi",
            title="x",
            acting_user=demo_world["coordinator.joensuu"],
        )
    assert not Programme.objects.exists()


def test_save_document_writes_everything_and_logs_old_and_new(
    programme: Programme, coordinator: User, kokkola_service: Service
) -> None:
    doc = _document()
    doc.sections[0].service_ids = [kokkola_service.pk]
    with acting(view="test"):
        actions.do_save_document(programme, doc, acting_user=coordinator, source_name="k.txt")
    back = from_programme(programme)
    assert back.title == "Kokkolan kotoutumisohjelma 2024"
    assert back.partners == ["Soite", "Keski-Pohjanmaan työllisyysalue"]
    s1 = back.section(1)
    assert s1 is not None
    assert [(a.part, a.question, a.text) for a in s1.answers] == [
        ("a", "a_how", "Arvio tehdään"),
        ("b", "b_who", "Kotoutumispalvelut"),
        ("c", "c_how", "Yhdessä"),
    ]
    assert s1.service_ids == [kokkola_service.pk]
    assert back.responsibility == [RowDoc("Alkukartoitus", "Työllisyysalue", "Kunta", "assessment")]
    # the parts the document does not have keep the template's title
    assert [s.number for s in back.sections] == [1, 2, 3, 4, 5, 6, 7]
    row = _rows(programme)[-1]
    assert row.changes["title"] == ["Kokkolan kotoutumisohjelma", "Kokkolan kotoutumisohjelma 2024"]
    assert row.changes["s1.a"] == [[], [["a_how", "Arvio tehdään"]]]
    assert row.changes["partners"][0] == []
    assert row.changes["source_name"] == ["", "k.txt"]


def test_save_document_refuses_a_service_of_another_region_and_changes_nothing(
    programme: Programme, coordinator: User, joensuu_service: Service
) -> None:
    doc = _document()
    doc.sections[0].service_ids = [joensuu_service.pk]
    with pytest.raises(actions.InvalidError) as exc, acting(view="test"):
        actions.do_save_document(programme, doc, acting_user=coordinator)
    assert "s1-services" in exc.value.errors
    programme.refresh_from_db()
    assert programme.title == "Kokkolan kotoutumisohjelma"
    assert not programme.partners.exists()
    assert len(_rows(programme)) == 1


def test_editing_opening_partners_rows_and_a_section(
    programme: Programme, coordinator: User, kokkola_service: Service
) -> None:
    with acting(view="test"):
        actions.do_update_opening(
            programme,
            {"follow_up": "Kerran vuodessa", "document_date": "2024-06-01"},
            acting_user=coordinator,
        )
        actions.do_set_partners(programme, ["Soite", " ", "Soite", "SPR"], acting_user=coordinator)
        actions.do_set_responsibility(
            programme,
            [RowDoc("Kotoutumiskoulutus", "TE", "Kunta"), RowDoc("", "", "")],
            acting_user=coordinator,
        )
        actions.do_update_section(
            programme,
            3,
            answers=[AnswerDoc("a", "a_languages", "", "arabia, dari"), AnswerDoc("b", "", "", "")],
            service_ids=[str(kokkola_service.pk)],
            acting_user=coordinator,
        )
    programme.refresh_from_db()
    assert programme.follow_up == "Kerran vuodessa"
    assert programme.document_date == datetime.date(2024, 6, 1)
    assert list(programme.partners.values_list("name", flat=True)) == ["Soite", "SPR"]
    assert list(programme.responsibility_rows.values_list("service", flat=True)) == [
        "Kotoutumiskoulutus"
    ]
    s3 = programme.sections.get(number=3)
    assert list(s3.answers.values_list("question", "text")) == [("a_languages", "arabia, dari")]
    assert list(s3.services.all()) == [kokkola_service]
    rows = _rows(programme)
    assert rows[1].changes["follow_up"] == ["", "Kerran vuodessa"]
    assert rows[2].changes["partners"] == [[], ["Soite", "SPR"]]
    assert rows[3].changes["responsibility"] == [[], [["Kotoutumiskoulutus", "TE", "Kunta", ""]]]
    assert rows[4].changes["s3.services"] == [[], [str(kokkola_service.pk)]]


def test_a_bad_date_in_the_opening_is_refused_by_field(
    programme: Programme, coordinator: User
) -> None:
    with pytest.raises(actions.InvalidError) as exc, acting(view="test"):
        actions.do_update_opening(
            programme, {"document_date": "2. toukokuuta"}, acting_user=coordinator
        )
    assert list(exc.value.errors) == ["document_date"]


def test_only_a_draft_is_edited(programme: Programme, coordinator: User) -> None:
    with acting(view="test"):
        actions.do_submit_for_review(programme, acting_user=coordinator)
    with pytest.raises(actions.InvalidError) as exc, acting(view="test"):
        actions.do_set_partners(programme, ["Soite"], acting_user=coordinator)
    assert "status" in exc.value.errors
    assert not programme.partners.exists()


def test_a_counsellor_may_not_edit(programme: Programme, demo_world: dict[str, User]) -> None:
    with pytest.raises(actions.NotAllowedError), acting(view="test"):
        actions.do_set_partners(programme, ["Soite"], acting_user=demo_world["counsellor.kokkola"])
    assert not programme.partners.exists()


# --- Review, approval, publication -----------------------------------------------------------------


def test_submit_and_return_to_draft(programme: Programme, coordinator: User) -> None:
    with acting(view="test"):
        actions.do_submit_for_review(programme, acting_user=coordinator)
    programme.refresh_from_db()
    assert programme.status == "in_review"
    assert _rows(programme)[-1].changes["status"] == ["draft", "in_review"]
    with pytest.raises(actions.InvalidError), acting(view="test"):
        actions.do_submit_for_review(programme, acting_user=coordinator)
    with acting(view="test"):
        actions.do_return_to_draft(programme, acting_user=coordinator)
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_approve_without_a_date_is_refused_with_the_field_named_and_nothing_changed(
    programme: Programme, coordinator: User
) -> None:
    with pytest.raises(actions.InvalidError) as exc:
        _approve(programme, coordinator, date=None)
    assert list(exc.value.errors) == ["date"]
    assert "date" in exc.value.errors["date"][0]
    programme.refresh_from_db()
    assert programme.status == "draft"
    assert programme.approved_by_body == "" and programme.approved_on is None
    assert len(_rows(programme)) == 1


def test_approve_refuses_a_missing_body_and_a_future_date(
    programme: Programme, coordinator: User
) -> None:
    with pytest.raises(actions.InvalidError) as exc:
        _approve(programme, coordinator, body=" ", date=TODAY() + datetime.timedelta(days=1))
    assert set(exc.value.errors) == {"body", "date"}
    assert "future" in exc.value.errors["date"][0]
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_approve_records_body_date_and_reference(programme: Programme, coordinator: User) -> None:
    day = TODAY() - datetime.timedelta(days=3)
    _approve(programme, coordinator, date=day.isoformat())
    programme.refresh_from_db()
    assert programme.status == "approved"
    assert programme.approved_by_body == "Kaupunginhallitus"
    assert programme.approved_on == day
    assert programme.decision_reference == "KH 12.5.2024 § 1"
    changes = _rows(programme)[-1].changes
    assert changes["status"] == ["draft", "approved"]
    assert changes["approved_on"] == [None, day.isoformat()]
    with pytest.raises(actions.InvalidError) as exc:
        _approve(programme, coordinator)
    assert "status" in exc.value.errors


def test_publish_before_approval_is_refused(programme: Programme, coordinator: User) -> None:
    with pytest.raises(actions.InvalidError) as exc, acting(view="test"):
        actions.do_publish(programme, acting_user=coordinator)
    assert "status" in exc.value.errors
    programme.refresh_from_db()
    assert programme.status == "draft" and programme.published_at is None


def test_publishing_v2_supersedes_v1(programme: Programme, coordinator: User) -> None:
    with acting(view="test"):
        actions.do_set_partners(programme, ["Soite"], acting_user=coordinator)
    _approve(programme, coordinator)
    with acting(view="test"):
        v1 = actions.do_publish(programme, acting_user=coordinator)
    assert v1.status == "published" and v1.published_at is not None
    with acting(view="test"):
        v2 = actions.do_new_version(v1, acting_user=coordinator)
    assert (v2.version, v2.previous_id, v2.series, v2.status) == (2, v1.pk, v1.series, "draft")
    assert list(v2.partners.values_list("name", flat=True)) == ["Soite"]
    assert v2.sections.count() == 7
    assert v2.approved_on is None
    assert _rows(v2)[0].changes["previous"] == [None, str(v1.pk)]
    _approve(v2, coordinator)
    with acting(view="test"):
        actions.do_publish(v2, acting_user=coordinator)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.status == "superseded"
    assert v2.status == "published"
    assert _rows(v1)[-1].changes["status"] == ["published", "superseded"]


def test_new_version_only_from_the_latest_finished_version(
    programme: Programme, coordinator: User
) -> None:
    with pytest.raises(actions.InvalidError) as exc, acting(view="test"):
        actions.do_new_version(programme, acting_user=coordinator)
    assert "status" in exc.value.errors
    _approve(programme, coordinator)
    with acting(view="test"):
        actions.do_new_version(programme, acting_user=coordinator)
    with pytest.raises(actions.InvalidError) as exc, acting(view="test"):
        actions.do_new_version(programme, acting_user=coordinator)
    assert "version" in exc.value.errors
    assert Programme.objects.count() == 2
