"""Language codes (ISO 639-1 where it exists, ISO 639-3 otherwise), their names, script
direction, and the order of the language pickers (data/languages.toml)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kotopolku.core import datafile

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


PICKER_FILE = Path(__file__).resolve().parent / "data" / "languages.toml"
UI_LANGUAGES = ("fi", "sv", "en")
# ISO 639-2 reserves qaa-qtz for local use: never a language to offer.
_LOCAL_USE = re.compile(r"^q[a-t][a-z]$")


@dataclass(frozen=True)
class PickerOrder:
    """What data/languages.toml says: the languages of Finland first, then the largest
    language groups by speakers, names CLDR lacks, and the codes never offered."""

    national: tuple[str, ...]
    sign: tuple[str, ...]
    by_speakers: tuple[str, ...]
    names: dict[str, dict[str, str]]
    excluded: frozenset[str]
    source: str


@functools.cache
def picker_order(path: Path = PICKER_FILE) -> PickerOrder:
    data = datafile.read_toml(path)
    where = datafile.Where(path)
    datafile.check_keys(where, data, required=("finland", "names", "excluded"), allowed=())
    finland, names_table, excluded = data["finland"], data["names"], data["excluded"]
    at = where.at("[finland]")
    datafile.check_keys(
        at, finland, required=("national", "sign", "source", "by_speakers", "then"), allowed=()
    )
    # checked here, not with datafile.translations: that asks is_valid_code, which reads names()
    extra_names: dict[str, dict[str, str]] = {}
    for code, value in names_table.items():
        if not isinstance(value, dict) or set(value) != set(UI_LANGUAGES):
            raise where.at("[names]").error(code, "needs a name in fi, sv and en")
        if not all(isinstance(text, str) and text.strip() for text in value.values()):
            raise where.at("[names]").error(code, "expected non-empty names")
        extra_names[code] = dict(value)

    cldr = _cldr_names("en")

    def known(code: str) -> bool:
        return code in extra_names or code in EXTRA_LANGUAGES or code in cldr

    ex = where.at("[excluded]")
    skipped: set[str] = set()
    for key in excluded:
        if key != "source":
            skipped.update(datafile.string_list(ex, excluded, key))
    order = PickerOrder(
        national=datafile.string_list(at, finland, "national", known),
        sign=datafile.string_list(at, finland, "sign", known),
        by_speakers=tuple(
            dict.fromkeys(
                datafile.string_list(at, finland, "by_speakers", known)
                + datafile.string_list(at, finland, "then", known)
            )
        ),
        names=extra_names,
        excluded=frozenset(skipped),
        source=datafile.string(at, finland, "source"),
    )
    first = {*order.national, *order.sign, *order.by_speakers}
    if first & order.excluded:
        raise at.error(
            "", f"an excluded code is offered first: {sorted(first & order.excluded)[0]}"
        )
    return order


def offered(code: str) -> bool:
    """Whether a picker offers the code (a code it does not offer may still be stored)."""
    return (
        is_valid_code(code)
        and code not in picker_order().excluded
        and not _LOCAL_USE.match(code)
        and "_" not in code
    )


def sort_key(text: str, ui_language: str) -> tuple[str, ...]:
    """Alphabetical order in the UI language: accents ignored, and in Finnish and Swedish
    å, ä and ö after z (as the alphabets have them)."""
    nordic = ui_language in ("fi", "sv")
    key: list[str] = []
    for char in text.casefold():
        if nordic and char in "åäö":
            key.append("z" + str("åäö".index(char) + 1))
        else:
            key.append(unicodedata.normalize("NFD", char)[0])
    return tuple(key)


@dataclass(frozen=True)
class PickerGroups:
    """The three parts of a language picker, each a list of (code, name in the UI language)."""

    finland: list[tuple[str, str]]  # Finnish, Swedish, the Sámi languages, the sign languages
    by_speakers: list[tuple[str, str]]  # the largest language groups in Finland, in order
    rest: list[tuple[str, str]]  # every other offered language, alphabetical


def picker_groups(ui_language: str, *, plain_finnish: bool = False) -> PickerGroups:
    """The language picker's groups in `ui_language`. Each code and each name appears once
    (CLDR's regional variants and a second code with the same name are left out). Plain
    Finnish (selkosuomi) is offered where `plain_finnish` (a language of service, not a
    mother tongue)."""
    order = picker_order()
    table = names(ui_language)
    seen_codes: set[str] = set()
    seen_names: set[str] = set()

    def take(codes: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
        out = []
        for code in codes:
            label = table.get(code, code)
            if code in seen_codes or label.casefold() in seen_names:
                continue
            seen_codes.add(code)
            seen_names.add(label.casefold())
            out.append((code, label))
        return out

    finland = take([*order.national, *order.sign])
    if plain_finnish:
        finland[1:1] = take(["fi-x-plain"])
    by_speakers = take(order.by_speakers)
    candidates = sorted(
        (
            code
            for code in table
            if offered(code) and code != "fi-x-plain" and code not in seen_codes
        ),
        # two-letter codes first, so a name both codes share keeps the ISO 639-1 one
        key=lambda code: (len(code), code),
    )
    rest = sorted(take(candidates), key=lambda item: sort_key(item[1], ui_language))
    return PickerGroups(finland=finland, by_speakers=by_speakers, rest=rest)


def _cldr_names(ui_language: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(ui_language).languages)


_NAME_CACHE: dict[str, dict[str, str]] = {}


def names(ui_language: str) -> dict[str, str]:
    """Language names in `ui_language` (fi, sv or en), keyed by code."""
    key = ui_language.split("-")[0] if ui_language in ("fi", "sv", "en") else "en"
    if key not in _NAME_CACHE:
        table = _cldr_names(key)
        for code, translations in {**EXTRA_LANGUAGES, **picker_order().names}.items():
            table[code] = translations.get(key, translations["en"])
        _NAME_CACHE[key] = table
    return _NAME_CACHE[key]


def is_valid_code(code: str) -> bool:
    """An ISO 639 code CLDR knows (639-1 where it exists), one of EXTRA_LANGUAGES or one
    named in data/languages.toml (the sign languages of Finland). Codes the pickers leave
    out stay valid: data stored with them is not broken."""
    return bool(code) and (code in EXTRA_LANGUAGES or code in names("en"))


def name(code: str, ui_language: str = "en") -> str:
    return names(ui_language).get(code, code)


# The seeds' client languages and Finland's common ones: the languages of service offered by
# the client form (the language pickers' order is in data/languages.toml).
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
