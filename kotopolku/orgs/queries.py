"""Read helpers for organisations and the municipality code list."""

from __future__ import annotations

from django.core.cache import cache

from kotopolku.orgs.models import Municipality

_TTL = 60 * 60


def municipality_labels(ui_language: str) -> dict[int, tuple[str, str]]:
    """{municipality row id: (code, name in the UI language)} for every code version.

    The code list changes once a year, so the table is cached (one hour).
    """
    key = f"orgs:municipality-labels:{ui_language}"
    labels: dict[int, tuple[str, str]] | None = cache.get(key)
    if labels is None:
        labels = {
            pk: (code, sv if ui_language == "sv" else fi)
            for pk, code, fi, sv in Municipality.objects.values_list(
                "id", "code", "name_fi", "name_sv"
            )
        }
        cache.set(key, labels, _TTL)
    return labels
