"""Helpers for the audit tests: write events as a persona acting in their own unit."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import flush_reads, record_change, record_read
from tests.conftest import PASSWORD


def as_persona(user: User) -> dict[str, Any]:
    """The acting-context fields of `user` in their first active membership."""
    membership = user.active_memberships[0]
    return {"user": user, "role": membership.role, "unit": membership.unit}


def write_read(user: User, subject_type: str, subject_id: str, **extra: Any) -> AccessEvent:
    """Log one read by `user` through the real recorder (queue + flush)."""
    with acting(view="test:read", **as_persona(user)):
        record_read(subject_type, [subject_id], **extra)
        assert flush_reads() == 1
    return AccessEvent.objects.get(subject_type=subject_type, subject_id=subject_id)


def write_change(user: User, subject_type: str, subject_id: str) -> ChangeEvent:
    """Log one change by `user` through the real recorder."""
    with acting(view="test:change", **as_persona(user)), transaction.atomic():
        return record_change(subject_type, subject_id, ChangeEvent.Action.UPDATE, {"x": [1, 2]})


def plain_event(**fields: Any) -> AccessEvent:
    """Insert an access event row directly (for rows with a chosen time)."""
    defaults: dict[str, Any] = {"subject_type": "probe", "subject_id": "1"}
    defaults.update(fields)
    return AccessEvent.objects.create(**defaults)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def confirm_password(client: Any, next_url: str, password: str = PASSWORD) -> None:
    """Pass the re-authentication step ("sudo mode") for `next_url`."""
    response = client.post("/accounts/confirm/", {"password": password, "next": next_url})
    assert response.status_code == 302, response.status_code
    assert response["Location"] == next_url
