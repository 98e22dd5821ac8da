from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "kotopolku.clients"
    label = "clients"

    def ready(self) -> None:
        from kotopolku.audit.recorder import mark_identifiers
        from kotopolku.clients.models import IDENTIFIER_FIELDS

        mark_identifiers(*IDENTIFIER_FIELDS)
