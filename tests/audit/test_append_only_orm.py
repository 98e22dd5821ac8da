"""Audit rows refuse every edit and removal through the ORM (AppendOnlyError)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from kotopolku.audit.models import AccessEvent, AppendOnlyError, ChangeEvent
from tests.audit.helpers import write_change, write_read


@pytest.fixture
def events(demo_world: dict[str, Any]) -> tuple[AccessEvent, ChangeEvent]:
    admin = demo_world["admin"]
    return write_read(admin, "probe", "a1"), write_change(admin, "probe", "c1")


def test_saving_an_existing_access_event_is_refused(events: Any) -> None:
    read, _ = events
    read.purpose = "rewritten"
    with pytest.raises(AppendOnlyError):
        read.save()
    assert AccessEvent.objects.get(pk=read.pk).purpose == ""


def test_saving_an_existing_change_event_is_refused(events: Any) -> None:
    _, change = events
    change.changes = {"x": [1, 3]}
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        change.save(update_fields=["changes"])
    assert ChangeEvent.objects.get(pk=change.pk).changes == {"x": [1, 2]}


@pytest.mark.parametrize("model", [AccessEvent, ChangeEvent])
def test_deleting_an_audit_row_is_refused(model: Any, events: Any) -> None:
    row = model.objects.filter(subject_type="probe").get()
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", [AccessEvent, ChangeEvent])
def test_queryset_update_is_refused(model: Any, events: Any) -> None:
    with pytest.raises(AppendOnlyError):
        model.objects.filter(subject_type="probe").update(subject_id="other")
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(actor_username="someone")
    assert set(model.objects.filter(subject_type="probe").values_list("subject_id", flat=True)) <= {
        "a1",
        "c1",
    }


@pytest.mark.parametrize("model", [AccessEvent, ChangeEvent])
def test_queryset_delete_is_refused(model: Any, events: Any) -> None:
    before = model.objects.count()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(subject_type="probe").delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.count() == before


def test_bulk_update_is_refused(events: Any) -> None:
    read, _ = events
    read.subject_id = "changed"
    # bulk_update runs in atomic(savepoint=False): give it its own savepoint.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AccessEvent.objects.bulk_update([read], ["subject_id"])
    assert AccessEvent.objects.get(pk=read.pk).subject_id == "a1"


def test_a_user_named_in_the_audit_log_cannot_be_deleted(events: Any) -> None:
    read, _ = events
    assert read.actor is not None
    with pytest.raises(ProtectedError):
        read.actor.delete()


def test_new_rows_can_still_be_written(events: Any) -> None:
    read, change = events
    assert read.pk is not None and change.pk is not None
    assert AccessEvent.objects.filter(subject_type="probe").count() == 1
    assert ChangeEvent.objects.filter(subject_type="probe").count() == 1
