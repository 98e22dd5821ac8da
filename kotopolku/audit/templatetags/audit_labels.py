"""`{{ event.role|role_label }}` and `{{ event.view|view_label }}` in the log reports."""

from __future__ import annotations

from django import template

from kotopolku.audit import labels

register = template.Library()
register.filter("role_label", labels.role_label)
register.filter("view_label", labels.view_label)
register.filter("subject_label", labels.subject_label)
