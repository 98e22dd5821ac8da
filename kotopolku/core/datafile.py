"""Data files read into the program (TOML through `tomllib`) and checked as they are read.

The helpers take a `Where` (the file and the entry being read) and raise `DataFileError` with
a message naming the file, the entry and the field, e.g.
`kokkola.toml: entry 3 ('Kielikahvila'): field 'targets': unknown code 'aliens'`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any


class DataFileError(ValueError):
    """A data file that cannot be used; the message names the file, the entry and the field."""


class Where:
    """Where a value was read: the file and the entry, for the error message."""

    def __init__(self, path: Path, entry: str = "") -> None:
        self.path = path
        self.entry = entry

    def at(self, entry: str) -> Where:
        return Where(self.path, entry)

    def error(self, key: str, problem: str) -> DataFileError:
        parts = [self.path.name]
        if self.entry:
            parts.append(self.entry)
        if key:
            parts.append(f"field {key!r}")
        return DataFileError(f"{': '.join(parts)}: {problem}")


def is_language(code: str) -> bool:
    from kotopolku.core.languages import is_valid_code

    return is_valid_code(code)


def check_keys(
    where: Where, table: Mapping[str, Any], required: Iterable[str], allowed: Iterable[str]
) -> None:
    allowed_set = set(allowed) | set(required)
    unknown = sorted(set(table) - allowed_set)
    if unknown:
        raise where.error(unknown[0], f"unknown key (allowed: {', '.join(sorted(allowed_set))})")
    for key in required:
        if key not in table:
            raise where.error(key, "missing")


def string(where: Where, table: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise where.error(key, f"expected a string, got {type_name(value)}")
    return value


def boolean(where: Where, table: Mapping[str, Any], key: str) -> bool:
    value = table.get(key)
    if not isinstance(value, bool):
        raise where.error(key, f"expected true or false, got {type_name(value)}")
    return value


def whole_number(
    where: Where, table: Mapping[str, Any], key: str, low: int, high: int
) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise where.error(key, f"expected a whole number, got {type_name(value)}")
    if not low <= value <= high:
        raise where.error(key, f"{value} is not between {low} and {high}")
    return value


def string_list(
    where: Where,
    table: Mapping[str, Any],
    key: str,
    valid: Callable[[str], bool] | None = None,
    *,
    required: bool = True,
) -> tuple[str, ...]:
    value = table.get(key, [] if not required else None)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(key, f"expected a list of strings, got {type_name(value)}")
    if required and not value:
        raise where.error(key, "must not be empty")
    if valid is not None:
        bad = [v for v in value if not valid(v)]
        if bad:
            raise where.error(key, f"unknown code {bad[0]!r}")
    return tuple(value)


def type_name(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def translations(where: Where, key: str, value: Any) -> dict[str, str]:
    """`{language: text}` with known language codes and non-empty texts."""
    if not isinstance(value, dict) or not value:
        raise where.error(key, f"expected a table of language: text, got {type_name(value)}")
    for lang, text in value.items():
        if not is_language(lang):
            raise where.error(f"{key}.{lang}", "unknown language code")
        if not isinstance(text, str) or not text.strip():
            raise where.error(f"{key}.{lang}", "expected a non-empty string")
    return dict(value)


def read_toml(path: Path) -> dict[str, Any]:
    where = Where(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise where.error("", "file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise where.error("", f"not valid TOML: {error}") from None


def named_tables(where: Where, data: Mapping[str, Any], key: str) -> dict[str, dict[str, Any]]:
    """An optional top-level table of named tables (`[contacts.NAME]`, `[texts.NAME]`)."""
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise where.error(key, "expected a table of named tables")
    return value


def table_array(where: Where, data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise where.error(key, f"expected an array of tables ([[{key}]])")
    return value
