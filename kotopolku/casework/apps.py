from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "kotopolku.casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from kotopolku.casework.actions import register
        from kotopolku.clients import hooks

        hooks.authority_changed.register(register.authority_changed)
        hooks.facts_changed.register(register.facts_changed)
        hooks.merge_refusal.register(register.plans_overlap)
        hooks.merge_move.register(register.move_records)
        hooks.daily_refresh.register(register.daily_refresh)

        from kotopolku.access.registry import register_scopes
        from kotopolku.casework import scopes

        register_scopes(self.label, scopes)
        hooks.extra_visibility.register(scopes.wellbeing_visibility)

        from kotopolku.casework.views.client_page import (
            caseload_hand_overs,
            caseload_steps,
            client_casework_context,
        )

        hooks.client_page_context.register(client_casework_context)
        hooks.caseload_boxes.register(caseload_hand_overs)
        hooks.caseload_steps.register(caseload_steps)

        from kotopolku.casework.views.plan_tray import tray_plan_link
        from kotopolku.catalog import hooks as catalog_hooks

        catalog_hooks.plan_link.register(tray_plan_link)

        from kotopolku.casework import needs

        catalog_hooks.need_table.register(needs.need_table)
        catalog_hooks.client_needs.register(needs.client_needs)
