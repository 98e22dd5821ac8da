from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kotopolku.catalog"
    verbose_name = "Offering tray"
