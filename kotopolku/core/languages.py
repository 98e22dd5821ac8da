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
