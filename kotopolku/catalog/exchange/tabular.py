"""HSDS 3.0 in tabular form, assembled into service objects for `hsds.to_entry`.

Three containers hold the same tables:
- a data package: `datapackage.json` with resources that are CSV files beside it (a directory,
  a zip file, or the path of the datapackage.json itself) or inline `data` arrays;
- a JSON object holding the tables, keyed by file name (`"services.csv": [...]`, as the
  specification's examples/tabular.json) or by resource name (`"service": [...]`).

The services table is streamed row by row; the linked tables (locations, addresses,
schedules, ...) are read first and kept in memory by key, so memory grows with them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ijson

from kotopolku.catalog.exchange import depth
from kotopolku.catalog.exchange.common import FormatError, clean
from kotopolku.catalog.exchange.hsds_tables import TABLES

# resource name <- accepted keys ("services.csv", "services", "service")
KEYS: dict[str, str] = {}
for _name, (_path, _fields) in TABLES.items():
    KEYS[_name] = _name
    KEYS[_path] = _name
    KEYS[_path.removesuffix(".csv")] = _name

Rows = Callable[[], Iterator[dict[str, Any]]]


# per table: the fields of type number (CSV cells are text; HSDS's JSON wants numbers)
NUMBERS = {
    name: frozenset(f[0] for f in fields if f[1] == "number")
    for name, (_path, fields) in TABLES.items()
}
STRINGS = {
    name: frozenset(f[0] for f in fields if f[1] == "string")
    for name, (_path, fields) in TABLES.items()
}


def typed(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A table row as an HSDS object: blank cells left out, numbers as numbers (a cell that
    is not a number stays text, and the schema check names it), a number in a text column as
    text (the columns' types are the data package's)."""
    numbers = NUMBERS.get(table, frozenset())
    strings = STRINGS.get(table, frozenset())
    found: dict[str, Any] = {}
    for key, value in row.items():
        if value is None or value == "":
            continue
        if key in strings and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a table's text column (the spec's tabular.json has numbers)
        if key in numbers and isinstance(value, str):
            try:
                number = float(value)
                value = int(number) if number.is_integer() and "." not in value else number
            except ValueError:
                pass
        found[key] = value
    return found


def table_name(key: str) -> str | None:
    return KEYS.get(key)


def is_tabular_object(keys: list[str]) -> bool:
    return any(table_name(k) == "service" for k in keys)


class Tables:
    """The linked tables, indexed by the keys the service objects are built with."""

    def __init__(self) -> None:
        self.by: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
        self.ids: dict[str, dict[str, dict[str, Any]]] = {}
        self.language = ""

    def add(self, table: str, rows: Iterator[dict[str, Any]]) -> None:
        for row in rows:
            if not isinstance(row, dict):
                raise FormatError(f"{table}: a row is not an object")
            row = typed(table, row)
            if table == "meta_table_description" and clean(row.get("language")):
                self.language = clean(row.get("language"))
            key = clean(row.get("id"))
            self.ids.setdefault(table, {})[key] = row
            for column in (
                "service_id",
                "location_id",
                "organization_id",
                "link_id",
                "contact_id",
            ):
                value = clean(row.get(column))
                if value:
                    self.by.setdefault((table, column), {}).setdefault(value, []).append(row)

    def rows(self, table: str, column: str, value: str) -> list[dict[str, Any]]:
        return self.by.get((table, column), {}).get(value, [])

    def row(self, table: str, key: str) -> dict[str, Any] | None:
        return self.ids.get(table, {}).get(key)

    def location(self, location_id: str) -> dict[str, Any] | None:
        found = self.row("location", location_id)
        if found is None:
            return None
        return {
            **found,
            "addresses": self.rows("address", "location_id", location_id),
            "accessibility": self.rows("accessibility", "location_id", location_id),
        }

    def organisation(self, organisation_id: str) -> dict[str, Any] | None:
        found = self.row("organization", organisation_id)
        if found is None:
            return None
        return {
            **found,
            "organization_identifiers": self.rows(
                "organization_identifier", "organization_id", organisation_id
            ),
            "attributes": self.attributes(organisation_id),
        }

    def attributes(self, link_id: str) -> list[dict[str, Any]]:
        return [
            {**a, "taxonomy_term": self.row("taxonomy_term", clean(a.get("taxonomy_term_id")))}
            for a in self.rows("attribute", "link_id", link_id)
        ]

    def service(self, row: dict[str, Any]) -> dict[str, Any]:
        """The service object of one services row (the API's `service_full` shape)."""
        sid = clean(row.get("id"))
        attributes = self.attributes(sid)
        contacts = [
            {**c, "phones": self.rows("phone", "contact_id", clean(c.get("id")))}
            for c in self.rows("contact", "service_id", sid)
        ]
        links = []
        for link in self.rows("service_at_location", "service_id", sid):
            location = self.location(clean(link.get("location_id")))
            links.append({**link, "location": location})
        return {
            **row,
            "organization": self.organisation(clean(row.get("organization_id"))),
            "phones": [p for p in self.rows("phone", "service_id", sid) if not p.get("contact_id")],
            "contacts": contacts,
            "languages": self.rows("language", "service_id", sid),
            "service_areas": self.rows("service_area", "service_id", sid),
            "cost_options": self.rows("cost_option", "service_id", sid),
            "required_documents": self.rows("required_document", "service_id", sid),
            "schedules": self.rows("schedule", "service_id", sid),
            "service_at_locations": links,
            "attributes": attributes,
        }


