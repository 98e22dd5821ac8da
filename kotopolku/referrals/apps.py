from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kotopolku.referrals"
    verbose_name = "Referrals"
