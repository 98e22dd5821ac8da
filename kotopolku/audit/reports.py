"""How the log reports show a change: who, when, which record, which fields and why; the old
and new values only where the viewer may read that record on the client's own pages.

Audit does not decide who may read what: `kotopolku.access` registers its rule here
(`register_value_rule`, in ClientsConfig.ready). Without a registered rule no values are
shown (fail closed). A report that does show values logs that read of the clients' data,
with its purpose, so an auditor's (or anyone's) look at change values is itself in the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.recorder import record_read

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

ValueRule = Callable[[Any, list[Any]], set[Any]]
_rule: list[ValueRule] = []


def register_value_rule(rule: ValueRule) -> None:
    """Set the rule that says which change events' values a user may see (one rule)."""
    _rule[:] = [rule]


@dataclass(frozen=True)
class ShownValue:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ShownChange:
    """A change event as a report shows it: its field names always, values when allowed."""

    fields: list[str]
    values: list[ShownValue] | None

    @property
    def as_api(self) -> dict[str, list[Any]] | None:
        if self.values is None:
            return None
        return {v.field: [v.old or None, v.new or None] for v in self.values}


def display(value: Any) -> str:
    """One value as text: a masked identifier as its visible part, lists joined."""
    if value is None:
        return ""
    if isinstance(value, dict) and "masked" in value:
        return str(value["masked"])
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    if isinstance(value, dict):  # texts per language and other records: "fi: …; sv: …"
        return "; ".join(f"{k}: {display(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def show_changes(user: User, events: Iterable[ChangeEvent], *, purpose: str) -> list[ChangeEvent]:
    """Attach `shown` (a ShownChange) to every event; log a read of each client whose change
    values are shown, with `purpose`."""
    rows = list(events)
    readable = _rule[0](user, rows) if _rule else set()
    shown_clients: list[Any] = []
    for event in rows:
        changes = event.changes or {}
        values = None
        if event.pk in readable:
            values = [
                ShownValue(name, display(pair[0]), display(pair[1]))
                for name, pair in sorted(changes.items())
                if isinstance(pair, list | tuple) and len(pair) == 2
            ]
            if changes and event.client_id is not None:
                shown_clients.append(event.client_id)
        event.shown = ShownChange(sorted(changes), values)  # type: ignore[attr-defined]
    if shown_clients:
        unique = list(dict.fromkeys(shown_clients))
        record_read("client", unique, kind=AccessEvent.Kind.VIEW, purpose=purpose)
    return rows


def shown_of(event: ChangeEvent) -> ShownChange:
    """The ShownChange `show_changes` attached to `event`."""
    shown: ShownChange = event.shown  # type: ignore[attr-defined]
    return shown


# The auditor's start page shows the account events an account takeover would leave (role
# grants, changed e-mail addresses) at the top; accounts registers the summary (audit does not
# read accounts' tables).
SecuritySummary = Callable[[Any], "dict[str, Any] | None"]
_security: list[SecuritySummary] = []


def register_security_summary(summary: SecuritySummary) -> None:
    _security[:] = [summary]


def security_summary(user: Any) -> dict[str, Any] | None:
    return _security[0](user) if _security else None
