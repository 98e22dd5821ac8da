"""A change event is written in the caller's transaction: a failed action leaves no trace."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import record_change
from kotopolku.orgs import actions
from kotopolku.orgs.models import Organisation


class BoomError(Exception):
    pass


def test_a_failed_create_leaves_neither_the_object_nor_its_change_event(
    demo_world: dict[str, Any],
) -> None:
    admin = demo_world["admin"]
    events_before = ChangeEvent.objects.count()
    with pytest.raises(BoomError), acting(view="test:rollback"), transaction.atomic():
        org = actions.do_create_organisation(
            slug="doomed",
            kind=Organisation.Kind.NGO,
            name={"fi": "Tuhoon tuomittu"},
            serves=[],
            acting_user=admin,
        )
        assert ChangeEvent.objects.filter(subject_id=str(org.pk)).count() == 1
        raise BoomError
    assert not Organisation.objects.filter(slug="doomed").exists()
    assert ChangeEvent.objects.count() == events_before
    assert not ChangeEvent.objects.filter(subject_id=str(org.pk)).exists()


def test_a_failed_update_keeps_the_old_values_and_no_event(demo_world: dict[str, Any]) -> None:
    admin = demo_world["admin"]
    org = Organisation.objects.get(slug="spr-joensuu")
    events_before = ChangeEvent.objects.filter(subject_id=str(org.pk)).count()
    with pytest.raises(BoomError), transaction.atomic():
        changed = actions.do_update_organisation(
            org, {"business_id": "0215207-2"}, acting_user=admin
        )
        assert changed == {"business_id": ["", "0215207-2"]}
        raise BoomError
    org.refresh_from_db()
    assert org.business_id == ""
    assert ChangeEvent.objects.filter(subject_id=str(org.pk)).count() == events_before


def test_a_committed_change_keeps_its_event(demo_world: dict[str, Any]) -> None:
    admin = demo_world["admin"]
    org = Organisation.objects.get(slug="spr-joensuu")
    with acting(view="test:commit"):
        actions.do_update_organisation(org, {"business_id": "0215207-2"}, acting_user=admin)
    event = ChangeEvent.objects.filter(subject_id=str(org.pk)).latest("event_time")
    assert event.action == ChangeEvent.Action.UPDATE
    assert event.changes == {"business_id": ["", "0215207-2"]}
    assert event.actor_id == admin.pk
    assert event.view == "test:commit"


def test_an_event_written_in_an_inner_savepoint_goes_with_it(db: Any) -> None:
    with transaction.atomic():
        record_change("probe", "kept", ChangeEvent.Action.CREATE)
        with pytest.raises(BoomError), transaction.atomic():
            record_change("probe", "dropped", ChangeEvent.Action.CREATE)
            raise BoomError
    assert set(
        ChangeEvent.objects.filter(subject_type="probe").values_list("subject_id", flat=True)
    ) == {"kept"}
