"""The error answers of the API, written into its OpenAPI document.

Every operation can answer with the one error shape (`core.api_errors`); ninja documents
only the answers a handler declares, so the statuses each operation can give are added here
from what the operation is: 422 for any parameter or body that fails validation, 400 for a
body that is not a JSON object or a query string with a NUL character (core.middleware
refuses those before any view), 401 and 403 (no or a refused login, a read-only token, the CSRF check)
and 404 (the access policy's refusal) for operations that need a login, 404 for an object
named in the path that does not exist, and 409 for writes that meet a conflicting state.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "title": "ApiError",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "Machine-readable code, e.g. invalid"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "description": "Messages by field name (422)",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "additionalProperties": True,
        }
    },
}
DESCRIPTIONS = {
    400: "The request body is not a JSON object, or the query string holds a NUL character.",
    401: "Authentication required.",
    403: "Refused: a read-only token, the CSRF check of a session, or the operation's rule.",
    404: "Not found, or not visible to the caller.",
    409: "The change conflicts with the object's current state.",
    422: "Some parameters or fields are invalid; nothing was changed.",
}
WRITES = frozenset({"post", "put", "patch", "delete"})


def errors_also(*codes: int) -> dict[str, Any]:
    """`openapi_extra` for an operation that answers an error status `statuses` would not
    give it (e.g. a public list that needs a login for one parameter): the statuses with the
    one error shape."""
    ref = {"$ref": "#/components/schemas/ApiError"}
    return {
        "responses": {
            code: {
                "description": DESCRIPTIONS[code],
                "content": {"application/json": {"schema": ref}},
            }
            for code in codes
        }
    }


def statuses(method: str, operation: dict[str, Any], path: str) -> list[int]:
    found: set[int] = set()
    if operation.get("parameters") or operation.get("requestBody"):
        found.add(422)
    if operation.get("requestBody") or operation.get("parameters"):
        found.add(400)
    if operation.get("security"):
        found |= {401, 403, 404}
        if method in WRITES:
            found.add(409)
    if "{" in path:
        found.add(404)
    return sorted(found)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error shape as a component and as the answer of every error status."""
    schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/ApiError"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in statuses(method, operation, path):
                if status in responses or str(status) in responses:
                    continue
                responses[status] = {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": ref}},
                }
    return schema
