from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "kotopolku.audit"
    label = "audit"

    def ready(self) -> None:
        from kotopolku.audit.triggers import ensure_sqlite_triggers

        post_migrate.connect(ensure_sqlite_triggers, sender=self)
