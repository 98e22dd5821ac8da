"""The retention job removes audit rows older than the cutoff, and only those."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kotopolku.audit.models import AccessEvent, ChangeEvent, RetentionGrant
from kotopolku.audit.retention import purge_before, purge_older_than
from tests.audit.helpers import days_ago
from tests.conftest import is_postgres


def _change(event_time: datetime.datetime, subject_id: str) -> ChangeEvent:
    event = ChangeEvent(
        event_time=event_time, subject_type="probe", subject_id=subject_id, action="update"
    )
    event.save()
    return event


@pytest.fixture
def aged_rows(db: Any) -> dict[str, Any]:
    """Rows 3 years, 2 years + 1 day, 2 years - 1 day and 1 day old, in both tables."""
    ages = {"old": 3 * 365, "just_old": 731, "just_new": 729, "new": 1}
    reads = {
        name: AccessEvent.objects.create(
            event_time=days_ago(age), subject_type="probe", subject_id=name
        )
        for name, age in ages.items()
    }
    changes = {name: _change(days_ago(age), name) for name, age in ages.items()}
    return {"reads": reads, "changes": changes}


def _left(model: Any) -> set[str]:
    return set(model.objects.filter(subject_type="probe").values_list("subject_id", flat=True))


def test_purge_removes_only_rows_older_than_the_cutoff(aged_rows: dict[str, Any]) -> None:
    removed = purge_before(days_ago(730))
    assert removed == {"audit_accessevent": 2, "audit_changeevent": 2}
    assert _left(AccessEvent) == {"just_new", "new"}
    assert _left(ChangeEvent) == {"just_new", "new"}


def test_a_row_exactly_at_the_cutoff_is_kept(db: Any) -> None:
    cutoff = timezone.now() - datetime.timedelta(days=800)
    AccessEvent.objects.create(event_time=cutoff, subject_type="probe", subject_id="edge")
    AccessEvent.objects.create(
        event_time=cutoff - datetime.timedelta(microseconds=1), subject_type="probe", subject_id="x"
    )
    assert purge_before(cutoff)["audit_accessevent"] == 1
    assert _left(AccessEvent) == {"edge"}


def test_a_cutoff_in_local_time_means_the_same_instant(db: Any) -> None:
    now = timezone.now()
    AccessEvent.objects.create(
        event_time=now - datetime.timedelta(hours=1), subject_type="probe", subject_id="1h"
    )
    AccessEvent.objects.create(
        event_time=now - datetime.timedelta(hours=3), subject_type="probe", subject_id="3h"
    )
    helsinki = zoneinfo.ZoneInfo("Europe/Helsinki")
    cutoff = (now - datetime.timedelta(hours=2)).astimezone(helsinki)
    assert purge_before(cutoff)["audit_accessevent"] == 1
    assert _left(AccessEvent) == {"1h"}


def test_purge_older_than_counts_days_back_from_now(aged_rows: dict[str, Any]) -> None:
    purge_older_than(730)
    assert _left(AccessEvent) == {"just_new", "new"}
    purge_older_than(2)
    assert _left(AccessEvent) == {"new"}


def test_purge_is_idempotent(aged_rows: dict[str, Any]) -> None:
    purge_before(days_ago(730))
    assert purge_before(days_ago(730)) == {"audit_accessevent": 0, "audit_changeevent": 0}
    assert _left(ChangeEvent) == {"just_new", "new"}


def test_after_a_purge_the_log_is_append_only_again(aged_rows: dict[str, Any]) -> None:
    purge_before(days_ago(730))
    assert not RetentionGrant.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent")
    assert _left(AccessEvent) == {"just_new", "new"}


@pytest.mark.skipif(is_postgres(), reason="SQLite: the grant row stands in for the DB role")
def test_sqlite_deletes_only_while_the_retention_grant_row_exists(
    aged_rows: dict[str, Any],
) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent WHERE subject_id = 'old'")
    with transaction.atomic():
        grant = RetentionGrant.objects.create()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accessevent WHERE subject_id = 'old'")
        RetentionGrant.objects.filter(pk=grant.pk).delete()
    assert "old" not in _left(AccessEvent)


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL: the job switches role")
def test_postgres_purge_runs_as_the_retention_role_and_switches_back(
    aged_rows: dict[str, Any],
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        before = cursor.fetchone()[0]
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = 'kotopolku_retention'")
        assert cursor.fetchone() is not None, "migration 0002 did not create the role"
    removed = purge_before(days_ago(730))
    assert removed == {"audit_accessevent": 2, "audit_changeevent": 2}
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == before


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL: only kotopolku_retention may delete")
def test_postgres_retention_role_may_delete_but_not_update(aged_rows: dict[str, Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE kotopolku_retention")
        cursor.execute("DELETE FROM audit_accessevent WHERE subject_id = 'old'")
        assert cursor.rowcount == 1
        cursor.execute("RESET ROLE")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ROLE kotopolku_retention")
        cursor.execute("UPDATE audit_accessevent SET subject_id = 'forged'")
    assert _left(AccessEvent) == {"just_old", "just_new", "new"}
