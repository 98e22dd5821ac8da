"""The check every API answer of the suite passes (tests/openapi_check.py) can fail."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.openapi_check import Contract, SchemaMismatchError, contract

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/api/v1/things/{thing_id}": {
            "get": {
                "responses": {
                    200: {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        }
                    },
                    404: {"content": {"application/json": {"schema": {"type": "object"}}}},
                }
            }
        },
        "/api/v1/things/special": {
            "get": {"responses": {"200": {"content": {"application/json": {"schema": {}}}}}}
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["name", "parts"],
                "properties": {
                    "name": {"type": "string"},
                    "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                },
            },
            "Part": {
                "type": "object",
                "properties": {
                    "size": {"type": "integer"},
                    "on": {"type": "string", "format": "date"},
                },
            },
        }
    },
}
JSON = "application/json"


def _check(status: int, body: Any, path: str = "/api/v1/things/7", method: str = "GET") -> None:
    Contract(DOCUMENT).check(method, path, status, JSON, json.dumps(body).encode())


def test_a_matching_answer_passes() -> None:
    _check(200, {"name": "a", "parts": [{"size": 1, "on": "2026-01-31"}]})


def test_a_wrong_field_in_a_referenced_component_is_named() -> None:
    with pytest.raises(SchemaMismatchError) as raised:
        _check(200, {"name": "a", "parts": [{"size": "big"}]})
    message = str(raised.value)
    assert "GET /api/v1/things/7 (operation /api/v1/things/{thing_id})" in message
    assert "answered 200" in message
    assert "parts[0].size: 'big' is not of type 'integer'" in message


def test_a_missing_required_field_and_a_bad_format_are_named() -> None:
    with pytest.raises(SchemaMismatchError, match="'parts' is a required property"):
        _check(200, {"name": "a"})
    with pytest.raises(SchemaMismatchError, match=r"parts\[0\]\.on: '31\.1\.2026' is not a 'date'"):
        _check(200, {"name": "a", "parts": [{"on": "31.1.2026"}]})


def test_an_undeclared_status_is_a_mismatch() -> None:
    with pytest.raises(SchemaMismatchError, match=r"answered 422, a status .* does not declare"):
        _check(422, {"error": {}})


def test_a_literal_path_wins_over_a_template() -> None:
    _check(200, ["anything"], path="/api/v1/things/special")


def test_paths_that_are_no_operation_are_not_held_to_anything() -> None:
    _check(500, "x", path="/api/v1/nothing")
    _check(500, "x", method="POST")


def test_a_non_json_answer_is_held_to_its_status_only() -> None:
    Contract(DOCUMENT).check("GET", "/api/v1/things/7", 200, "application/pdf", b"%PDF")
    with pytest.raises(SchemaMismatchError):
        Contract(DOCUMENT).check("GET", "/api/v1/things/7", 500, "text/html", b"<h1>")


def test_the_suite_checks_real_answers(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook in tests/conftest.py is on: an answer the real document does not describe
    (here: 401 taken out of GET /api/v1/me's statuses) fails the request in the test."""
    real = contract()
    document = json.loads(json.dumps(real.document))
    del document["paths"]["/api/v1/me"]["get"]["responses"]["401"]
    monkeypatch.setattr(real, "operations", Contract(document).operations)
    with pytest.raises(SchemaMismatchError, match=r"GET /api/v1/me .* answered 401"):
        client.get("/api/v1/me")
