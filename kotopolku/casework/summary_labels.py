"""The plan summary's labels, dates, day and language names in the client's language.

A label comes from the `summary` gettext domain (`casework.summary_catalogue`); one the
catalogue lacks falls back visibly to Finnish or English (`Label` keeps the language it is
actually in). Dates, weekdays and language names are written in the client's language wherever
CLDR knows it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from kotopolku.casework import summary_catalogue
from kotopolku.core import languages
from kotopolku.core.translated import pick

FALLBACKS = summary_catalogue.FALLBACKS  # the languages a missing label may be shown in

# --- Labels -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A text and the language it is actually in (`requested` is the page's language).

    `html` marks a text in another language than the page's with its own `lang` and
    `dir`; a label from the catalogue (`marked`) also gets the class `fallback`."""

    text: str
    lang: str
    requested: str
    marked: bool = True

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.requested

    @property
    def dir(self) -> str:
        return languages.direction(self.lang)

    @property
    def html(self) -> SafeString:
        if not self.is_fallback:
            return conditional_escape(self.text)
        if self.marked:
            return format_html(
                '<span class="fallback" lang="{}" dir="{}">{}</span>',
                self.lang,
                self.dir,
                self.text,
            )
        return format_html('<span lang="{}" dir="{}">{}</span>', self.lang, self.dir, self.text)

    def __str__(self) -> str:
        return self.text


def normalise(code: str | None) -> str:
    """A language code as the catalogue and CLDR spell it (`fi`, `ar`, `fi-x-plain`)."""
    return (code or "").strip().lower().replace("_", "-")


def labels(lang: str, fallback: str = "fi") -> tuple[dict[str, Label], bool]:
    """The labels in `lang`; a label missing there is given in `fallback` (fi or en).

    Returns the labels by key and whether any of them fell back."""
    lang = normalise(lang)
    fallback = fallback if fallback in FALLBACKS else "fi"
    found: dict[str, Label] = {}
    fell_back = False
    for key in summary_catalogue.LABELS:
        text = summary_catalogue.text(key, lang)
        if text:
            found[key] = Label(text, lang, lang)
        else:
            found[key] = Label(summary_catalogue.text(key, fallback) or "", fallback, lang)
            fell_back = True
    return found, fell_back


# --- Dates and language names in the client's language ------------------------------------------

# CLDR locales of summary languages CLDR names otherwise: English day-month-year as written in
# Finland; Dari is CLDR's Persian of Afghanistan; plain Finnish writes dates as Finnish does.
_BABEL_LOCALES = {"en": "en-GB", "prs": "fa-AF", "fi-x-plain": "fi"}


def _babel_locale(lang: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(_BABEL_LOCALES.get(lang, lang), sep="-")
    except (UnknownLocaleError, ValueError):
        return None


def format_day(day: datetime.date | None, lang: str, fallback: str = "fi") -> Label | None:
    """A date written out in `lang` (e.g. "14 مارس 2025"), else in `fallback`."""
    if day is None:
        return None
    from babel.dates import format_date

    used = lang if _babel_locale(lang) is not None else fallback
    text = format_date(day, "long", locale=_babel_locale(used))
    return Label(text, used, lang, marked=False)


def language_name(code: str, lang: str, fallback: str = "fi") -> Label:
    """The name of language `code` written in `lang` (CLDR), else in `fallback`."""
    for used in (lang, fallback):
        name = languages.EXTRA_LANGUAGES.get(code, {}).get(used, "")
        locale = _babel_locale(used)
        if not name and locale is not None:
            name = locale.languages.get(code.replace("-", "_"), "")
        if name:
            return Label(name, used, lang, marked=False)
    return Label(languages.AUTONYMS.get(code, code), code, lang, marked=False)


def fallback_notice(lang: str, fallback: str) -> dict[str, str]:
    """The notice above a page whose labels fell back, in English and in Finnish."""
    autonym = languages.AUTONYMS.get(lang, "")
    english = languages.name(lang, "en")
    finnish = languages.name(lang, "fi")
    shown_en = "English" if fallback == "en" else "Finnish"
    shown_fi = "englanniksi" if fallback == "en" else "suomeksi"
    return {
        "autonym": autonym if autonym and autonym not in (english, finnish) else "",
        "en_language": english,
        "fi_language": finnish,
        "en_shown": shown_en,
        "fi_shown": shown_fi,
    }


def weekday_name(weekday: int, lang: str, fallback: str) -> Label:
    from babel.dates import get_day_names

    for used in (lang, fallback):
        locale = _babel_locale(used)
        if locale is not None:
            names = get_day_names("wide", context="stand-alone", locale=locale)
            return Label(str(names[weekday]), used, lang, marked=False)
    return Label(str(weekday + 1), lang, lang, marked=False)


def picked_label(texts: dict[str, str] | None, lang: str, fallback: str) -> Label | None:
    """A tray text in `lang`, else in the page's fallback language, else as `pick` finds it;
    a text in another language carries its own `lang` and `dir`."""
    texts = texts or {}
    for used in (lang, lang.split("-")[0], fallback):
        if texts.get(used):
            return Label(texts[used], used, lang, marked=False)
    text = pick(texts, lang)
    return Label(text.value, text.lang, lang, marked=False) if text.value else None
