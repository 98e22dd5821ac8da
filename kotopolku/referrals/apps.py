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

        from kotopolku.access.registry import register_scopes
        from kotopolku.referrals import scopes

        register_scopes(self.label, scopes)

        from kotopolku.clients import hooks as client_hooks
        from kotopolku.referrals.views import caseload_box, client_referrals_context

        client_hooks.client_page_context.register(client_referrals_context)
        client_hooks.caseload_boxes.register(caseload_box)


def close_for_withdrawn_consent(consent: Consent, acting_user: User) -> object:
    """The open referrals resting on a withdrawn consent end with it."""
    from kotopolku.referrals.actions import do_close_for_withdrawn_consent

    return do_close_for_withdrawn_consent(consent, acting_user=acting_user)
