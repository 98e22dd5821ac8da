"""Which routes and API operations lack a policy entry (used by a system check and tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from kotopolku.access.policy import API, PAGES

API_NAMESPACE = "api"


def iter_named_routes(
    resolver: URLResolver | None = None, namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """Yield (view name, route) for every URL pattern, descending into includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from iter_named_routes(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            name = (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )
            yield name, str(entry.pattern)


def page_routes() -> list[str]:
    """Every non-API route name (plus the OpenAPI document itself)."""
    names = []
    for name, _route in iter_named_routes():
        if name.startswith(f"{API_NAMESPACE}:") and name != f"{API_NAMESPACE}:openapi-json":
            continue
        names.append(name)
    return sorted(set(names))


def api_operations(schema: dict[str, Any] | None = None) -> list[tuple[str, str, str]]:
    """(operation id, method, path) for every operation in the OpenAPI document."""
    if schema is None:
        from kotopolku.config.api import api

        schema = api.get_openapi_schema()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            ops.append((op["operationId"], method.upper(), path))
    return sorted(ops)


def missing_policies() -> list[str]:
    """Routes and operations with no policy entry; an empty list means full coverage."""
    missing = [f"page {name}" for name in page_routes() if name not in PAGES]
    missing += [
        f"api {op} ({method} {path})" for op, method, path in api_operations() if op not in API
    ]
    return missing


def stale_policies() -> list[str]:
    """Policy entries that name no route (left behind when a route was removed)."""
    pages = set(page_routes())
    ops = {op for op, _m, _p in api_operations()}
    return [f"page {n}" for n in PAGES if n not in pages] + [
        f"api {n}" for n in API if n not in ops
    ]
