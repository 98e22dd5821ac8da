from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "kotopolku.casework"
    verbose_name = "Casework"
