"""HSDS 3.0 records checked against the specification's own JSON Schemas (`hsds-3/schema/`,
openreferral/specification branch 3.0, CC BY-SA 4.0), with the field path in each message."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).parent / "hsds-3" / "schema"


@functools.cache
def _validator(document: str) -> Draft202012Validator:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    registry: Registry[Any] = Registry().with_resources(resources)
    return Draft202012Validator({"$ref": f"{document}.json"}, registry=registry)


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "record"


def problems(record: Any, document: str = "service") -> list[tuple[str, str]]:
    """Every way `record` breaks HSDS 3.0's `<document>.json`, as (field path, message)."""
    found = []
    for error in _validator(document).iter_errors(record):
        where = _path(error.absolute_path)
        if error.validator == "type":
            expected = error.validator_value
            wanted = " or ".join(expected) if isinstance(expected, list) else expected
            message = f"Expected {wanted} (HSDS 3.0 {document}.json), got {_kind(error.instance)}."
        elif error.validator == "required":
            name = error.message.split("'")[1] if error.message.count("'") >= 2 else ""
            where = f"{where}.{name}" if where != "record" else name or where
            message = f"Required (HSDS 3.0 {document}.json)."
        else:
            message = f"{error.message[:200]} (HSDS 3.0 {document}.json)."
        found.append((where, message))
    return sorted(found)[:20]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text “{value[:40]}”"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"
