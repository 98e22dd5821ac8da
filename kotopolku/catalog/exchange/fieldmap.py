"""Every source field of every format, and where it goes: the one field map.

Each format lists its fields as `Field(path, target, kind, note)`. `path` is the field's
place in a record (`fi.channels[].information`; `{lang}` stands for each language block of a
multilingual record, `[]` for every item of an array); a path also covers everything under
it. `target` is what Kotopolku keeps it as, or None when it is dropped, with the reason in
`note`. `kind` is the JSON type the field must have (checked while the record is walked).

The map is used three ways: `Walk` walks each imported record, checks the types of the mapped
fields (the problem names the field's path in the record) and counts the fields present that
are dropped or that the map does not know (the per-field report of every import), and
`markdown()` writes the tables of docs/catalog-import.md (`kotopolku catalog fieldmap`; a
test fails when the document and the map differ).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KINDS = {
    "text": (str,),
    "id": (str, int),
    "number": (int, float, str),  # a CSV cell is text: the readers parse it
    "bool": (bool,),
    "object": (dict,),
    "array": (list,),
    "texts": (list,),  # an array of strings
    "any": (object,),
}
KIND_NAMES = {
    "text": "text",
    "id": "a string or an integer",
    "number": "a number",
    "bool": "true or false",
    "object": "an object",
    "array": "an array",
    "texts": "an array of strings",
    "any": "any value",
}


@dataclass(frozen=True)
class Field:
    path: str
    target: str | None  # None: dropped (see note)
    kind: str = "any"
    note: str = ""


@dataclass
class FieldMap:
    format: str
    title: str
    fields: tuple[Field, ...]
    language_blocks: tuple[str, ...] = ()  # top-level keys written as {lang} in paths
    by_path: dict[str, Field] = field(init=False)

    def __post_init__(self) -> None:
        self.by_path = {f.path: f for f in self.fields}
        self._covering: dict[str, Field | None] = {}

    def covering(self, path: str) -> Field | None:
        """The declared field for `path`: its own entry or the nearest ancestor's."""
        try:
            return self._covering[path]
        except KeyError:
            pass
        found, part = None, path
        while True:
            found = self.by_path.get(part)
            if found is not None:
                break
            cut = max(part.rfind("."), part.rfind("[]"))
            if cut <= 0:
                break
            part = part[:cut]
        if len(self._covering) < 10_000:  # the paths of a format are few; unknown keys bounded
            self._covering[path] = found
        return found


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class Walk:
    """The type problems and the dropped fields of one record."""

    def __init__(self, fieldmap: FieldMap) -> None:
        self.map = fieldmap
        self.problems: list[tuple[str, str]] = []
        self.dropped: set[str] = set()  # declared paths (or unknown paths) dropped

    def record(self, record: Any) -> Walk:
        if isinstance(record, dict):
            for key, value in record.items():
                name = "{lang}" if key in self.map.language_blocks else str(key)
                self._node(value, name, (str(key),))
        return self

    def _node(self, value: Any, path: str, at: tuple[Any, ...]) -> None:
        declared = self.map.covering(path)
        if declared is None:
            if not _empty(value):
                self.dropped.add(path)
            return
        checked = declared.target is not None and declared.kind != "any"
        if declared.path == path and not _empty(value) and checked:
            if not isinstance(value, KINDS[declared.kind]) or (
                declared.kind != "bool" and isinstance(value, bool)
            ):
                self.problems.append(
                    (_where(at), f"Expected {KIND_NAMES[declared.kind]}, got {_type(value)}.")
                )
                return
            items: list[Any] = value if isinstance(value, list) else []
            if declared.kind == "texts" and not all(isinstance(v, str) for v in items):
                self.problems.append((_where(at), "Expected an array of strings."))
                return
        if declared.target is None:
            if not _empty(value):
                self.dropped.add(declared.path)
            return
        if isinstance(value, dict):
            for key, item in value.items():
                self._node(item, f"{path}.{key}", (*at, key))
        elif isinstance(value, list) and declared.kind != "texts":
            inner = f"{path}[]"
            for i, item in enumerate(value):
                if isinstance(item, dict | list) or not _empty(item):
                    self._node(item, inner, (*at, i))


def _where(at: tuple[Any, ...]) -> str:
    """The path of a value in the record, as the messages name it: fi.channels[2].name."""
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the text “{value[:40]}”"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


@dataclass
class DroppedReport:
    """Per field: in how many records the field had a value that was not imported."""

    counts: Counter[str] = field(default_factory=Counter)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, fieldmap: FieldMap, paths: set[str]) -> None:
        for path in paths:
            self.counts[path] += 1
            if path not in self.notes:
                declared = fieldmap.by_path.get(path)
                self.notes[path] = declared.note if declared else "not in the field map"

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {
            path: {"records": n, "why": self.notes.get(path, "")}
            for path, n in sorted(self.counts.items())
        }

    def lines(self) -> list[str]:
        return [
            f"dropped {path}: in {n} record(s) ({self.notes.get(path, '')})"
            for path, n in sorted(self.counts.items())
        ]


def markdown(fieldmap: FieldMap) -> str:
    rows = [
        f"#### {fieldmap.title}",
        "",
        "| source field | type | goes to | note |",
        "|---|---|---|---|",
    ]
    for f in fieldmap.fields:
        target = f"`{f.target}`" if f.target else "**dropped**"
        note = f.note.replace("|", "\\|")
        rows.append(f"| `{f.path}` | {KIND_NAMES[f.kind]} | {target} | {note} |")
    return "\n".join(rows) + "\n"


BEGIN = "<!-- fieldmap:begin (generated by `kotopolku catalog fieldmap --write`) -->"
END = "<!-- fieldmap:end -->"


def all_markdown() -> str:
    from kotopolku.catalog.exchange.fields import MAPS

    return "\n".join(markdown(m) for m in MAPS.values())


def document(text: str) -> str:
    """`text` (docs/catalog-import.md) with the generated tables between the markers."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n\n{all_markdown()}\n{END}{tail}"
