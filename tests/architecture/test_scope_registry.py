"""Every app's object rules are registered in `access.registry`, so that the permission
matrix and a reader find them all from one place (issue 13, item 1)."""

from __future__ import annotations

from kotopolku.access.registry import scope_modules
from tests.architecture import layers


def test_every_scopes_module_is_registered() -> None:
    on_disk = {
        p.parent.name
        for p in layers.PACKAGE.glob("*/scopes.py")
        if (p.parent / "__init__.py").exists()
    }
    registered = {label: module.__name__ for label, module in scope_modules().items()}
    assert set(registered) == on_disk
    for label, name in registered.items():
        assert name == f"kotopolku.{label}.scopes"


def test_access_imports_no_app_above_it() -> None:
    """`access` answers for organisations, units and roles only; the rules about objects of
    the apps above it live in their own scopes modules (no upward import, even in a
    function: the app graph stays a DAG)."""
    above = {app for app, n in layers.LAYER_OF.items() if n > layers.LAYER_OF["access"]}
    found = [s for s in layers.all_sites() if s.source == "access" and s.target in above]
    assert found == []
