"""Role lists and role checks in kotopolku's source, read with `ast` (issue 13: "every permission
question and role list lives in `access/`").

*Access* is `kotopolku/access/` and the apps' `scopes.py` modules, which `access.registry` lists
(the object rules of the apps above `access`; tests/architecture/test_scope_registry.py). Anywhere
else, these are findings:

* a *role list*: a tuple, list or set display (or `frozenset(...)`/`set(...)`/`tuple(...)` of one)
  that holds a role (`Role.X`, or through the module's alias of `Role`);
* a *role check*: a call of `.has_role(...)`; a comparison (`==`, `!=`, `in`, `not in`) with a role
  or a role list of `access.policy` (`CASEWORK_ROLES` ...) on either side; a role or a role list
  given as `role=`, `role__in=` or `roles=` (a query of memberships by role, or a question to
  `access.scopes` about some roles: both belong with the rule that asks them).

Writing a role is no finding: `role=` given to a model's constructor (`Membership(...)`), to
`.create()` and its kin, or to a `do_*` action (demo and synthetic data create memberships). Nor is
a role that comes from data (`role=spec.role`, a form's choice: a duplicate check asks no
permission question). Migrations are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kotopolku"
# Calls that write a role rather than ask about one (with a model's constructor and `do_*`).
CREATES = frozenset({"create", "get_or_create", "update_or_create", "bulk_create"})


@dataclass(frozen=True)
class Finding:
    path: str  # under kotopolku/
    line: int
    what: str

    def __str__(self) -> str:
        return f"kotopolku/{self.path}:{self.line} {self.what}"


def in_access(rel: str) -> bool:
    parts = rel.split("/")
    return parts[0] == "access" or (len(parts) == 2 and parts[1] == "scopes.py")


def role_lists(root: Path = PACKAGE) -> frozenset[str]:
    """The names of the role lists `access.policy` defines (module-level, upper case)."""
    tree = ast.parse((root / "access" / "policy.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if value is None or isinstance(value, ast.Dict):
                continue
            if any(_is_role(n, ALIASES) for n in ast.walk(value)) or (
                isinstance(value, ast.Name) and value.id in found
            ):
                found |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
    return frozenset(found)


ALIASES = frozenset({"Role", "R"})  # how access.policy names the roles


def role_aliases(tree: ast.Module) -> frozenset[str]:
    """The names a module gives `orgs.models.Role`: `Role`, `import ... Role as X`, `X = Role`."""
    names = {"Role"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {a.asname for a in node.names if a.name == "Role" and a.asname}
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
        ):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return frozenset(names)


def _is_role(node: ast.AST, aliases: frozenset[str]) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and node.attr.isupper()
    )


def _roleish(node: ast.AST, lists: frozenset[str], aliases: frozenset[str]) -> bool:
    if _is_role(node, aliases):
        return True
    if isinstance(node, ast.Name) and node.id in lists:
        return True
    return isinstance(node, ast.Attribute) and node.attr in lists


def _display_with_role(node: ast.AST, aliases: frozenset[str]) -> bool:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(
            _is_role(e.value if isinstance(e, ast.Starred) else e, aliases) for e in node.elts
        )
    return False


def findings_in(path: Path, root: Path, lists: frozenset[str]) -> Iterator[Finding]:
    rel = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    aliases = role_aliases(tree)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if _display_with_role(node, aliases):
            yield Finding(rel, line, "defines a role list")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "has_role":
                yield Finding(rel, line, "checks a role (has_role)")
            writes = name[:1].isupper() or name.startswith("do_") or name in CREATES
            for kw in node.keywords if not writes else ():
                if kw.arg in ("role", "role__in", "roles") and _roleish(kw.value, lists, aliases):
                    yield Finding(rel, line, f"asks about a role or role list ({kw.arg}=)")
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_roleish(s, lists, aliases) for s in sides):
                yield Finding(rel, line, "compares with a role or a role list")


def sources(root: Path = PACKAGE) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "/migrations/" in f"/{rel}" or in_access(rel):
            continue
        yield path


def findings(root: Path = PACKAGE) -> list[Finding]:
    lists = role_lists(root)
    return [f for path in sources(root) for f in findings_in(path, root, lists)]
