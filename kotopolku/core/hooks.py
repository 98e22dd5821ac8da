"""Extension points: a lower app declares a hook, a higher app registers its handler in its
`AppConfig.ready()` (docs/architecture.md, "Extension points"). The lower app calls the hook and
never imports the higher one; the hook lists who answers, so a reader finds every handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    """A named list of handlers, called in the order they were registered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[P, R]] = []

    def register(self, handler: Callable[P, R]) -> Callable[P, R]:
        """Add a handler once (a second `ready()` of the same app adds nothing)."""
        if handler not in self._handlers:
            self._handlers.append(handler)
        return handler

    @property
    def handlers(self) -> tuple[Callable[P, R], ...]:
        return tuple(self._handlers)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        return [handler(*args, **kwargs) for handler in self._handlers]

    def __repr__(self) -> str:
        names = ", ".join(f"{h.__module__}.{h.__qualname__}" for h in self._handlers)
        return f"<Hook {self.name}: {names}>"
