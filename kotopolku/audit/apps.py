from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kotopolku.audit"
    label = "audit"
