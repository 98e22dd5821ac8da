"""Where the apps above the tray answer about an entry. `catalog.views.editing` calls these
hooks; the apps register their handlers in `AppConfig.ready()` (referrals:
`ReferralsConfig.ready`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from kotopolku.catalog.models import Service

# (entry) -> [(status, in the active language; count)] of the open referrals to the entry. No
# client data: the owner sees the counts before archiving the entry.
open_referrals: Hook[[Service], list[tuple[str, int]]] = Hook("catalog.open_referrals")
