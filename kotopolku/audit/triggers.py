"""Keep SQLite's append-only triggers in place.

SQLite cannot alter a column in place: Django rebuilds the table and the triggers go with
the old one. After every `migrate`, the triggers are created again if missing. (PostgreSQL
keeps triggers through ALTER TABLE; they are created by migrations 0002 and 0003.)
"""

from __future__ import annotations

from typing import Any

from django.db import connections

TABLES = ("audit_accessevent", "audit_changeevent")


def ensure_sqlite_triggers(using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return  # only on postgresql
    _create_triggers(connection)  # only on sqlite


def _create_triggers(connection: Any) -> None:  # only on sqlite
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in TABLES:
            if table not in existing:  # `migrate audit zero`: the signal comes all the same
                continue
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'audit log rows are append-only'); END"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "  # noqa: S608 (constant table names)
                "WHEN NOT EXISTS (SELECT 1 FROM audit_retentiongrant) "
                "BEGIN SELECT RAISE(ABORT, 'audit log rows are removed only by the retention job'); END"
            )
