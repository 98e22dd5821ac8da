"""The tray's place, wish and decision actions on the inputs the other tests leave out: each
refusal names its field and writes nothing; a place with good coordinates keeps them."""

from __future__ import annotations

from typing import Any

import pytest

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.catalog import actions
from kotopolku.catalog.actions import InvalidError
from kotopolku.catalog.models import Place, ServiceRevision, Wish
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
