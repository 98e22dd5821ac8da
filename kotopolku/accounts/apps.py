from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kotopolku.accounts"
    label = "accounts"
