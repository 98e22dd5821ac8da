from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What runs the whole product and may import every app (the top layer, beside config):
    the demo loader and command, the benchmarks command, the system checks."""

    name = "kotopolku.ops"
    label = "ops"
    verbose_name = "Kotopolku operations"

    def ready(self) -> None:
        from kotopolku.ops import checks  # noqa: F401  (registers system checks)
