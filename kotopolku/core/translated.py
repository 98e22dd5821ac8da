"""Translated texts: one JSON value per field, `{"fi": ..., "sv": ..., "en": ..., "ar": ...}`.

`pick()` chooses the best text for the active language and falls back visibly: the caller
gets the language actually used so a template can mark the fallback with `lang` and `dir`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from kotopolku.core.languages import is_rtl

FALLBACK_ORDER = ("fi", "sv", "en")


@dataclass(frozen=True)
class Text:
    """A text in one language, with the facts a template needs to mark it up."""

    value: str
    lang: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.requested

    @property
    def dir(self) -> str:
        return "rtl" if is_rtl(self.lang) else "ltr"

    def __str__(self) -> str:
        return self.value


def pick(texts: dict[str, str] | None, lang: str | None = None) -> Text:
    """Return the text for `lang` (default: the active language), else the first fallback."""
    requested = (lang or get_language() or "fi").split("-")[0]
    texts = texts or {}
    if texts.get(requested):
        return Text(texts[requested], requested, requested)
    for code in (*FALLBACK_ORDER, *sorted(texts)):
        if texts.get(code):
            return Text(texts[code], code, requested)
    return Text("", requested, requested)


def clean(texts: dict[str, str]) -> dict[str, str]:
    """Drop empty translations and strip whitespace."""
    return {code: value.strip() for code, value in texts.items() if value and value.strip()}
