from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "kotopolku.access"
    label = "access"

    def ready(self) -> None:
        # The log reports show change values only where this rule allows (audit.reports).
        from kotopolku.access.scopes import change_values_readable
        from kotopolku.audit.reports import register_value_rule

        register_value_rule(change_values_readable)
