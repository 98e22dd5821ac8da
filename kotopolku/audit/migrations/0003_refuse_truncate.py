"""PostgreSQL: TRUNCATE fires no row trigger, so refuse it with a statement trigger.

Only the retention role may truncate (it never does; it deletes old rows). Tests that need
a flush of these tables (TransactionTestCase on PostgreSQL) must not be written: use
TestCase, or a separate database as the browser tests do.
"""

from django.db import migrations

TABLES = ("audit_accessevent", "audit_changeevent")

FUNCTION = """
CREATE OR REPLACE FUNCTION kotopolku_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_user = 'kotopolku_retention' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit log rows are append-only (TRUNCATE on %)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in TABLES:
            cursor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION kotopolku_audit_no_truncate()"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS kotopolku_audit_no_truncate()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
