"""The state-changing functions of kotopolku's actions modules, read from the source with `ast`.

An actions module is `kotopolku/<app>/actions.py` or `kotopolku/<app>/actions/*.py`. Its
module-level functions are sorted in two kinds:

* a function *changes state* when it is decorated with `transaction.atomic`, or its body calls a
  write of the ORM or the change log (`.save()`, `.delete()`, `.create()`, `.bulk_create()`,
  `.bulk_update()`, `.get_or_create()`, `.update_or_create()`, `.update()` on a query set,
  `record_change()`), or calls a function that changes state: any `do_*` function, or a function of
  the same app's actions that changes state (followed to a fixed point, by name);
* every other function is a *read-only helper* (a lookup, a check, a computation) and is free in its
  name and signature.

A public state-changing function (no leading underscore) must be an action:
`do_<verb>_<noun>(..., *, acting_user)` with `acting_user` keyword-only. A public `do_*` function
must take the keyword-only `acting_user` too. A building block that writes but is only called by the
app's own actions takes a leading underscore, or, when other modules of the app share it, an entry
with its reason in `tests/architecture/test_actions.py`, `ALLOWED`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kotopolku"

# Methods whose call is a write (the ORM's or a related manager's).
WRITE_METHODS = frozenset(
    {
        "save",
        "delete",
        "create",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)
# Functions whose call is a write wherever they come from.
WRITE_FUNCTIONS = frozenset({"record_change"})


@dataclass(frozen=True)
class Function:
    module: str  # path under kotopolku/, e.g. "catalog/actions/services.py"
    app: str
    name: str
    line: int
    atomic: bool
    keyword_only: tuple[str, ...]
    writes_directly: bool
    calls: frozenset[str]

    @property
    def key(self) -> str:
        return f"{self.module}:{self.name}"


def action_modules(root: Path = PACKAGE) -> list[Path]:
    found = sorted(root.glob("*/actions.py")) + sorted(root.glob("*/actions/*.py"))
    return sorted(found)


def _is_atomic(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr == "atomic"
    return isinstance(target, ast.Name) and target.id == "atomic"


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _is_write(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in WRITE_FUNCTIONS
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in WRITE_METHODS or func.attr in WRITE_FUNCTIONS:
        return True
    # `.update()` on a query set (`X.objects.filter(...).update(...)`), not `a_dict.update(...)`.
    return func.attr == "update" and isinstance(func.value, ast.Call)


def functions(path: Path, root: Path = PACKAGE) -> Iterator[Function]:
    rel = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
        yield Function(
            module=rel,
            app=rel.split("/", 1)[0],
            name=node.name,
            line=node.lineno,
            atomic=any(_is_atomic(d) for d in node.decorator_list),
            keyword_only=tuple(a.arg for a in node.args.kwonlyargs),
            writes_directly=any(_is_write(c) for c in calls),
            calls=frozenset(n for c in calls if (n := _called_name(c)) is not None),
        )


def all_functions(root: Path = PACKAGE) -> list[Function]:
    return [f for path in action_modules(root) for f in functions(path, root)]


def state_changing(found: list[Function]) -> set[str]:
    """The keys of the functions that change state (see the module's note)."""
    writing = {f.key for f in found if f.atomic or f.writes_directly}
    changed = True
    while changed:
        changed = False
        names_by_app: dict[str, set[str]] = {}
        for f in found:
            if f.key in writing:
                names_by_app.setdefault(f.app, set()).add(f.name)
        for f in found:
            if f.key in writing:
                continue
            if any(n.startswith("do_") for n in f.calls) or f.calls & names_by_app.get(
                f.app, set()
            ):
                writing.add(f.key)
                changed = True
    return writing


def problems(found: list[Function], allowed: dict[str, str]) -> list[str]:
    """What breaks the contract, one line each; `allowed` maps `module:name` to its reason."""
    writing = state_changing(found)
    out: list[str] = []
    for f in found:
        if f.name.startswith("_") or f.key in allowed:
            continue
        where = f"kotopolku/{f.module}:{f.line} {f.name}"
        if f.key in writing and not f.name.startswith("do_"):
            out.append(f"{where} changes state but is not named do_<verb>_<noun>")
        if (f.key in writing or f.name.startswith("do_")) and "acting_user" not in f.keyword_only:
            out.append(f"{where} does not take a keyword-only acting_user")
    keys = {f.key for f in found}
    out += [
        f"{key} is in ALLOWED but is no public function of an actions module any more: remove it"
        for key in sorted(set(allowed) - keys)
    ]
    return out
