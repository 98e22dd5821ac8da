from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kotopolku.core"
    label = "core"
    verbose_name = "Kotopolku core"

    def ready(self) -> None:
        from kotopolku.core import checks  # noqa: F401  (registers system checks)
