"""Bulk inserts of many plain rows (the synthetic data sets): COPY on PostgreSQL, one
prepared statement on SQLite, `bulk_create` elsewhere. Rows are dicts by field attname."""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection, models
from django.utils import timezone

Row = dict[str, Any]
BATCH = 5000  # rows per statement where the database takes them in batches


def insert_objects(model: type[models.Model], objects: list[Any]) -> None:
    """Insert unsaved model instances as `insert_rows` does (their field values by attname)."""
    if connection.vendor not in FAST_INSERT:
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return
    insert_rows(model, [o.__dict__ for o in objects])


# Where `insert_rows` writes without `bulk_create`: PostgreSQL by COPY, SQLite by one prepared
# statement (executemany). Values are those `bulk_create` would write.
FAST_INSERT = ("postgresql", "sqlite")
# Fields whose Python value the database driver takes as it is.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
)


def insert_rows(model: type[models.Model], rows: list[Row]) -> None:
    """Insert rows given as dicts by field attribute name; fields left out get their
    defaults and auto_now(_add) fields the time of the insert. PostgreSQL: one COPY per
    table; SQLite: one prepared INSERT run for every row, with the values prepared by the
    fields as `bulk_create` prepares them; other databases: `bulk_create`."""
    if connection.vendor not in FAST_INSERT:
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    if not rows:
        return
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    now = timezone.now()
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}  # "" for text, None when nullable
    stamped = {
        f.attname
        for f in fields
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    }

    def values(row: Row) -> list[Any]:
        found = [row.get(name, defaults[name]) for name in names]
        if stamped:
            found = [
                now if v is None and name in stamped else v
                for name, v in zip(names, found, strict=True)
            ]
        return found

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        json_names = {f.attname for f in fields if isinstance(f, models.JSONField)}
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                found = values(row)
                if json_names:
                    found = [
                        Jsonb(v) if name in json_names else v
                        for name, v in zip(names, found, strict=True)
                    ]
                copy.write_row(found)
        return
    prepare = [
        None
        if isinstance(f, PLAIN_FIELDS) and not isinstance(f, models.JSONField)
        else functools.partial(f.get_db_prep_save, connection=connection)
        for f in fields
    ]
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        for first in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    [
                        v if convert is None or v is None else convert(v)
                        for convert, v in zip(prepare, values(row), strict=True)
                    ]
                    for row in rows[first : first + BATCH]
                ],
            )
