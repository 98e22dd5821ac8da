"""The API's request bodies: strict JSON, always an object, with text a database can store.

Ninja's default parser takes any JSON value, so `null`, `[]`, `"x"` and `1e999` reached the
operations (and a body schema whose fields are all optional took them as an empty patch),
and a lone surrogate (`"\\ud800"`) or a NUL reached the database, which refused it with a
500. `StrictParser` refuses them all with a 400 in the one error shape, naming the place in
the body (`core.api_errors` turns `BodyError` into the answer).
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


class BodyError(ValueError):
    """The body is not a JSON object Kotopolku can take; `field` names where (or "body")."""

    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.message, self.field = message, field


def _refuse_constant(name: str) -> Any:
    raise BodyError(f"{name} is not a number JSON allows.")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BodyError(f"The number {text[:20]} is too large.")
    return value


def check_text(value: str, where: str) -> None:
    """Refuse text no database column can hold: a NUL or a lone surrogate."""
    if "\x00" in value:
        raise BodyError("The text contains a NUL character.", where)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BodyError(
            "The text contains a lone surrogate (an invalid \\u escape).", where
        ) from None


def _walk(value: Any, where: str) -> None:
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, where)
            _walk(item, f"{where}.{key}" if where != "body" else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{where}.{index}")


def parse_object(raw: bytes | str) -> dict[str, Any]:
    """Parse a request body: a JSON object of finite numbers and storable text."""
    try:
        data = json.loads(raw, parse_float=_float, parse_constant=_refuse_constant)
    except BodyError:
        raise
    except (ValueError, RecursionError) as exc:
        raise BodyError("The body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise BodyError("The body must be a JSON object.")
    _walk(data, "body")
    return data


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return parse_object(request.body)
