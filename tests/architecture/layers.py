"""The app layers of kotopolku and the import sites that break them, read from the source with `ast`.

Every `import` and `from ... import` of a module under `kotopolku/` counts, at module level or inside
a function, class or conditional; only imports under `if TYPE_CHECKING:` are left out (they never
run). Migrations are left out (they load models through `apps.get_model`). A module that imports a
higher layer imports *upward*; one that imports another app of its own layer imports *sideways*.
Both are violations; see docs/architecture.md, "Layers".
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kotopolku"

# Lowest first. Apps of one layer may not import each other. DESIGN.md's middle layer
# `audit`/`accounts`/`access` is ordered here as the code needs it: every app writes its log through
# `audit` (so audit sits under orgs), `access` answers questions about orgs' units and memberships,
# and `accounts` (sign-in, user and grant administration) asks `access` like every other app with
# pages. docs/architecture.md, "Layers", has the picture.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("audit",),
    ("orgs",),
    ("access",),
    ("accounts",),
    ("clients",),
    # The domain apps, ordered: a plan's services pick tray entries, a referral is made from a
    # plan's service to a tray entry. Apps still to come take the top domain layer until their
    # own place is decided.
    ("catalog",),
    ("casework",),
    ("referrals", "courses", "programme", "reception"),
    ("insights", "public"),
    ("config",),
    # what runs the demo, the system checks, the benchmarks and the generated matrix: it needs the
    # assembled site (config's URLs and API), so it sits on top.
    ("ops",),
)
LAYER_OF: dict[str, int] = {app: n for n, apps in enumerate(LAYERS) for app in apps}


@dataclass(frozen=True, order=True)
class Site:
    """One import statement of one app's module that names a module of another app."""

    path: str  # relative to kotopolku/, e.g. "core/views.py"
    line: int
    source: str  # the importing app
    target: str  # the imported app
    in_function: bool

    @property
    def kind(self) -> str:
        src, dst = LAYER_OF[self.source], LAYER_OF[self.target]
        return "upward" if dst > src else "sideways" if dst == src else "down"

    @property
    def key(self) -> tuple[str, str]:
        """What the exception list names: the file and the app it imports (lines move)."""
        return (self.path, self.target)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                skip.update(id(n) for n in ast.walk(sub))
    return skip


def _function_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for sub in ast.walk(node):
                if sub is not node:
                    inside.add(id(sub))
    return inside


def _targets(node: ast.Import | ast.ImportFrom, package: list[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package[: len(package) - (node.level - 1)]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    return [module] + [f"{module}.{alias.name}" for alias in node.names]


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "kotopolku" and parts[1] in LAYER_OF:
        return parts[1]
    return None


def sites_in(source: str, path: str) -> Iterator[Site]:
    """Yield the cross-app import sites of one module; `path` is relative to kotopolku/."""
    parts = Path(path).parts
    app = parts[0]
    package = ["kotopolku", *parts[:-1]]
    tree = ast.parse(source, path)
    skip = _type_checking_nodes(tree)
    inside = _function_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        seen: set[str] = set()
        for target in _targets(node, package):
            dst = _app_of(target)
            if dst and dst != app and dst not in seen:
                seen.add(dst)
                yield Site(path, node.lineno, app, dst, id(node) in inside)


def modules(root: Path = PACKAGE) -> Iterable[Path]:
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if "migrations" in rel.parts or len(rel.parts) < 2 or rel.parts[0] not in LAYER_OF:
            continue
        yield path


def all_sites(root: Path = PACKAGE) -> list[Site]:
    found: list[Site] = []
    for path in modules(root):
        rel = path.relative_to(root).as_posix()
        found.extend(sites_in(path.read_text(encoding="utf-8"), rel))
    return sorted(found)


def violations(sites: Iterable[Site]) -> list[Site]:
    return [site for site in sites if site.kind != "down"]


def function_level_imports(root: Path = PACKAGE) -> int:
    """Imports of any kotopolku module (same app or not) inside a function."""
    count = 0
    for path in modules(root):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skip = _type_checking_nodes(tree)
        inside = _function_nodes(tree)
        for node in ast.walk(tree):
            if (
                id(node) in inside
                and id(node) not in skip
                and isinstance(node, (ast.Import, ast.ImportFrom))
                and (
                    getattr(node, "level", 0)
                    or any(t.startswith("kotopolku") for t in _targets(node, ["kotopolku"]))
                )
            ):
                count += 1
    return count


def summary(root: Path = PACKAGE) -> dict[str, int]:
    sites = all_sites(root)
    bad = violations(sites)
    return {
        "upward": sum(s.kind == "upward" for s in bad),
        "sideways": sum(s.kind == "sideways" for s in bad),
        "violations_in_functions": sum(s.in_function for s in bad),
        "cross_app_in_functions": sum(s.in_function for s in sites),
        "function_level_imports": function_level_imports(root),
    }


if __name__ == "__main__":  # python -m tests.architecture.layers
    import json
    import sys

    for site in violations(all_sites()):
        mark = " (in function)" if site.in_function else ""
        sys.stdout.write(f"{site.kind:8} {site.path}:{site.line} -> {site.target}{mark}\n")
    sys.stdout.write(json.dumps(summary()) + "\n")


def problems(sites: Iterable[Site], allowed: dict[tuple[str, str], int]) -> list[str]:
    """What the contract refuses: a violation beyond the allowed count of its (file, app) pair,
    and an allowed pair that no longer occurs as often (the list only shrinks: lower the count)."""
    found: dict[tuple[str, str], list[Site]] = {}
    for site in violations(sites):
        found.setdefault(site.key, []).append(site)
    out = []
    for key, group in sorted(found.items()):
        if len(group) > allowed.get(key, 0):
            where = ", ".join(
                f"{s.path}:{s.line}{' (inside a function)' if s.in_function else ''}" for s in group
            )
            out.append(f"new {group[0].kind} import of {key[1]} from {key[0]}: {where}")
    for key, count in sorted(allowed.items()):
        if len(found.get(key, [])) < count:
            out.append(
                f"{key[0]} -> {key[1]} is listed {count} time(s) but occurs {len(found.get(key, []))}: "
                "lower or remove its entry in tests/architecture/test_layers.py"
            )
    return out
