"""The coordinator's decision on a proposed change (or publication) of an entry.

An approval applies to the entry as the coordinator saw it: the decision page carries the
entry's `fingerprint` (`seen`), and an approval is refused when the entry has changed since
(an owner may change a draft, or another coordinator the entry, while a publication or a
change waits; approving would otherwise publish or overwrite what nobody checked).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.db import transaction

from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.actions.common import (
    A,
    NotAllowedError,
    decide,
    index,
    log_service,
    snapshot,
    today,
    write_values,
)
from kotopolku.catalog.actions.services import set_published
from kotopolku.catalog.actions.validate import clean_service_data
from kotopolku.catalog.models import Service, ServiceRevision
from kotopolku.core.errors import InvalidError

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

R = ServiceRevision.Status
STALE = "The entry has changed since you opened this page. Check the change again and decide."


def fingerprint(service: Service) -> str:
    """A digest of the entry's content (fields, times, places, status; not the review day)."""
    values = snapshot(service)
    values.pop("reviewed_on", None)
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@transaction.atomic
def do_decide_revision(
    revision: ServiceRevision,
    *,
    acting_user: User | None,
    approve: bool,
    reason: str = "",
    seen: str | None = None,
) -> ServiceRevision:
    """Approve (apply the proposed values; publish when asked) or reject (with a reason).

    `seen` is the entry's `fingerprint` when the decider looked at it (the pages always
    give it); an approval of an entry that has changed since is refused."""
    service = (
        Service.objects.select_for_update().select_related("owner").get(pk=revision.service_id)
    )
    revision = ServiceRevision.objects.select_for_update().get(pk=revision.pk)
    if not permissions.may_approve(acting_user, service):
        raise NotAllowedError
    if revision.status != R.PENDING:
        raise InvalidError({"status": ["The change has already been decided."]})
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidError({"reason": ["Say why the change is rejected."]})
    if len(reason) > 500:
        raise InvalidError({"reason": ["At most 500 characters."]})
    if approve and seen is not None and seen != fingerprint(service):
        raise InvalidError({"seen": [STALE]})
    if approve:
        data = dict(revision.data)
        publish = data.pop("status", None) == Service.Status.PUBLISHED
        values = clean_service_data(service.owner, data, current=service)
        before = snapshot(service)
        if publish and service.status != Service.Status.PUBLISHED:
            set_published(service, acting_user)
        service.updated_by = revision.proposed_by
        service.reviewed_on = today()
        write_values(service, values)
        log_service(
            service,
            A.UPDATE,
            before,
            user=acting_user,
            reason=f"approved change {revision.pk}" + (f": {reason}" if reason else ""),
        )
    decide(revision, R.APPROVED if approve else R.REJECTED, user=acting_user, reason=reason)
    if approve:
        index(service)
    return revision
