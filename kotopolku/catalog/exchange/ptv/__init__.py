"""Suomi.fi Service Catalogue (PTV): services through a versioned adapter.

Everything that depends on the shape of a PTV API version lives in one adapter module
(`v11`); the importer sees only the `Adapter` interface. PTV Open API v12 replaces v11: a
`v12` module implementing the same interface is added beside it and `ADAPTERS` / `DEFAULT`
updated; nothing else changes (docs/catalog-import.md lists what v12 is expected to touch).
"""

from __future__ import annotations

from typing import Any, Protocol

from kotopolku.catalog.exchange.common import Context, Entry

SOURCE = "ptv"


class Adapter(Protocol):
    """One PTV API version's service JSON -> catalogue entries."""

    version: str
    # JSON paths (ijson prefixes) of the services in a page object, e.g. "itemList.item".
    page_items: str

    def matches(self, first: Any) -> bool:
        """Whether a service object (the first record of a file) has this version's shape."""

    def is_page(self, keys: list[str]) -> bool:
        """Whether an object with these top-level keys is a page of services."""

    def record_id(self, record: Any) -> str: ...

    def to_entry(self, record: Any, ctx: Context) -> Entry:
        """The entry of one service; RecordError for a refused one, Skip for an unpublished one."""


def adapter(version: str | None = None) -> Adapter:
    from kotopolku.catalog.exchange.ptv import v11

    adapters: dict[str, Adapter] = {"v11": v11.ADAPTER}
    return adapters[version or DEFAULT]


DEFAULT = "v11"
