"""Where the apps above the client register follow it. `clients.actions` calls these hooks;
the apps that keep records of a client register their handlers in `AppConfig.ready()`
(casework: `CaseworkConfig.ready`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from django.db.models import Q

    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client
    from kotopolku.core.types import AuthenticatedRequest

# (client, old authority, new authority, acting user or None for the daily refresh): the
# responsible authority changed, inside the change's transaction.
authority_changed: Hook[[Client, str, str, User | None], object] = Hook("clients.authority_changed")
# (client): a fact that a higher app derives something from has changed (a new client, the
# register facts in `actions.DEADLINE_INPUTS`, a jobseeker period, a merge), in the same
# transaction.
facts_changed: Hook[[Client], object] = Hook("clients.facts_changed")
# (kept, merged) -> why the two records may not be merged, or None; checked before a merge.
merge_refusal: Hook[[Client, Client], str | None] = Hook("clients.merge_refusal")
# (merged, kept) -> {model name: rows moved}: move the merged record's rows to the kept one.
merge_move: Hook[[Client, Client], dict[str, int]] = Hook("clients.merge_move")
# () -> what was done, in a few words: the daily `kotopolku refresh_clients` run, after the
# register's own refresh.
daily_refresh: Hook[[], str] = Hook("clients.daily_refresh")
# (user) -> a condition on Client for the clients the user sees because of a record of a
# higher app (casework: the open requests to a wellbeing county the user works for), or None.
# `clients.scopes.visible_clients` and `own_clients` add it.
extra_visibility: Hook[[User], Q | None] = Hook("clients.extra_visibility")
# (request, client) -> the context of a client-page section a higher app keeps, under its own
# keys (casework: `casework`, the assessments, plans, contacts...; referrals: `referrals`). The
# client page (`clients.views.client_detail`) merges them; each section's template reads its keys.
client_page_context: Hook[[AuthenticatedRequest, Client], dict[str, Any]] = Hook(
    "clients.client_page_context"
)
# (request, unit view?) -> the context of a box above the caseload a higher app keeps (casework:
# `hand_overs`, the clients handed over to the user; referrals: `stale_referrals`). Not called
# for the table's htmx refreshes.
caseload_boxes: Hook[[AuthenticatedRequest, bool], dict[str, Any]] = Hook("clients.caseload_boxes")


@dataclass(frozen=True)
class Steps:
    """The open steps of the listed clients: client id -> [(kind, due)] ordered by due date,
    and the label of each kind."""

    by_client: dict[Any, list[tuple[str, datetime.date]]] = field(default_factory=dict)
    labels: Mapping[str, Any] = field(default_factory=dict)  # kind -> label (lazy text)


@dataclass(frozen=True)
class StepsColumn:
    """A column of open steps that the caseload reads with its rows, in its page query (no
    query of its own): `expression` an annotation of one client (a correlated subquery over
    `OuterRef("pk")`), `parse` turns its value into [(kind, due)] ordered by due date,
    `labels` names each kind."""

    expression: Any
    parse: Callable[[Any], list[tuple[str, datetime.date]]]
    labels: Mapping[str, Any] = field(default_factory=dict)  # kind -> label (lazy text)


# () -> StepsColumn: the caseload's "next steps" column (casework: the stored deadlines, read
# with the page's rows through an aggregated subquery).
caseload_steps: Hook[[], StepsColumn] = Hook("clients.caseload_steps")
