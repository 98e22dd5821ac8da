"""The tray's place, wish and decision actions on the inputs the other tests leave out: each
refusal names its field and writes nothing; a place with good coordinates keeps them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog import actions
from kotopolku.catalog.actions import InvalidError
from kotopolku.catalog.models import Place, Service, ServiceRevision, Wish
from kotopolku.orgs.models import Organisation
from tests.catalog.test_actions import base_data

pytestmark = pytest.mark.django_db


def _spr() -> Organisation:
    return Organisation.objects.get(slug="spr-joensuu")


def _refused_place(user: User, data: dict[str, Any]) -> dict[str, list[str]]:
    places = Place.objects.count()
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_place(_spr(), data, acting_user=user)
    assert Place.objects.count() == places
    return exc.value.errors


def test_a_place_refuses_unknown_fields_and_coordinates_that_are_no_numbers(
    demo_world: dict[str, User],
) -> None:
    ngo = demo_world["ngo.spr"]
    errors = _refused_place(
        ngo, {"name": {"fi": "Olohuone"}, "floor": "2", "latitude": "north", "longitude": [62]}
    )
    assert errors == {
        "floor": ["Unknown field."],
        "latitude": ["Give a number."],
        "longitude": ["Give a number."],
    }
    errors = _refused_place(
        ngo, {"name": {"fi": "Olohuone"}, "longitude": "-180.5", "municipality_code": "99999"}
    )
    assert set(errors) == {"longitude", "municipality_code"}
    assert errors["longitude"] == ["Give a number between -180 and 180."]


def test_a_place_with_good_coordinates_keeps_them_and_logs_them(
    demo_world: dict[str, User],
) -> None:
    with acting(view="test"):
        place = actions.do_create_place(
            _spr(),
            {"name": {"fi": "Olohuone"}, "latitude": "62.6", "longitude": -29.76},
            acting_user=demo_world["ngo.spr"],
        )
    place.refresh_from_db()
    assert (float(place.latitude), float(place.longitude)) == (62.6, -29.76)
    [event] = ChangeEvent.objects.filter(subject_type="place", subject_id=str(place.pk))
    assert event.changes["latitude"] == [None, 62.6]


def test_a_wish_is_at_most_500_characters(demo_world: dict[str, User]) -> None:
    ngo = demo_world["ngo.spr"]
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_add_wish(_spr(), "x" * 501, acting_user=ngo)
    assert exc.value.errors == {"text": ["At most 500 characters."]}
    assert not Wish.objects.exists()
    with acting(view="test"):
        assert len(actions.do_add_wish(_spr(), "x" * 500, acting_user=ngo).text) == 500


def test_a_rejection_reason_is_at_most_500_characters(demo_world: dict[str, User]) -> None:
    ngo, coordinator = demo_world["ngo.spr"], demo_world["coordinator.joensuu"]
    with acting(view="test"):
        entry = actions.do_create_service(_spr(), base_data(), acting_user=ngo)
        actions.do_publish_service(entry, acting_user=None)
        revision = actions.do_update_service(entry, {"url": ""}, acting_user=ngo)
    assert isinstance(revision, ServiceRevision)
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_decide_revision(
            revision, approve=False, reason="x" * 501, acting_user=coordinator
        )
    assert exc.value.errors == {"reason": ["At most 500 characters."]}
    revision.refresh_from_db()
    assert revision.status == ServiceRevision.Status.PENDING


# --- undoing an archiving --------------------------------------------------------------------


def _archived_published_entry(ngo: User) -> Service:
    with acting(view="test"):
        entry = actions.do_create_service(_spr(), base_data(), acting_user=ngo)
        actions.do_publish_service(entry, acting_user=None)
        actions.do_archive_service(entry, acting_user=ngo)
    return entry


def _restored(entry: Service, user: User) -> tuple[str, ChangeEvent]:
    with acting(view="test"):
        actions.do_restore_service(entry, acting_user=user)
    entry.refresh_from_db()
    last = (
        ChangeEvent.objects.filter(subject_type="service", subject_id=str(entry.pk))
        .order_by("event_time", "id")
        .last()
    )
    assert last is not None
    return entry.status, last


def test_a_confirmation_while_archived_is_no_edit_and_the_entry_comes_back_published(
    demo_world: dict[str, User],
) -> None:
    ngo = demo_world["ngo.spr"]
    entry = _archived_published_entry(ngo)
    with acting(view="test"):
        actions.do_mark_reviewed(entry, acting_user=ngo)  # the same day: nothing changes
    status, event = _restored(entry, ngo)
    assert status == "published"
    assert event.changes["status"] == ["archived", "published"]
    assert event.reason == "archiving undone"


def test_an_entry_edited_while_archived_comes_back_a_draft_however_much_was_logged_since(
    demo_world: dict[str, User],
) -> None:
    """The edit counts even when more than 50 later rows of the log change nothing (an
    earlier version looked at the 50 latest rows only and brought the edited entry back
    published, without the coordinator's approval)."""
    ngo = demo_world["ngo.spr"]
    entry = _archived_published_entry(ngo)
    with acting(view="test"):
        actions.do_update_service(entry, {"url": "https://example.invalid/uusi"}, acting_user=ngo)
        for _ in range(51):
            actions.do_mark_reviewed(entry, acting_user=ngo)
    status, event = _restored(entry, ngo)
    assert status == "draft"
    assert event.changes["status"] == ["archived", "draft"]
    assert entry.url == "https://example.invalid/uusi"


def test_an_entry_whose_archiving_has_left_the_log_comes_back_a_draft(
    demo_world: dict[str, User],
) -> None:
    from kotopolku.audit.retention import purge_before

    ngo = demo_world["ngo.spr"]
    entry = _archived_published_entry(ngo)
    purge_before(timezone.now() + datetime.timedelta(minutes=1))
    assert actions.status_before_archiving(entry) is None
    with acting(view="test"):
        actions.do_mark_reviewed(entry, acting_user=ngo, today=datetime.date(2026, 1, 2))
    status, event = _restored(entry, ngo)
    assert status == "draft"
    assert event.changes["status"] == ["archived", "draft"]


def test_only_the_owners_editors_restore_an_entry(demo_world: dict[str, User]) -> None:
    entry = _archived_published_entry(demo_world["ngo.spr"])
    events = ChangeEvent.objects.count()
    with pytest.raises(actions.NotAllowedError), acting(view="test"):
        actions.do_restore_service(entry, acting_user=demo_world["counsellor.joensuu"])
    entry.refresh_from_db()
    assert entry.status == "archived" and ChangeEvent.objects.count() == events
