"""The OpenAPI document tells the truth about names, errors and times (issue 14, items 7, 8)."""

from __future__ import annotations

from collections import defaultdict

from django.test import Client
from ninja import Schema

from kotopolku.config.api import api


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_schema_names_are_unique_across_apps() -> None:
    """ninja names a component by its class name: two classes of one name overwrite each
    other (the casework ServiceOut was replaced by the catalogue's)."""
    modules: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("kotopolku."):
            modules[cls.__name__].add(cls.__module__)
    assert {name: m for name, m in modules.items() if len(m) > 1} == {}


def test_every_operation_documents_its_error_answers() -> None:
    schema = api.get_openapi_schema()
    assert "ApiError" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {int(c) for c in operation["responses"]}
            where = f"{method.upper()} {path}"
            if operation.get("security"):
                assert {401, 403, 404} <= codes, where
            if operation.get("parameters") or operation.get("requestBody"):
                assert 422 in codes, where
            if method in ("post", "patch") and operation.get("security"):
                assert {400, 409} <= codes, where
            for code in codes - {200, 201, 202}:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ApiError"}, where


def test_times_are_declared_as_local_hh_mm_ss() -> None:
    schema = api.get_openapi_schema()["components"]["schemas"]
    for name in ("TimeOut", "TimeIn"):
        for field in ("starts_at", "ends_at"):
            prop = schema[name]["properties"][field]
            assert prop["type"] == "string" and "format" not in prop, (name, field)
            assert prop["pattern"].startswith("^([01][0-9]|2[0-3]):[0-5][0-9]")


def test_openapi_is_served(client: Client) -> None:
    body = client.get("/api/v1/openapi.json").json()
    assert "ApiError" in body["components"]["schemas"]


def test_a_time_with_an_offset_is_refused_by_name() -> None:
    from kotopolku.catalog.actions.validate import Errors, _time

    errors = Errors()
    assert _time(errors, "times[0].starts_at", "15:00:00+02:00") is None
    assert "without a UTC offset" in str(errors.errors["times[0].starts_at"])
