from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "kotopolku.courses"
    label = "courses"
    verbose_name = "Kotopolku courses"
