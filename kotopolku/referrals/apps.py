from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Consent


class ReferralsConfig(AppConfig):
    name = "kotopolku.referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from kotopolku.casework import hooks

        hooks.consent_withdrawn.register(close_for_withdrawn_consent)


def close_for_withdrawn_consent(consent: Consent, acting_user: User) -> object:
    """The open referrals resting on a withdrawn consent end with it."""
    from kotopolku.referrals.actions import do_close_for_withdrawn_consent

    return do_close_for_withdrawn_consent(consent, acting_user=acting_user)
