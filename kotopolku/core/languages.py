"""Language codes (ISO 639-1 where it exists, ISO 639-3 otherwise) and script direction."""

from __future__ import annotations

# Languages written right to left among those Kotopolku's clients commonly use.
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ku", "ur", "he", "yi", "dv", "ug"})

# Names in the language itself (autonyms) for the language pickers. The set covers the
# seeds' client languages and the common languages of Finnish integration services; any
# other ISO 639 code is still accepted where a field takes a code.
AUTONYMS: dict[str, str] = {
    "fi": "suomi",
    "sv": "svenska",
    "en": "English",
    "fi-x-plain": "selkosuomi",
    "ru": "русский",
    "uk": "українська",
    "ar": "العربية",
    "fa": "فارسی",
    "prs": "دری",
    "ps": "پښتو",
    "ckb": "کوردیی ناوەندی",
    "ku": "Kurdî",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "am": "አማርኛ",
    "th": "ไทย",
    "et": "eesti",
    "bn": "বাংলা",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "tr": "Türkçe",
    "fr": "français",
    "es": "español",
    "sw": "Kiswahili",
    "my": "မြန်မာ",
    "ne": "नेपाली",
    "hi": "हिन्दी",
    "ur": "اردو",
    "tl": "Tagalog",
    "pl": "polski",
    "ro": "română",
    "sq": "shqip",
    "de": "Deutsch",
    "pt": "português",
    "lv": "latviešu",
    "lt": "lietuvių",
    "ln": "lingála",
}


def is_rtl(code: str) -> bool:
    """Return True when the language is written right to left."""
    return code.split("-")[0].lower() in RTL_LANGUAGES


def direction(code: str) -> str:
    """Return the HTML `dir` value for a language code."""
    return "rtl" if is_rtl(code) else "ltr"


# Codes CLDR does not list but Finnish services use (ISO 639-3).
EXTRA_LANGUAGES: dict[str, dict[str, str]] = {
    "prs": {"fi": "dari", "sv": "dari", "en": "Dari"},
    "fi-x-plain": {"fi": "selkosuomi", "sv": "lättläst finska", "en": "Plain Finnish"},
}


def _cldr_names(ui_language: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(ui_language).languages)


_NAME_CACHE: dict[str, dict[str, str]] = {}


def names(ui_language: str) -> dict[str, str]:
    """Language names in `ui_language` (fi, sv or en), keyed by code."""
    key = ui_language.split("-")[0] if ui_language in ("fi", "sv", "en") else "en"
    if key not in _NAME_CACHE:
        table = _cldr_names(key)
        for code, translations in EXTRA_LANGUAGES.items():
            table[code] = translations.get(key, translations["en"])
        _NAME_CACHE[key] = table
    return _NAME_CACHE[key]


def is_valid_code(code: str) -> bool:
    """An ISO 639 code CLDR knows (639-1 where it exists), or one of EXTRA_LANGUAGES."""
    return bool(code) and (code in EXTRA_LANGUAGES or code in names("en"))


def name(code: str, ui_language: str = "en") -> str:
    return names(ui_language).get(code, code)


# The languages offered first in pickers: the seeds' client languages and Finland's common ones.
COMMON_CLIENT_LANGUAGES = (
    "ru",
    "ar",
    "uk",
    "fa",
    "prs",
    "so",
    "th",
    "et",
    "en",
    "bn",
    "zh",
    "ku",
    "ckb",
    "ti",
    "vi",
    "tr",
    "sq",
    "fr",
    "es",
    "sw",
    "my",
    "ne",
    "ps",
    "am",
    "tl",
    "pl",
    "ro",
)
