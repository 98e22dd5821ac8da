"""What every casework action shares: the two refusals, the exception a request may carry,
the facts the rules need, and the write of a record with its change row."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q
from django.utils import timezone

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.casework import rules
from kotopolku.clients.actions import exempt_bases
from kotopolku.core.errors import Errors, InvalidError
from kotopolku.orgs.models import Membership

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

__all__ = [
    "A",
    "Errors",
    "InvalidError",
    "RuleException",
    "RuleViolationError",
    "exempt_bases",
]


A = ChangeEvent.Action


class RuleViolationError(ValueError):
    """A rule of law refuses the request. Nothing was written."""

    def __init__(self, violations: Sequence[rules.Violation]) -> None:
        super().__init__("; ".join(v.message for v in violations))
        self.violations = list(violations)

    @property
    def first(self) -> rules.Violation:
        return self.violations[0]

    def fields(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for v in self.violations:
            for name in v.fields:
                found.setdefault(name, []).append(v.message)
        return found


@dataclass(frozen=True)
class RuleException:
    """A documented exception to a rule that allows one: the rule's id and the reason."""

    rule: str
    reason: str


def is_public_official(user: User, day: datetime.date | None = None) -> bool:
    """Did the user hold a public office (virkasuhde) on `day` (today)? Only the membership's
    own dates count: a unit closed later does not undo an interview done while it worked."""
    day = day or timezone.localdate()
    return (
        Membership.objects.filter(user=user, is_public_official=True, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .exists()
    )


def check_dates(errors: Errors, first: str, second: str, values: dict[str, Any]) -> None:
    a, b = values.get(first), values.get(second)
    if a is not None and b is not None and b < a:
        errors.add(second, "This date is before the start date.")


def create_logged(
    record: Model,
    subject_type: str,
    fields: Sequence[str],
    values: Mapping[str, Any],
    *,
    client_id: Any,
    acting_user: User,
) -> None:
    """Set the given `fields` of a new `record` from `values` (those present), save it and
    write its CREATE change row with every field's new value. Call inside the action's
    transaction, after the values were checked."""
    for name in fields:
        if name in values:
            setattr(record, name, values[name])
    record.save()
    record_change(
        subject_type,
        record.pk,
        A.CREATE,
        diff({}, snapshot(record, fields)),
        client_id=client_id,
        actor=acting_user,
    )


def update_logged(
    record: Model,
    subject_type: str,
    fields: Sequence[str],
    merged: Mapping[str, Any],
    *,
    client_id: Any,
    acting_user: User,
) -> dict[str, Any]:
    """Set every one of `fields` of `record` from `merged` (the checked old values with the
    changes); when anything changed, save it and write its UPDATE change row with the old and
    new values. Returns the change ({} when nothing changed: nothing written)."""
    old = snapshot(record, fields)
    for name in fields:
        setattr(record, name, merged[name])
    changed = diff(old, snapshot(record, fields))
    if changed:
        record.save()
        record_change(
            subject_type, record.pk, A.UPDATE, changed, client_id=client_id, actor=acting_user
        )
    return changed
