"""`kotopolku audit_retention` keeps the access log at least two years."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kotopolku.audit.models import AccessEvent
from tests.audit.helpers import days_ago


@pytest.fixture
def aged_reads(db: Any) -> None:
    for name, age in {"ancient": 6 * 365, "three_years": 3 * 365, "recent": 10}.items():
        AccessEvent.objects.create(event_time=days_ago(age), subject_type="probe", subject_id=name)


def _left() -> set[str]:
    return set(
        AccessEvent.objects.filter(subject_type="probe").values_list("subject_id", flat=True)
    )


@pytest.mark.parametrize("days", [729, 365, 0, -1])
def test_fewer_than_730_days_is_refused(days: int, aged_reads: None) -> None:
    with pytest.raises(CommandError, match="--days") as caught:
        call_command("audit_retention", f"--days={days}")
    assert "730" in str(caught.value)
    assert _left() == {"ancient", "three_years", "recent"}


def test_730_days_is_allowed_and_removes_older_rows(aged_reads: None) -> None:
    out = StringIO()
    call_command("audit_retention", "--days=730", stdout=out)
    assert _left() == {"recent"}
    assert "audit_accessevent: removed 2" in out.getvalue()
    assert "audit_changeevent: removed" in out.getvalue()


def test_the_default_comes_from_settings(aged_reads: None, settings: Any) -> None:
    assert settings.AUDIT_RETENTION_DAYS == 5 * 365
    out = StringIO()
    call_command("audit_retention", stdout=out)
    assert _left() == {"three_years", "recent"}
    assert "audit_accessevent: removed 1" in out.getvalue()
