from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "kotopolku.public"
    label = "public"
    verbose_name = "Kotopolku public service path"
