from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.catalog.models import Service
    from kotopolku.clients.models import Consent


class ReferralsConfig(AppConfig):
    name = "kotopolku.referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from kotopolku.casework import hooks
        from kotopolku.catalog import hooks as catalog_hooks

        hooks.consent_withdrawn.register(close_for_withdrawn_consent)
        from kotopolku.referrals import plan

        hooks.service_referrals.register(plan.service_referrals)
        hooks.service_added.register(plan.link_new_plan_row)
        hooks.refer_step.register(plan.refer_step)
        catalog_hooks.open_referrals.register(open_referrals_to)

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


def open_referrals_to(service: Service) -> list[tuple[str, int]]:
    """The open referrals to a tray entry, counted by status in the order of the status list
    (labels in the active language; no client data)."""
    from django.db.models import Count

    from kotopolku.referrals.models import Referral

    rows = (
        Referral.objects.filter(service=service, status__in=Referral.OPEN_STATUSES)
        .values("status")
        .annotate(n=Count("id"))
    )
    counts = {row["status"]: int(row["n"]) for row in rows}
    return [(str(s.label), counts[s.value]) for s in Referral.Status if s.value in counts]
