"""The word-level difference of two texts: the programme's version diff and the coordinator's
approval of a tray entry's texts. Plain chunks; templates write them (so every text is escaped
there)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Chunk:
    """A run of text that is kept (`equal`), deleted (`delete`) or inserted (`insert`)."""

    op: str
    text: str


def words(old: str, new: str) -> list[Chunk]:
    """`old` turned into `new` word by word (white space kept as its own tokens); a changed
    run reads as its old words struck out, then the new words."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    chunks: list[Chunk] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if chunks and chunks[-1].op == op:
            chunks[-1] = Chunk(op, chunks[-1].text + text)
        else:
            chunks.append(Chunk(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("equal", "".join(a[i1:i2]))
        else:
            push("delete", "".join(a[i1:i2]))
            push("insert", "".join(b[j1:j2]))
    return chunks
