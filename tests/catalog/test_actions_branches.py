"""The tray's place, wish and decision actions on the inputs the other tests leave out: each
refusal names its field and writes nothing; a place with good coordinates keeps them."""

from __future__ import annotations

import datetime
import decimal
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


# --- the entry's data: every refusal names its field and writes nothing ----------------------


def _refused_entry(data: dict[str, Any], *, owner: str = "spr-joensuu") -> dict[str, list[str]]:
    before = (Service.objects.count(), ChangeEvent.objects.count())
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_create_service(Organisation.objects.get(slug=owner), data, acting_user=None)
    assert (Service.objects.count(), ChangeEvent.objects.count()) == before
    return exc.value.errors


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"summary": "Kahvia"}, {"summary": ["Give the text as {language code: text}."]}),
        ({"summary": {"fi": 5}}, {"summary": ["The fi text is not text."]}),
        ({"name": {"fi": "n" * 301}}, {"name": ["The fi text is longer than 300 characters."]}),
        ({"times": "Tue 17-19"}, {"times": ["Give a list of times."]}),
        (
            {"times": ["Tue 17-19"]},
            {"times[0]": ["Give weekday or date, starts_at and ends_at."]},
        ),
        (
            {"times": [{"weekday": "Tuesday", "starts_at": "17:00", "ends_at": "19:00"}]},
            {"times[0].weekday": ["Give the weekday as 0 (Monday) to 6 (Sunday)."]},
        ),
        (
            {"times": [{"weekday": 1, "starts_at": "5pm", "ends_at": "19:00"}]},
            {"times[0].starts_at": ["Give a time as HH:MM."]},
        ),
        (
            {"times": [{"weekday": 1, "starts_at": "17:00", "ends_at": "19:00+02:00"}]},
            {
                "times[0].ends_at": [
                    "Give the local time in Finland as HH:MM, without a UTC offset."
                ]
            },
        ),
        ({"places": ["olohuone"]}, {"places": ["'olohuone' is not a place id."]}),
        ({"municipality_codes": "167"}, {"municipality_codes": ["Give a list."]}),
        ({"source": "s" * 21}, {"source": ["At most 20 characters."]}),
        ({"external_id": "e" * 201}, {"external_id": ["At most 200 characters."]}),
        ({"contact_role": "r" * 201}, {"contact_role": ["At most 200 characters."]}),
        (
            {"url": "https://example.invalid/" + "u" * 480},
            {"url": ["At most 500 characters."]},
        ),
    ],
)
def test_bad_entry_data_is_refused_naming_the_field(
    demo_world: dict[str, User], changes: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    assert _refused_entry(base_data(**changes)) == expected


def test_empty_values_mean_none_and_a_moment_means_its_day(demo_world: dict[str, User]) -> None:
    moment = datetime.datetime(2026, 9, 1, 10, 30, tzinfo=datetime.UTC)
    with acting(view="test"):
        entry = actions.do_create_service(
            _spr(),
            base_data(target_groups=None, times=None, starts_on=moment, price_eur=""),
            acting_user=demo_world["ngo.spr"],
        )
    entry.refresh_from_db()
    assert entry.target_groups == [] and not entry.times.exists()
    assert entry.starts_on == datetime.date(2026, 9, 1) and entry.price_eur is None
    [created] = ChangeEvent.objects.filter(subject_type="service", subject_id=str(entry.pk))
    assert created.changes["starts_on"] == [None, "2026-09-01"]
    assert "target_groups" not in created.changes and "times" not in created.changes


def test_the_authorities_column_makes_the_entry_an_authoritys_role(
    demo_world: dict[str, User],
) -> None:
    with acting(view="test"):
        entry = actions.do_create_service(
            Organisation.objects.get(slug="toivo"),
            {"name": {"fi": "Alkukartoitus"}, "tray_category": "authority"},
            acting_user=demo_world["coordinator.joensuu"],
        )
    assert (entry.kind, entry.tray_category) == ("authority_role", "authority")
    [created] = ChangeEvent.objects.filter(subject_type="service", subject_id=str(entry.pk))
    assert created.changes["kind"] == [None, "authority_role"]


# --- the origin of an imported entry ---------------------------------------------------------


def test_an_external_id_belongs_to_one_entry_of_its_source(demo_world: dict[str, User]) -> None:
    with acting(view="test"):
        first = actions.do_create_service(
            _spr(), base_data(source="ptv", external_id=" ptv-1 "), acting_user=None
        )
        other = actions.do_create_service(
            _spr(), base_data(source="ptv", external_id="ptv-2"), acting_user=None
        )
    assert (first.source, first.external_id) == ("ptv", "ptv-1")
    [created] = ChangeEvent.objects.filter(subject_type="service", subject_id=str(first.pk))
    assert created.changes["external_id"] == [None, "ptv-1"]
    assert _refused_entry(base_data(source="ptv", external_id="ptv-1")) == {
        "external_id": ["Another entry already has this external id."]
    }
    # another source may use the same id
    with acting(view="test"):
        actions.do_create_service(
            _spr(), base_data(source="hel", external_id="ptv-1"), acting_user=None
        )
    # a change of another entry to the id is refused and changes nothing
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_update_service(other, {"external_id": "ptv-1"}, acting_user=None)
    assert exc.value.errors == {"external_id": ["Another entry already has this external id."]}
    other.refresh_from_db()
    assert other.external_id == "ptv-2"


def test_an_organisation_no_longer_active_gets_no_new_entry(demo_world: dict[str, User]) -> None:
    Organisation.objects.filter(slug="spr-joensuu").update(is_active=False)
    assert _refused_entry(base_data()) == {"owner": ["The organisation is not active."]}


def test_a_published_entry_is_not_published_again(demo_world: dict[str, User]) -> None:
    with acting(view="test"):
        entry = actions.do_create_service(_spr(), base_data(), acting_user=None, publish=True)
    events = ChangeEvent.objects.count()
    with pytest.raises(InvalidError) as exc, acting(view="test"):
        actions.do_publish_service(entry, acting_user=demo_world["ngo.spr"])
    assert exc.value.errors == {"status": ["The entry is already published."]}
    assert ChangeEvent.objects.count() == events


def test_a_proposal_stores_dates_prices_and_places_as_text_and_its_approval_applies_them(
    demo_world: dict[str, User],
) -> None:
    ngo, coordinator = demo_world["ngo.spr"], demo_world["coordinator.joensuu"]
    with acting(view="test"):
        place = actions.do_create_place(_spr(), {"name": {"fi": "Olohuone"}}, acting_user=ngo)
        entry = actions.do_create_service(_spr(), base_data(), acting_user=ngo)
        actions.do_publish_service(entry, acting_user=None)
        revision = actions.do_update_service(
            entry,
            {
                "starts_on": datetime.date(2026, 10, 5),
                "price_eur": decimal.Decimal("12.5"),
                "places": [str(place.pk)],
            },
            acting_user=ngo,
        )
    assert isinstance(revision, ServiceRevision)
    assert revision.data == {
        "starts_on": "2026-10-05",
        "price_eur": "12.50",
        "places": [str(place.pk)],
    }
    [proposal] = ChangeEvent.objects.filter(
        subject_type="service_revision", subject_id=str(revision.pk)
    )
    assert proposal.changes == {
        "places": [[], [str(place.pk)]],
        "price_eur": [None, "12.50"],
        "starts_on": [None, "2026-10-05"],
    }
    entry.refresh_from_db()
    assert entry.starts_on is None and not entry.places.exists()  # waits for the coordinator
    with acting(view="test"):
        actions.do_decide_revision(
            revision, approve=True, acting_user=coordinator, seen=actions.fingerprint(entry)
        )
    entry.refresh_from_db()
    assert entry.starts_on == datetime.date(2026, 10, 5)
    assert entry.price_eur == decimal.Decimal("12.50")
    assert list(entry.places.all()) == [place]


def test_a_place_address_longer_than_its_column_is_refused(demo_world: dict[str, User]) -> None:
    errors = _refused_place(
        demo_world["ngo.spr"],
        {"name": {"fi": "Olohuone"}, "street_address": "k" * 201, "postal_code": "80100"},
    )
    assert errors == {"street_address": ["At most 200 characters."]}


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
