"""PDF rendering with WeasyPrint that never reaches the network."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def local_fetcher(allowed: Path) -> Any:
    """A WeasyPrint URL fetcher that reads files under `allowed` and data: URLs only."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(allowed):
                    return super().fetch(url, headers)
            raise ValueError(f"a PDF fetches no {scheme or 'relative'} URL: {url}")

    return LocalFetcher(allowed_protocols=("file", "data"))


def static_path(name: str) -> Path:
    """A static file on disk (a PDF's stylesheet), found as `collectstatic` finds it."""
    from django.contrib.staticfiles import finders

    found = finders.find(name)
    if not found:
        raise FileNotFoundError(name)
    return Path(found if isinstance(found, str) else found[0]).resolve()
