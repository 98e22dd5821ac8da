from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kotopolku.catalog"
    verbose_name = "Offering tray"

    def ready(self) -> None:
        from kotopolku.access.registry import register_scopes
        from kotopolku.catalog import scopes

        register_scopes(self.label, scopes)
