"""The page shell's extension points: the menu and the start page depend on the access policy,
which sits above `core`; `access` fills both hooks in `AccessConfig.ready()`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kotopolku.core.types import AuthenticatedRequest

# (request) -> the menu entries the user may open: [{"url", "label", "current"}].
menu: Hook[[HttpRequest], list[dict[str, Any]]] = Hook("core.menu")
# (request) -> the URL name of the user's start page, or None.
start_page: Hook[[AuthenticatedRequest], str | None] = Hook("core.start_page")
