"""The access app's remaining branches, one by one, without the database: what the policy
does with an operation it does not know, a caller without a login, a misplaced decorator,
a user without memberships, an unverified user's menu, the way back after re-authenticating
from a form, the programme readers' memo and the auditor's rows for a non-auditor."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models.query import EmptyQuerySet
from django.test import RequestFactory
from ninja.errors import AuthenticationError

from kotopolku.access import api as access_api
from kotopolku.access import menu, programmes, reauth, scopes
from kotopolku.access.middleware import _reauth_url, set_acting
from kotopolku.access.policy import API, page_rule
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent


def test_an_operation_without_a_policy_is_refused_and_logged(
    rf: RequestFactory, caplog: pytest.LogCaptureFixture
) -> None:
    assert "accounts.no_such_operation" not in API
    with caplog.at_level(logging.ERROR, logger="kotopolku.access.api"):
        refused = access_api.refusal(rf.get("/api/v1/x"), "accounts.no_such_operation")
    assert isinstance(refused, access_api.NotFoundError)
    assert refused.status_code == 404
    assert "no access policy for API operation 'accounts.no_such_operation'" in caplog.text


def test_an_operation_that_needs_a_login_refuses_an_anonymous_caller(rf: RequestFactory) -> None:
    assert API["accounts.me"].needs_login
    request = rf.get("/api/v1/me")
    assert isinstance(access_api.refusal(request, "accounts.me"), AuthenticationError)
    request.auth = SimpleNamespace(is_authenticated=False)  # type: ignore[attr-defined]
    assert isinstance(access_api.refusal(request, "accounts.me"), AuthenticationError)


def test_refuse_before_validation_must_wrap_the_operations_run() -> None:
    def run(request: Any) -> None:
        return None

    with pytest.raises(ImproperlyConfigured, match=r"must wrap Operation\.run directly"):
        access_api.refuse_before_validation(run)


def test_a_user_without_memberships_acts_without_a_role(rf: RequestFactory) -> None:
    request = rf.get("/")
    request.user = SimpleNamespace(is_authenticated=True, active_memberships=[])  # type: ignore[assignment]
    with acting(view="test") as ctx:
        set_acting(request, page_rule("core:home"), "core:home")
        assert ctx.user is request.user
        assert (ctx.role, ctx.unit, ctx.view) == ("", None, "core:home")


def test_an_unverified_user_gets_no_menu_where_two_factor_is_required(
    rf: RequestFactory, settings: Any
) -> None:
    request = rf.get("/")
    request.user = SimpleNamespace(is_authenticated=True, is_verified=lambda: False)  # type: ignore[assignment]
    settings.REQUIRE_2FA = True
    assert menu.menu_items(request) == []


def test_reauthentication_from_a_form_comes_back_to_the_forms_page(rf: RequestFactory) -> None:
    request = rf.post("/clients/1/merge/", HTTP_REFERER="http://testserver/clients/1/?tab=case")
    request.session = {}  # type: ignore[assignment]
    assert _reauth_url(request) == "/accounts/confirm/?next=%2Fclients%2F1%2F%3Ftab%3Dcase"
    assert request.session[reauth.REPEAT_KEY] is True
    plain = rf.post("/clients/1/merge/", HTTP_REFERER="http://testserver/clients/1/")
    plain.session = {}  # type: ignore[assignment]
    assert _reauth_url(plain) == "/accounts/confirm/?next=%2Fclients%2F1%2F"
    elsewhere = rf.post("/clients/1/merge/", HTTP_REFERER="https://evil.example/x")
    elsewhere.session = {}  # type: ignore[assignment]
    assert _reauth_url(elsewhere) == "/accounts/confirm/?next=%2F"


def test_reauthentication_is_fresh_until_cleared(rf: RequestFactory) -> None:
    request = rf.get("/")
    request.session = {}  # type: ignore[assignment]
    assert not reauth.is_fresh(request)
    reauth.mark(request)
    assert reauth.is_fresh(request)
    reauth.clear(request)
    assert not reauth.is_fresh(request)
    reauth.clear(request)  # clearing twice is harmless
    assert SimpleNamespace(**request.session) == SimpleNamespace()


def test_the_programme_readers_are_asked_once_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def organisation_ids(user: Any, *, role: str) -> set[Any]:
        asked.append(role)
        return set()

    monkeypatch.setattr(scopes, "organisation_ids", organisation_ids)
    user = SimpleNamespace()
    assert programmes.partner_codes(user) == set()  # type: ignore[arg-type]
    assert programmes.partner_codes(user) == set()  # type: ignore[arg-type]
    assert asked == ["ngo_partner"]
    staff = programmes.staff_codes(user)  # type: ignore[arg-type]
    assert programmes.staff_codes(user) == staff == set()  # type: ignore[arg-type]
    assert len(asked) == 1 + len(programmes.PROGRAMME_STAFF)


def test_the_system_reads_every_programme() -> None:
    assert programmes.may_read(
        None,
        organisation_id=None,
        municipality_codes=["167"],
        status="draft",  # type: ignore[arg-type]
    )


def test_a_non_auditor_reads_no_log_rows() -> None:
    user = SimpleNamespace(has_role=lambda *roles: False)
    rows = scopes.auditor_events(AccessEvent.objects.all(), user)  # type: ignore[arg-type]
    assert isinstance(rows, EmptyQuerySet)
