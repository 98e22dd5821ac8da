from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "kotopolku.public"
    label = "public"
    verbose_name = "Kotopolku public service path"

    def ready(self) -> None:
        from django.core import checks

        from kotopolku.public.checks import path_texts_load

        checks.register(path_texts_load)
