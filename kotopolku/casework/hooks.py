"""Where the apps above casework follow it. `casework.actions` calls these hooks; the apps
register their handlers in `AppConfig.ready()` (referrals: `ReferralsConfig.ready`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kotopolku.core.hooks import Hook

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Consent

# (consent, acting user): a consent was withdrawn, inside the withdrawal's transaction.
consent_withdrawn: Hook[[Consent, User], object] = Hook("casework.consent_withdrawn")
