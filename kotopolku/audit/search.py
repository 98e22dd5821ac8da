"""The auditor's client search (issue 15): find a client's access-log report by name or by
henkilötunnus.

Audit does not read the client register: clients registers the search that answers
(`ClientsConfig.ready`: `clients.queries.log_report_search`, over the clients whose report the
auditor may read). This module logs the search itself and what it found:

- one row for the search (subject type `client_search`, kind "found in a search"), saying what
  kind of search was done and how many it found. A henkilötunnus is never stored in clear: the
  row's subject id is its keyed hash (`hetu:<HMAC>`, the change log's `identifier_hash`), so
  "who searched for this code" stays answerable by whoever has the code; a name is not stored;
- one row per client found (kind "found in a search"), in that client's own report: an auditor
  looking a client up is a read of that client's data.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kotopolku.audit.models import AccessEvent
from kotopolku.audit.queries import LOG_BROWSING
from kotopolku.audit.recorder import identifier_hash, record_read
from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

MAX_RESULTS = 50
SEARCH_SUBJECT = "client_search"
BY_NAME = "name"
BY_HETU = "henkilotunnus"


@dataclass(frozen=True)
class ClientHit:
    """One client a search found, as the result list shows it."""

    id: uuid.UUID
    name: str
    birth_date: datetime.date | None
    unit: str
    status: str


# (user, by, text) -> the clients whose report the user may read that match, at most
# MAX_RESULTS; `by` is BY_NAME (every word matches a name) or BY_HETU (the normalised code,
# exactly).
client_search: Hook[[Any, str, str], list[ClientHit]] = Hook("audit.client_search")


def search_clients(user: User, *, by: str, text: str) -> list[ClientHit]:
    """Run the registered search and log it; the hits in the order the search gives them."""
    if by not in (BY_NAME, BY_HETU):
        raise ValueError(f"unknown search kind {by!r}")
    hits: list[ClientHit] = []
    for answer in client_search(user, by, text):
        hits.extend(answer)
    hits = hits[:MAX_RESULTS]
    subject = f"hetu:{identifier_hash(text)}" if by == BY_HETU else BY_NAME
    purpose = f"audit: client search by {'henkilötunnus' if by == BY_HETU else 'name'}"
    record_read(
        SEARCH_SUBJECT,
        [subject],
        kind=AccessEvent.Kind.SEARCH,
        purpose=f"{purpose} ({len(hits)} found)",
    )
    if hits:
        record_read("client", [h.id for h in hits], kind=AccessEvent.Kind.SEARCH, purpose=purpose)
    return hits


def record_log_browsing(which: str, rows: list[Any]) -> None:
    """One access event for a page of log rows (`which`: the list it is), not one per client
    whose rows it shows: the clients' own reports are not flooded by the auditors' browsing
    (issue 15). The row counts the rows and clients shown."""
    clients = {row.client_id for row in rows if getattr(row, "client_id", None) is not None}
    record_read(
        LOG_BROWSING,
        [which],
        kind=AccessEvent.Kind.LIST,
        purpose=f"audit: log browsing ({len(rows)} rows, {len(clients)} clients)",
    )
