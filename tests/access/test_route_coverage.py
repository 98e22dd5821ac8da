"""Every URL pattern and every OpenAPI operation has an entry in the access policy."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import clear_url_caches, include, path
from ninja import NinjaAPI

from kotopolku.access.api import enforce_policy
from kotopolku.access.policy import API, PAGES
from kotopolku.ops import coverage


def test_every_route_and_operation_has_a_policy_entry() -> None:
    assert coverage.missing_policies() == []


def test_no_policy_entry_is_left_without_a_route() -> None:
    assert coverage.stale_policies() == []


def test_the_inventory_is_not_empty() -> None:
    # Guard against a coverage check that passes because it found nothing to check.
    assert len(coverage.page_routes()) >= 30
    assert len(coverage.api_operations()) >= 4


def _unprotected_view(request: Any) -> HttpResponse:
    return HttpResponse("secret")


urlpatterns_with_extra_route = [
    path("", include("kotopolku.config.urls")),
    path("sneaky/", _unprotected_view, name="sneaky_route"),
]


@override_settings(ROOT_URLCONF=__name__ + "_extra")
def test_a_new_route_without_a_policy_entry_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    module = types.ModuleType(__name__ + "_extra")
    module.urlpatterns = urlpatterns_with_extra_route  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, __name__ + "_extra", module)
    clear_url_caches()
    try:
        assert "page sneaky_route" in coverage.missing_policies()
    finally:
        clear_url_caches()


@override_settings(ROOT_URLCONF=__name__ + "_extra")
def test_a_route_without_a_policy_entry_answers_404(
    monkeypatch: pytest.MonkeyPatch, client: Any, db: Any
) -> None:
    import sys
    import types

    module = types.ModuleType(__name__ + "_extra")
    module.urlpatterns = urlpatterns_with_extra_route  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, __name__ + "_extra", module)
    clear_url_caches()
    try:
        assert client.get("/sneaky/").status_code == 404
    finally:
        clear_url_caches()


def test_a_new_api_operation_without_a_policy_entry_is_reported() -> None:
    extra = NinjaAPI(urls_namespace="extra_api")
    extra.add_decorator(enforce_policy)

    @extra.get("/undeclared", operation_id="tests.undeclared")
    def undeclared(request: Any) -> dict[str, str]:
        return {}

    schema = extra.get_openapi_schema(path_prefix="/api")
    ops = coverage.api_operations(schema)
    assert ("tests.undeclared", "GET", "/api/undeclared") in ops
    assert "tests.undeclared" not in API


def test_policy_keys_are_well_formed() -> None:
    for name in PAGES:
        assert ":" in name or name == "set_language", name
    for op in API:
        app, _, func = op.partition(".")
        assert app and func, op
