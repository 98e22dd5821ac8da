"""The tray's search is a package of modules named for what they do (issue 13 item 5): the
text analyser reads no database, the index does not query, the queries do not write, and the
package re-exports nothing (every caller imports from the module that holds the name)."""

from __future__ import annotations

import ast
from pathlib import Path

import kotopolku.catalog.search as package

HERE = Path(package.__file__).parent


def _imports(name: str) -> set[str]:
    tree = ast.parse((HERE / f"{name}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_package_holds_the_analyser_the_index_the_statistics_and_the_queries() -> None:
    modules = {p.stem for p in HERE.glob("*.py")} - {"__init__"}
    assert modules == {"analyser", "index", "statistics", "query"}
    assert not (HERE.parent / "search.py").exists()
    assert not (HERE.parent / "analysis.py").exists()


def test_the_package_re_exports_nothing() -> None:
    tree = ast.parse((HERE / "__init__.py").read_text(encoding="utf-8"))
    assert [type(node).__name__ for node in tree.body] == ["Expr"]  # the docstring alone


def test_each_module_keeps_to_its_part() -> None:
    analyser = _imports("analyser")
    assert not {m for m in analyser if m.startswith(("django.db", "kotopolku."))}
    assert "kotopolku.catalog.search.query" not in _imports("index")
    assert "kotopolku.catalog.search.index" not in _imports("query")
    assert "kotopolku.core.bulk" not in _imports("query")
    statistics = _imports("statistics")
    assert not {m for m in statistics if m.startswith("kotopolku.catalog.search")}
