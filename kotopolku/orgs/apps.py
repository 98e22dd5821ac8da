from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "kotopolku.orgs"
    label = "orgs"
