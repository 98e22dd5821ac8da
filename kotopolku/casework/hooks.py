"""Where the apps above casework follow it. `casework.actions` calls these hooks; the apps
register their handlers in `AppConfig.ready()` (referrals: `ReferralsConfig.ready`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.casework.models import Plan, PlannedService
    from kotopolku.catalog.models import Service
    from kotopolku.clients.models import Consent

# (consent, acting user): a consent was withdrawn, inside the withdrawal's transaction.
consent_withdrawn: Hook[[Consent, User], object] = Hook("casework.consent_withdrawn")


@dataclass(frozen=True)
class ServiceReferral:
    """The referral a plan's service row shows: its id and status code (as the referrals API
    names them), the status in the active language, the provider's note when declined, and
    the referral's page; `is_open` while the provider may still answer it."""

    id: uuid.UUID
    status: str
    label: str
    note: str
    url: str
    is_open: bool


# (reading user, the plan's services) -> {planned service id: its latest referral the user
# sees}; rows without one are left out (docs/casework.md, "A plan's services and referrals").
service_referrals: Hook[[User, Sequence[PlannedService]], dict[uuid.UUID, ServiceReferral]] = Hook(
    "casework.service_referrals"
)

# (the new planned service, acting user): a service was added to a plan, inside the adding
# transaction (referrals: an open referral of the client to the same tray entry is linked).
service_added: Hook[[PlannedService, User], object] = Hook("casework.service_added")

# (client id, plan, published tray entry) -> the address of the step that adds the entry to the
# plan and offers to refer the client in the same step, or "" (the plan page's own form).
refer_step: Hook[[uuid.UUID, Plan, Service], str] = Hook("casework.refer_step")


def referrals_of(
    user: User, services: Sequence[PlannedService]
) -> dict[uuid.UUID, ServiceReferral]:
    """What the handlers of `service_referrals` answer, merged."""
    found: dict[uuid.UUID, ServiceReferral] = {}
    if not services:
        return found
    for answer in service_referrals(user, services):
        found.update(answer)
    return found
