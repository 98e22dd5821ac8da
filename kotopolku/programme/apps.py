from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "kotopolku.programme"
    label = "programme"
    verbose_name = "Kotopolku integration programme"
