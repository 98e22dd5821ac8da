"""The caseload's search text never travels in a URL (issue 11 item 7).

The caseload's search box takes a name or a henkilötunnus. The form is POSTed; the text is
kept in the session under a short-lived opaque id, and the page's address (pushed into the
browser's history by htmx, and in every sort and page link) carries only `?s=<id>`. An old
link with `?q=` is answered with a redirect to the opaque address.
"""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import urlencode

from kotopolku.core.types import AuthenticatedRequest

SEARCHES = "kotopolku_caseload_searches"
SEARCH_SECONDS = 30 * 60
FILTER_NAMES = (
    "municipality",
    "language",
    "authority",
    "steps",
    "civic",
    "status",
    "sort",
    "counsellor",
    "csort",
)


def _live_searches(request: AuthenticatedRequest) -> dict[str, dict[str, Any]]:
    now = time.time()
    return {
        sid: item
        for sid, item in request.session.get(SEARCHES, {}).items()
        if now - item.get("at", 0) <= SEARCH_SECONDS
    }


def _store_search(request: AuthenticatedRequest, text: str) -> str:
    searches = _live_searches(request)
    sid = secrets.token_urlsafe(9)
    searches[sid] = {"q": text, "at": int(time.time())}
    request.session[SEARCHES] = dict(list(searches.items())[-20:])
    return sid


def caseload_params(request: AuthenticatedRequest) -> dict[str, str]:
    """The filters of the query string, with the search text of `?s=` (while it lives)."""
    params = {name: request.GET[name] for name in FILTER_NAMES if request.GET.get(name)}
    found = _live_searches(request).get(request.GET.get("s", ""))
    if found:
        params["q"], params["s"] = found["q"], request.GET["s"]
    return params


def search_redirect(request: AuthenticatedRequest) -> tuple[dict[str, str], str]:
    """A search: the filters and the opaque search id, and the address to show."""
    data = request.POST if request.method == "POST" else request.GET
    params = {name: data[name] for name in FILTER_NAMES if data.get(name)}
    text = data.get("q", "").strip()[:100]
    if text:
        params["s"] = _store_search(request, text)
    address = request.path + ("?" + urlencode(params) if params else "")
    if text:
        params["q"] = text
    return params, address
