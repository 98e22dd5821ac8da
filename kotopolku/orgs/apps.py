from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "kotopolku.orgs"
    label = "orgs"

    def ready(self) -> None:
        from kotopolku.audit.labels import register_role_labels
        from kotopolku.orgs.models import Role

        register_role_labels(dict(Role.choices))
