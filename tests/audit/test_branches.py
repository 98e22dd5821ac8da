"""audit/ branches the app's own tests left out, without the database: the client address
behind proxies, the rows' names, the log filter by client."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.test import RequestFactory
from django.utils import timezone

from kotopolku.audit import queries
from kotopolku.audit.middleware import client_ip
from kotopolku.audit.models import AccessEvent, ChangeEvent, RetentionGrant

AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 5))


def test_client_ip_behind_trusted_proxies(rf: RequestFactory, settings: Any) -> None:
    xff = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9", "REMOTE_ADDR": "10.0.0.2"}
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", **xff)) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", **xff)) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(rf.get("/", **xff)) == "198.51.100.7"
    # fewer addresses than proxies: the header cannot be trusted, the peer's address stands
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(rf.get("/", **xff)) == "10.0.0.2"


def test_the_rows_name_themselves() -> None:
    access = AccessEvent(
        event_time=AT, actor_username="counsellor.joensuu", kind="view", subject_type="client"
    )
    access.subject_id = "c1"
    assert str(access) == "2026-03-02 09:05 counsellor.joensuu view client:c1"
    change = ChangeEvent(
        event_time=AT, actor_username="counsellor.joensuu", action="update", subject_type="plan"
    )
    change.subject_id = "p1"
    assert str(change) == "2026-03-02 09:05 counsellor.joensuu update plan:p1"
    assert str(RetentionGrant(started_at=AT)) == "retention run 2026-03-02 09:05"


def test_filter_events_by_client() -> None:
    ids = [uuid.UUID(int=1), uuid.UUID(int=2)]
    sql = str(queries.filter_events(AccessEvent.objects.all(), client_ids=iter(ids)).query)
    assert "client_id" in sql and "IN" in sql
    assert "WHERE" not in str(queries.filter_events(AccessEvent.objects.all()).query)
