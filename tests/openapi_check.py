"""Every /api/v1/ answer a test receives is checked against the OpenAPI document (issue 13, item 6).

`tests/conftest.py` wraps `django.test.Client.request` for the whole suite: each answer to a
path under /api/v1/ that is one of the document's operations must have a status the operation
declares, and a JSON body must match the schema of that status (components resolved). A mismatch
fails the test where the request was made, naming the method, path, status and the field.

Answers to paths that are no operation of the document (the document itself, a path that does
not exist, a method the path does not have) are not checked: there is no contract to hold them to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

PREFIX = "/api/v1/"


class SchemaMismatchError(AssertionError):
    """An API answer the OpenAPI document does not describe."""


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    responses: dict[str, Any]


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}$")


class Contract:
    """The operations of one OpenAPI document, and the check of an answer against them."""

    def __init__(self, document: dict[str, Any]) -> None:
        # through JSON, as served: status keys become strings like the served document's
        self.document: dict[str, Any] = json.loads(json.dumps(document))
        self.operations: list[Operation] = []
        for template, methods in self.document.get("paths", {}).items():
            for method, operation in methods.items():
                self.operations.append(
                    Operation(
                        method.upper(),
                        template,
                        _pattern(template),
                        operation.get("responses", {}),
                    )
                )
        # a literal path (/clients/search) before a template that would also match it
        self.operations.sort(key=lambda o: o.template.count("{"))
        self._components = self.document.get("components", {})

    def operation(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method.upper() and op.pattern.match(path):
                return op
        return None

    def check(self, method: str, path: str, status: int, content_type: str, body: bytes) -> None:
        """Raise SchemaMismatchError if the answer is not the one the document describes."""
        op = self.operation(method, path)
        if op is None:
            return
        where = f"{op.method} {path} (operation {op.template})"
        declared = op.responses.get(str(status))
        if declared is None:
            raise SchemaMismatchError(
                f"{where} answered {status}, a status the OpenAPI document does not declare "
                f"(declared: {', '.join(sorted(op.responses))})"
            )
        if content_type.split(";")[0].strip() != "application/json":
            return
        schema = declared.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            raise SchemaMismatchError(
                f"{where} answered {status} with a JSON body the document does not declare"
            )
        try:
            data = json.loads(body or b"null")
        except ValueError as exc:
            raise SchemaMismatchError(
                f"{where} answered {status} with invalid JSON: {exc}"
            ) from None
        validator = Draft202012Validator(
            {**schema, "components": self._components}, format_checker=FormatChecker()
        )
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [
                f"  {_field(e.absolute_path)}: {e.message[:300]}"
                for e in errors[:10]  # enough to see the pattern
            ]
            raise SchemaMismatchError(
                f"{where} answered {status} with a body that does not match its schema:\n"
                + "\n".join(lines)
            )


def _field(path: Any) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(the body)"


@cache
def contract() -> Contract:
    from kotopolku.config.api import api

    return Contract(api.get_openapi_schema())


def check_response(request: dict[str, Any], response: Any) -> None:
    """The hook's body: check one test-client answer if it is an API operation's."""
    path = request.get("PATH_INFO", "")
    if not path.startswith(PREFIX):
        return
    body = b"" if getattr(response, "streaming", False) else response.content
    contract().check(
        request.get("REQUEST_METHOD", "GET"),
        path,
        response.status_code,
        response.get("Content-Type", ""),
        body,
    )
