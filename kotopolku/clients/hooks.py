"""Where the apps above the client register follow it. `clients.actions` calls these hooks;
the apps that keep records of a client register their handlers in `AppConfig.ready()`
(casework: `CaseworkConfig.ready`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client

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
