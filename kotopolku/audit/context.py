"""The acting context of the current request or command, kept in a context variable.

The access middleware fills it once per request (user, acting role and unit, view, IP);
audit writes read it so that actions need only their `acting_user` argument.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kotopolku.orgs.models import Unit


@dataclass
class ActingContext:
    """Who is acting and where; one per request or management command."""

    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    user: Any = None
    role: str = ""
    unit: Unit | None = None
    view: str = ""
    ip: str | None = None
    pending_reads: list[dict[str, Any]] = field(default_factory=list)
    # the route's access rule says it reads personal data (set by the access policy)
    personal_data: bool = False
    # how many times the request called `recorder.record_read` (an empty list page counts:
    # it looked and showed no one)
    read_calls: int = 0
    # how many change events the request wrote (`recorder.record_change`): the answer to a
    # write shows what its change event holds
    change_calls: int = 0

    @property
    def user_id(self) -> Any:
        return getattr(self.user, "pk", None) if self.user is not None else None

    @property
    def username(self) -> str:
        return str(getattr(self.user, "username", "") or "")


_current: ContextVar[ActingContext | None] = ContextVar("kotopolku_acting", default=None)


def current() -> ActingContext:
    """Return the current context; outside a request, an anonymous system context."""
    ctx = _current.get()
    if ctx is None:
        ctx = ActingContext(view="system")
        _current.set(ctx)
    return ctx


def begin(ctx: ActingContext) -> Any:
    """Make `ctx` current; return the token for `end`."""
    return _current.set(ctx)


def end(token: Any) -> None:
    _current.reset(token)


@contextlib.contextmanager
def acting(**changes: Any) -> Iterator[ActingContext]:
    """Run a block (a command, a test) in a context derived from the current one."""
    ctx = replace(current(), pending_reads=[], **changes)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
