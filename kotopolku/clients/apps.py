from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "kotopolku.clients"
    label = "clients"

    def ready(self) -> None:
        from kotopolku.audit.recorder import mark_identifiers
        from kotopolku.clients.models import IDENTIFIER_FIELDS

        mark_identifiers(*IDENTIFIER_FIELDS)

        from kotopolku.access.registry import register_scopes
        from kotopolku.audit.reports import register_value_rule
        from kotopolku.clients import scopes

        register_scopes(self.label, scopes)
        # The log reports show change values only where this rule allows (audit.reports).
        register_value_rule(scopes.change_values_readable)

        # The auditor's client search (audit.search) finds clients here.
        from kotopolku.audit.search import client_search
        from kotopolku.clients.queries import log_report_search

        client_search.register(log_report_search)
