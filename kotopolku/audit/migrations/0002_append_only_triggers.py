"""Make the audit tables append-only in the database itself.

PostgreSQL: a trigger refuses UPDATE always and DELETE unless the session has switched to
the `kotopolku_retention` role (`SET LOCAL ROLE kotopolku_retention`, done only by the
retention job). The role is created here when the migrating user may create roles;
otherwise the DBA creates it (docs/deploy.md).

SQLite: a trigger refuses UPDATE always and DELETE unless the retention job holds a row in
`audit_retentiongrant` inside its transaction.
"""

from django.db import migrations

TABLES = ("audit_accessevent", "audit_changeevent")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION kotopolku_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'kotopolku_retention' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log rows are append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

PG_ROLE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kotopolku_retention') THEN
        CREATE ROLE kotopolku_retention NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create role kotopolku_retention; ask the DBA (docs/deploy.md)';
END
$$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kotopolku_retention') THEN
        EXECUTE format('GRANT kotopolku_retention TO %I', current_user);
        EXECUTE 'GRANT SELECT, DELETE ON audit_accessevent, audit_changeevent TO kotopolku_retention';
    END IF;
EXCEPTION
    WHEN insufficient_privilege OR invalid_grant_operation THEN
        RAISE NOTICE 'cannot grant kotopolku_retention; ask the DBA (docs/deploy.md)';
END
$$;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION kotopolku_audit_append_only()"
                )
            cursor.execute(PG_ROLE)
        elif vendor == "sqlite":
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'audit log rows are append-only'); END"
                )
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                    "WHEN NOT EXISTS (SELECT 1 FROM audit_retentiongrant) "
                    "BEGIN SELECT RAISE(ABORT, 'audit log rows are removed only by the retention job'); END"
                )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS kotopolku_audit_append_only()")
        elif vendor == "sqlite":
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
