"""audit/ branches the app's own tests left out, without the database: the client address
behind proxies, the rows' names, the log filter by client."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import timezone

from kotopolku.audit import queries, recorder
from kotopolku.audit.context import acting
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


def test_jsonable_keeps_a_models_key() -> None:
    grant = RetentionGrant(pk=7, started_at=AT)
    assert recorder.jsonable({"grant": grant, "ids": (1, 2)}) == {"grant": "7", "ids": [1, 2]}


def test_identifiers_are_masked_by_kind() -> None:
    assert isinstance(recorder.identifier_fields(), frozenset)
    hetu = recorder.mask_identifier("010190-900P")
    assert hetu["masked"] == "010190-9…"
    assert recorder.mask_identifier("AB123456")["masked"] == "AB…"
    assert recorder.mask_identifier("1234")["masked"] == "…"
    assert recorder.mask_identifier("") == ""
    assert recorder.mask_identifier(hetu) is hetu


def test_no_reads_are_queued_when_reads_are_not_logged(settings: Any) -> None:
    settings.AUDIT_READS = False
    with acting(view="test") as ctx:
        recorder.record_read("client", [uuid.UUID(int=1)])
        assert ctx.pending_reads == [] and ctx.read_calls == 0


def test_client_ids_must_pair_with_the_subjects(settings: Any) -> None:
    settings.AUDIT_READS = True
    with acting(view="test"), pytest.raises(ValueError, match="must pair with subject_ids"):
        recorder.record_read("plan", ["p1", "p2"], client_ids=[uuid.UUID(int=1)])


def test_change_row_carries_the_acting_context() -> None:
    with acting(view="test:import"):
        row = recorder.change_row("service", "s1", "create", {"name": "x"}, reason="r" * 600)
    assert row["view"] == "test:import"
    assert (row["subject_type"], row["subject_id"], row["action"]) == ("service", "s1", "create")
    assert len(row["reason"]) == 500
