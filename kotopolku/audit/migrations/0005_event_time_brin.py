"""Index event_time with BRIN on PostgreSQL (append-only rows arrive in time order: the
index is tiny and costs almost nothing per insert), with a B-tree on SQLite."""

import django.utils.timezone
from django.db import migrations, models

TABLES = ("audit_accessevent", "audit_changeevent")


def create(apps, schema_editor):
    method = "USING brin " if schema_editor.connection.vendor == "postgresql" else ""
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"CREATE INDEX {table}_time ON {table} {method}(event_time)")


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP INDEX IF EXISTS {table}_time")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_lighter_references")]

    operations = [
        migrations.AlterField(
            model_name="accessevent",
            name="event_time",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="changeevent",
            name="event_time",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(create, drop),
    ]
