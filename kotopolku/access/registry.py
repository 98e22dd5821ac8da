"""Where every object-level rule is found: the registry of the apps' `scopes.py` modules.

The policy table (`access.policy`) says who may use a page or an API operation and how far its
objects reach (`Scope`). Which objects those are depends on models that live above `access`
(clients, plans, tray entries, referrals, programmes): each of those apps keeps its object rules
in its own `scopes.py`, which may import `access` but never the other way round, and registers
that module here in its `AppConfig.ready()`. `access.scopes` keeps the rules about
organisations, units and roles themselves. A reader (and the generated matrix,
docs/permissions.md) finds every rule from this list; a test checks that every app's
`scopes.py` is registered.
"""

from __future__ import annotations

from types import ModuleType

_MODULES: dict[str, ModuleType] = {}


def register_scopes(app_label: str, module: ModuleType) -> None:
    """Register an app's object rules (call from its `AppConfig.ready()`)."""
    _MODULES[app_label] = module


def scope_modules() -> dict[str, ModuleType]:
    """The registered modules by app label, `access` itself first."""
    from kotopolku.access import scopes

    return {"access": scopes, **dict(sorted(_MODULES.items()))}
