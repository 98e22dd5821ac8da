from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "kotopolku.courses"
    label = "courses"
    verbose_name = "Kotopolku courses"

    def ready(self) -> None:
        from kotopolku.access.registry import register_scopes
        from kotopolku.courses import scopes

        register_scopes(self.label, scopes)

        from kotopolku.clients import hooks as client_hooks
        from kotopolku.courses.views import client_courses_context

        client_hooks.client_page_context.register(client_courses_context)
