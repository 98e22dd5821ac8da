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
