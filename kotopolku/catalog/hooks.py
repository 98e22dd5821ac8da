"""Where the apps above the tray add to it. The tray's pages call these hooks; the apps
register their handlers in `AppConfig.ready()` (casework: `CaseworkConfig.ready`; referrals:
`ReferralsConfig.ready`)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from kotopolku.catalog.matching import TrayNeed
    from kotopolku.catalog.models import Service

# (client id, published entry) -> the address that adds the entry to the client's plan, or ""
# (casework: the plan in force, its service form filled from the entry). The caller has
# checked that the user writes the client's casework.
plan_link: Hook[[uuid.UUID, Service], str] = Hook("catalog.plan_link")

# (entry) -> [(status, in the active language; count)] of the open referrals to the entry. No
# client data: the owner sees the counts before archiving the entry.
open_referrals: Hook[[Service], list[tuple[str, int]]] = Hook("catalog.open_referrals")

# () -> every service need an assessment records, with what it looks for in the tray
# (casework: `casework.needs.NEED_TRAY`, the one table of docs/catalog.md).
need_table: Hook[[], list[TrayNeed]] = Hook("catalog.need_table")

# (client id) -> the need codes the client's latest assessment found (casework). The caller
# has checked that the user sees the client.
client_needs: Hook[[uuid.UUID], list[str]] = Hook("catalog.client_needs")
