"""Finding the format of a file from its content and streaming its records.

Detection looks at the container (a directory or zip file is an HSDS data package; a JSON
array; a JSON object's top-level keys) and, for arrays and pages, at the first record only.
Records are then streamed with ijson; nothing reads a whole JSON file into memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ijson

from kotopolku.catalog.exchange import depth, helsinki, hsds, tabular
from kotopolku.catalog.exchange.common import Context, Entry, FormatError
from kotopolku.catalog.exchange.ptv import SOURCE as PTV_SOURCE
from kotopolku.catalog.exchange.ptv import adapter

FORMATS = ("auto", "hsds", "helsinki", "ptv")


@dataclass
class Source:
    format: str  # hsds | helsinki | ptv
    container: str  # array | page | object | package | tables
    records: Iterator[Any]
    to_entry: Callable[[Any, Context], Entry]
    record_id: Callable[[Any], str]
    language: str = ""  # the language an HSDS package declares (meta_table_description)


def _json_error(exc: Exception) -> FormatError:
    text = str(exc)
    if "premature EOF" in text or ("Incomplete" in type(exc).__name__ and "EOF" in text):
        return FormatError(f"the JSON ends before it is complete (truncated file?): {text}")
    return FormatError(f"not valid JSON: {text}")


def _stream(path: Path, prefix: str) -> Iterator[Any]:
    try:
        with open(path, "rb") as handle:
            yield from ijson.items(handle, prefix, use_float=True)
    except ijson.JSONError as exc:
        raise _json_error(exc) from exc


def _top(path: Path) -> tuple[str, list[str]]:
    """The type of the top value ("array" / "object") and an object's top-level keys."""
    keys: list[str] = []
    kind = ""
    try:
        with open(path, "rb") as handle:
            for prefix, event, value in ijson.parse(handle):
                if not kind:
                    if event == "start_array":
                        return "array", []
                    if event != "start_map":
                        raise FormatError("the file holds a single JSON value, not records")
                    kind = "object"
                elif prefix == "" and event == "map_key":
                    keys.append(value)
    except ijson.JSONError as exc:
        if not kind:
            raise _json_error(exc) from exc
        # the rest of the file is broken: found again while streaming, reported there
    if not kind:
        raise FormatError("the file is empty")
    return kind, keys


def _check_depth(path: Path) -> None:
    """Refuse a file nested too deep before any parser builds objects from it."""
    try:
        with open(path, "rb") as handle:
            depth.check(handle)
    except depth.TooDeepError as exc:
        raise FormatError(str(exc)) from exc


def _arrays(path: Path, keys: list[str], names: Any) -> None:
    """Refuse a top-level key that must hold an array of records or rows but does not
    (`{"services": "abc"}` imported "0 records" before)."""
    wanted = set(names)
    if not wanted:
        return
    found: dict[str, str] = {}
    try:
        with open(path, "rb") as handle:
            pending = ""
            for prefix, event, value in ijson.parse(handle):
                if prefix == "" and event == "map_key":
                    pending = value
                elif pending and prefix == pending:
                    if pending in wanted and pending not in found:
                        found[pending] = event
                    pending = ""
                if len(found) == len(wanted):
                    break
    except ijson.JSONError as exc:
        raise _json_error(exc) from exc
    for name in sorted(wanted):
        event = found.get(name, "")
        if event != "start_array":
            got = {
                "start_map": "an object",
                "string": "a string",
                "number": "a number",
                "boolean": "true/false",
                "null": "null",
            }.get(event, "nothing")
            raise FormatError(f"“{name}” must be an array of records, not {got}")


def _first(path: Path, prefix: str) -> Any:
    """The first record; FormatError when the file breaks before it is complete."""
    return next(_stream(path, prefix), None)


def _by_record(fmt: str, first: Any) -> str:
    if first is None:
        return "empty" if fmt == "auto" else fmt
    if fmt in ("auto", "hsds") and isinstance(first, dict) and hsds.matches(first):
        kind = hsds.document_type(first)
        if kind == "organization" and first.get("services"):
            return "hsds-org"
        if kind in hsds.NOT_IMPORTED:
            raise FormatError(f"not imported: {hsds.NOT_IMPORTED[kind]}")
        if kind == "service_at_location":
            return "hsds-sal"
        return "hsds"
    if fmt != "auto":
        return fmt
    if adapter().matches(first):
        return "ptv"
    if helsinki.matches(first):
        return "helsinki"
    keys = ", ".join(sorted(first)[:12]) if isinstance(first, dict) else type(first).__name__
    raise FormatError(
        "unknown format: the first record is neither an HSDS service (id, name), a Helsinki "
        f"register record (id, fi) nor a PTV service (id, serviceNames); it has: {keys}"
    )


def _source(fmt: str, container: str, records: Iterator[Any]) -> Source:
    if fmt == "ptv":
        ptv = adapter()
        return Source("ptv", container, records, ptv.to_entry, ptv.record_id)
    if fmt == "hsds-org":  # organization documents: their services
        records = (s for r in records for s in hsds.organisation_services(r))
        return Source("hsds", container, records, hsds.to_entry, hsds.record_id)
    if fmt == "hsds-sal":  # service_at_location documents: the services they link
        records = (hsds.from_service_at_location(r) for r in records)
        return Source("hsds", container, records, hsds.to_entry, hsds.record_id)
    module = {"helsinki": helsinki, "hsds": hsds}.get(fmt)
    if module is None:  # an empty array: nothing to read
        return Source("empty", container, iter(()), hsds.to_entry, hsds.record_id)
    return Source(fmt, container, records, module.to_entry, module.record_id)


def open_source(path: Path, fmt: str = "auto") -> Source:
    """The format and the record stream of a file, directory or zip file."""
    if fmt not in FORMATS:
        raise FormatError(f"unknown format “{fmt}”: expected one of {', '.join(FORMATS)}")
    if not path.exists():
        raise FormatError(f"{path}: no such file or directory")
    if path.is_dir() or zipfile.is_zipfile(path):
        if fmt not in ("auto", "hsds"):
            raise FormatError(f"a directory or zip file is an HSDS data package, not {fmt}")
        services, tables = tabular.package_services(path)
        source = _source("hsds", "package", services)
        source.language = tables.language
        return source
    _check_depth(path)
    kind, keys = _top(path)
    if kind == "array":
        return _source(_by_record(fmt, _first(path, "item")), "array", _stream(path, "item"))
    ptv = adapter()
    if ptv.is_page(keys) and fmt in ("auto", "ptv"):
        _arrays(path, keys, ("itemList",))
        return _source("ptv", "page", _stream(path, ptv.page_items))
    if "contents" in keys and fmt in ("auto", "hsds"):
        _arrays(path, keys, ("contents",))
        first = _first(path, "contents.item")
        kind = _by_record("hsds", first) if first is not None else "hsds"
        return _source(kind, "page", _stream(path, "contents.item"))
    if "resources" in keys and fmt in ("auto", "hsds"):
        services, tables = tabular.package_services(path)
        source = _source("hsds", "package", services)
        source.language = tables.language
        return source
    if tabular.is_tabular_object(keys) and "id" not in keys and fmt in ("auto", "hsds"):
        _arrays(path, keys, [k for k in keys if tabular.table_name(k)])
        services, tables = tabular.object_services(path, keys)
        source = _source("hsds", "tables", services)
        source.language = tables.language
        return source
    # one service object
    first = _first(path, "")
    return _source(_by_record(fmt, first), "object", _stream(path, ""))


SOURCE_NAMES = {"hsds": hsds.SOURCE, "helsinki": helsinki.SOURCE, "ptv": PTV_SOURCE}
