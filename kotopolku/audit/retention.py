"""The retention job: the only code that removes audit rows, and only old ones."""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from kotopolku.audit.models import RetentionGrant

TABLES = ("audit_accessevent", "audit_changeevent")


def purge_before(cutoff: datetime.datetime) -> dict[str, int]:
    """Delete audit rows older than `cutoff`; return the number removed per table."""
    removed: dict[str, int] = {}
    # raw SQL: adapt the aware datetime the way the ORM stores it (UTC text on SQLite)
    cutoff_param = connection.ops.adapt_datetimefield_value(cutoff)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # only on postgresql
                cursor.execute("SET LOCAL ROLE kotopolku_retention")
                for table in TABLES:
                    cursor.execute(f"DELETE FROM {table} WHERE event_time < %s", [cutoff_param])  # noqa: S608
                    removed[table] = cursor.rowcount
                cursor.execute("RESET ROLE")
        else:  # only on sqlite
            grant = RetentionGrant.objects.create()
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"DELETE FROM {table} WHERE event_time < %s", [cutoff_param])  # noqa: S608
                    removed[table] = cursor.rowcount
            RetentionGrant.objects.filter(pk=grant.pk).delete()
    return removed


def purge_older_than(days: int) -> dict[str, int]:
    return purge_before(timezone.now() - datetime.timedelta(days=days))
