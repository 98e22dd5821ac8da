"""What a line of text typed by a person may contain: one rule for the forms and the API.

Refused: control characters (NUL, escape, ...), format characters that hide or reorder text
(zero-width space, word joiner, byte-order mark, the bidirectional overrides and isolates),
unassigned code points, surrogates, private-use characters, and text with nothing visible
in it at all. The zero-width non-joiner and joiner (U+200C, U+200D) stay allowed: Persian,
Kurdish and the Indic scripts need them inside words.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})
_INVISIBLE_CATEGORIES = _REFUSED_CATEGORIES | {"Zs", "Zl", "Zp", "Mn", "Me"}


def text_error(value: str, *, multiline: bool = False) -> str | None:
    """A message naming what is wrong with `value`, or None when it may be stored."""
    for char in value:
        if multiline and char in "\n\r\t":
            continue
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES and char not in ALLOWED_FORMAT:
            return _("The text contains an invisible or control character (U+%(code)04X).") % {
                "code": ord(char)
            }
    if value and all(unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in value):
        return _("The text has no visible characters.")
    return None
