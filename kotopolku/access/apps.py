from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "kotopolku.access"
    label = "access"
