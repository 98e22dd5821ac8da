"""The database itself refuses UPDATE and DELETE on the audit tables (migration 0002).

Raw SQL goes around the ORM's AppendOnlyError: the triggers must stop it on SQLite and on
PostgreSQL. Each statement runs in its own savepoint so the test database stays usable.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from kotopolku.audit.models import AccessEvent, ChangeEvent
from tests.audit.helpers import write_change, write_read
from tests.conftest import is_postgres

TABLES = ("audit_accessevent", "audit_changeevent")


@pytest.fixture
def rows(demo_world: dict[str, Any]) -> dict[str, int]:
    admin = demo_world["admin"]
    return {
        "audit_accessevent": write_read(admin, "probe", "a1").pk,
        "audit_changeevent": write_change(admin, "probe", "c1").pk,
    }


def _run(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _counts() -> tuple[int, int]:
    return AccessEvent.objects.count(), ChangeEvent.objects.count()


@pytest.mark.parametrize("table", TABLES)
def test_raw_update_is_refused_by_the_database(table: str, rows: dict[str, int]) -> None:
    with pytest.raises(DatabaseError) as caught:
        _run(f"UPDATE {table} SET subject_id = %s WHERE id = %s", ["forged", rows[table]])  # noqa: S608
    assert "append-only" in str(caught.value)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT subject_id FROM {table} WHERE id = %s", [rows[table]])  # noqa: S608
        assert cursor.fetchone()[0] in ("a1", "c1")


@pytest.mark.parametrize("table", TABLES)
def test_raw_update_of_every_row_is_refused(table: str, rows: dict[str, int]) -> None:
    with pytest.raises(DatabaseError):
        _run(f"UPDATE {table} SET actor_username = %s", ["nobody"])  # noqa: S608
    assert not AccessEvent.objects.filter(actor_username="nobody").exists()
    assert not ChangeEvent.objects.filter(actor_username="nobody").exists()


@pytest.mark.parametrize("table", TABLES)
def test_raw_delete_is_refused_by_the_database(table: str, rows: dict[str, int]) -> None:
    before = _counts()
    with pytest.raises(DatabaseError) as caught:
        _run(f"DELETE FROM {table} WHERE id = %s", [rows[table]])  # noqa: S608
    message = str(caught.value)
    if is_postgres():
        assert "append-only" in message
    else:
        assert "only by the retention job" in message
    assert _counts() == before


@pytest.mark.parametrize("table", TABLES)
def test_raw_delete_of_the_whole_table_is_refused(table: str, rows: dict[str, int]) -> None:
    before = _counts()
    with pytest.raises(DatabaseError):
        _run(f"DELETE FROM {table}", [])  # noqa: S608
    assert _counts() == before


def test_the_database_stays_usable_after_a_refused_statement(rows: dict[str, int]) -> None:
    with pytest.raises(DatabaseError):
        _run("DELETE FROM audit_accessevent WHERE id = %s", [rows["audit_accessevent"]])
    assert AccessEvent.objects.filter(pk=rows["audit_accessevent"]).exists()


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL: the trigger raises SQLSTATE 42501")
def test_postgres_refusal_is_an_insufficient_privilege_error(rows: dict[str, int]) -> None:
    with pytest.raises(DatabaseError) as caught:
        _run("UPDATE audit_changeevent SET reason = %s", ["x"])
    cause = caught.value.__cause__
    assert getattr(cause, "sqlstate", None) == "42501"
    assert "UPDATE on audit_changeevent" in str(caught.value)


@pytest.mark.skipif(not is_postgres(), reason="PostgreSQL: a superuser session is refused too")
def test_postgres_refuses_even_the_table_owner(rows: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    assert owner != "kotopolku_retention"
    with pytest.raises(DatabaseError):
        _run("DELETE FROM audit_accessevent", [])


@pytest.mark.skipif(not is_postgres(), reason="TRUNCATE exists on PostgreSQL only")
def test_postgres_refuses_truncate(rows: dict[str, int]) -> None:
    before = AccessEvent.objects.count()
    remaining = before
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # The test transaction holds deferred FK checks, which block TRUNCATE; a committed
            # production session has none. Fire them first so TRUNCATE meets only the triggers.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE audit_accessevent")
            cursor.execute("SELECT count(*) FROM audit_accessevent")
            remaining = cursor.fetchone()[0]
            raise _UndoError  # roll the savepoint back: the rows come back for the other tests
    except (_UndoError, DatabaseError):
        pass
    assert remaining == before, "TRUNCATE removed the access log"


class _UndoError(Exception):
    """Raised to roll a savepoint back on purpose."""