# --- containers ----------------------------------------------------------------------------


def _csv_rows(opener: Callable[[], io.TextIOBase]) -> Rows:
    def rows() -> Iterator[dict[str, Any]]:
        with opener() as handle:
            try:
                yield from csv.DictReader(handle)
            except csv.Error as exc:
                raise FormatError(f"not CSV: {exc}") from exc

    return rows


def _inline(data: list[Any]) -> Rows:
    def rows() -> Iterator[dict[str, Any]]:
        yield from data

    return rows


class Package:
    """A data package in a directory, a zip file or a datapackage.json file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        if path.is_dir():
            self.base = path
            descriptor = path / "datapackage.json"
            if not descriptor.exists():
                raise FormatError(f"{path}: a directory without datapackage.json")
            text = descriptor.read_bytes()
        elif zipfile.is_zipfile(path):
            self.zip = zipfile.ZipFile(path)
            names = [n for n in self.zip.namelist() if n.rsplit("/", 1)[-1] == "datapackage.json"]
            if not names:
                raise FormatError(f"{path}: a zip file without datapackage.json")
            self.prefix = names[0].removesuffix("datapackage.json")
            text = self.zip.read(names[0])
        else:
            self.base = path.parent
            text = path.read_bytes()
        try:
            depth.check_bytes(text)
            self.descriptor = json.loads(text)
        except depth.TooDeepError as exc:
            raise FormatError(f"datapackage.json: {exc}") from exc
        except ValueError as exc:
            raise FormatError(f"datapackage.json is not JSON: {exc}") from exc
        resources = self.descriptor.get("resources") if isinstance(self.descriptor, dict) else None
        if not isinstance(resources, list):
            raise FormatError("datapackage.json has no resources array")
        self.resources = [r for r in resources if isinstance(r, dict)]

    def _opener(self, relative: str) -> Callable[[], io.TextIOBase]:
        if ".." in Path(relative).parts or Path(relative).is_absolute():
            raise FormatError(f"resource path {relative}: outside the package")
        if self.zip is not None:
            archive, name = self.zip, self.prefix + relative
            if name not in archive.namelist():
                raise FormatError(f"resource {relative}: not in the zip file")
            return lambda: io.TextIOWrapper(archive.open(name), encoding="utf-8-sig", newline="")
        file = self.base / relative
        if not file.exists():
            raise FormatError(f"resource {relative}: no such file beside datapackage.json")
        return lambda: open(file, encoding="utf-8-sig", newline="")

    def tables(self) -> dict[str, Rows]:
        found: dict[str, Rows] = {}
        for resource in self.resources:
            name = table_name(clean(resource.get("name"))) or table_name(
                clean(resource.get("path"))
            )
            if name is None:
                continue  # a table Kotopolku does not read (programs, funding, ...)
            data = resource.get("data")
            if isinstance(data, list):
                found[name] = _inline(data)
            elif isinstance(resource.get("path"), str):
                found[name] = _csv_rows(self._opener(resource["path"]))
            else:
                raise FormatError(f"resource {name}: neither a path nor inline data")
        if "service" not in found:
            raise FormatError("the data package has no service resource (services.csv)")
        return found


def package_services(path: Path) -> tuple[Iterator[dict[str, Any]], Tables]:
    tables = Tables()
    readers = Package(path).tables()
    for name, rows in readers.items():
        if name != "service":
            tables.add(name, rows())
    return (tables.service(typed("service", row)) for row in readers["service"]()), tables


def object_services(path: Path, keys: list[str]) -> tuple[Iterator[dict[str, Any]], Tables]:
    """The JSON object holding the tables: the linked tables first, then the services."""
    tables = Tables()
    service_key = next(k for k in keys if table_name(k) == "service")
    for key in keys:
        name = table_name(key)
        if name is None or name == "service":
            continue
        with open(path, "rb") as handle:  # one pass per table: the services are not read here
            tables.add(name, ijson.items(handle, f"{key}.item", use_float=True))

    def services() -> Iterator[dict[str, Any]]:
        with open(path, "rb") as handle:
            for row in ijson.items(handle, f"{service_key}.item", use_float=True):
                yield tables.service(typed("service", row)) if isinstance(row, dict) else row

    return services(), tables
