"""Comparing the texts of an entry: a word-level diff for the coordinator's approval, and the
translations left behind when an editor changes one language's text of a field.

Both work on the translated values of `catalog.models.TEXT_FIELDS` (`{language: text}`).
The word-level diff is `core.textdiff.words` (shared with the programme)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def texts_of(value: Any) -> dict[str, str]:
    """A translated value as {language: text}, empty texts dropped."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if v not in (None, "")}


@dataclass(frozen=True)
class StaleTranslation:
    """A field whose text changed in `changed` languages while the texts in `unchanged`
    (which existed before and still do) stayed as they were."""

    field: str
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]


def stale_translations(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: Iterable[str]
) -> list[StaleTranslation]:
    """The `fields` whose text changed in some language and not in another language that has
    a text both before and after. A translation added or removed is not a change of an
    existing text; a field with a text in only one language has nothing to warn about."""
    found = []
    for field in fields:
        old, new = texts_of(before.get(field)), texts_of(after.get(field))
        both = [lang for lang in old if lang in new]
        changed = tuple(lang for lang in both if old[lang].strip() != new[lang].strip())
        unchanged = tuple(lang for lang in both if lang not in changed)
        if changed and unchanged:
            found.append(StaleTranslation(field, changed, unchanged))
    return found
