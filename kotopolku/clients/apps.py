from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "kotopolku.clients"
    label = "clients"
