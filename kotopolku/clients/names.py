"""A deterministic generator of synthetic client names, per language group.

The names are data: `data/names.toml`, one table per language code with `female`, `male` and
`family` lists (common names of each language, written in the Latin transliteration Finnish
registers use; combined at random they name nobody in particular). The file is checked when
first read: an unknown language code or key, a missing list, an empty or repeated name raises
`NameDataError` naming the file, the language and the field.
"""

from __future__ import annotations

import functools
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NAMES_FILE = Path(__file__).resolve().parent / "data" / "names.toml"
FALLBACK = "en"
_KEYS = ("female", "male", "family")


class NameDataError(ValueError):
    """A names file that cannot be used; the message names the file, language and field."""


@dataclass(frozen=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]


def _names(path: Path, language: str, key: str, value: Any) -> tuple[str, ...]:
    where = f"{path.name}: [{language}]: field {key!r}"
    if not isinstance(value, list) or not value:
        raise NameDataError(f"{where}: expected a non-empty list of names")
    for name in value:
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise NameDataError(f"{where}: {name!r} is not a name")
    twice = sorted({n for n in value if value.count(n) > 1})
    if twice:
        raise NameDataError(f"{where}: {twice[0]!r} appears twice")
    return tuple(value)


def read_pools(path: Path) -> dict[str, NamePool]:
    """The name pools of a names file, checked."""
    from kotopolku.core.languages import is_valid_code

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise NameDataError(f"{path.name}: not valid TOML: {error}") from None
    pools: dict[str, NamePool] = {}
    for language, table in data.items():
        if not is_valid_code(language):
            raise NameDataError(f"{path.name}: [{language}]: unknown language code")
        if not isinstance(table, dict):
            raise NameDataError(f"{path.name}: [{language}]: expected a table")
        unknown = sorted(set(table) - set(_KEYS))
        if unknown:
            raise NameDataError(
                f"{path.name}: [{language}]: field {unknown[0]!r}: unknown key "
                f"(allowed: {', '.join(_KEYS)})"
            )
        for key in _KEYS:
            if key not in table:
                raise NameDataError(f"{path.name}: [{language}]: field {key!r}: missing")
        pools[language] = NamePool(*(_names(path, language, k, table[k]) for k in _KEYS))
    if FALLBACK not in pools:
        raise NameDataError(f"{path.name}: [{FALLBACK}]: missing (the fallback language)")
    return pools


@functools.cache
def pools() -> dict[str, NamePool]:
    """The name pools by language code, from `data/names.toml`."""
    return read_pools(NAMES_FILE)


def pick_name(rng: random.Random, language: str, *, female: bool) -> tuple[str, str]:
    """(first names, last name) for a person of `language`; English names as the fallback."""
    table = pools()
    pool = table.get(language, table[FALLBACK])
    first = rng.choice(pool.female if female else pool.male)
    if rng.random() < 0.3:
        second = rng.choice(pool.female if female else pool.male)
        if second != first:
            first = f"{first} {second}"
    return first, rng.choice(pool.family)
