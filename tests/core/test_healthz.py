"""GET /healthz: 200 {"status": "ok"} for the load balancer, without login."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.core import views


def test_healthz_answers_ok(client: Client, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_healthz_needs_no_login_and_writes_no_log(client: Client, db: Any) -> None:
    before = AccessEvent.objects.count(), ChangeEvent.objects.count()
    assert client.get("/healthz").status_code == 200
    assert (AccessEvent.objects.count(), ChangeEvent.objects.count()) == before


def test_healthz_answers_only_get(client: Client, db: Any) -> None:
    assert client.post("/healthz").status_code == 405


def test_healthz_is_not_redirected_to_https(client: Client, db: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


class _BrokenConnection:
    def cursor(self) -> Any:
        raise OperationalError("database is down")


def test_healthz_reports_a_database_failure_as_503(
    client: Client, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "connection", _BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert "down" not in response.content.decode()  # no internals leak
