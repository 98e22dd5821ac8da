from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "kotopolku.access"
    label = "access"

    def ready(self) -> None:
        # the log pages and API list the rows this rule allows (audit.queries)
        from kotopolku.access.scopes import auditor_events
        from kotopolku.audit.queries import register_event_scope

        register_event_scope(auditor_events)

        from kotopolku.access import menu
        from kotopolku.core import shell

        shell.menu.register(menu.menu_items)
        shell.start_page.register(menu.start_page)
