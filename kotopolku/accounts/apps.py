from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kotopolku.accounts"
    label = "accounts"

    def ready(self) -> None:
        # the auditor's start page shows role grants and e-mail changes first
        from kotopolku.accounts.grant_views import security_summary
        from kotopolku.audit.reports import register_security_summary

        register_security_summary(security_summary)

        from kotopolku.access.registry import register_scopes
        from kotopolku.accounts import scopes

        register_scopes(self.label, scopes)
