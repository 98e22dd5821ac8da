"""The coordinator's decision on a proposed change (or publication) of an entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from kotopolku.access import catalog as permissions
from kotopolku.audit.recorder import record_change
from kotopolku.casework.actions.common import InvalidError
from kotopolku.catalog.actions.common import (
    A,
    NotAllowedError,
    index,
    log_service,
    now,
    snapshot,
    today,
    write_values,
)
from kotopolku.catalog.actions.services import set_published
from kotopolku.catalog.actions.validate import clean_service_data
from kotopolku.catalog.models import Service, ServiceRevision

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

R = ServiceRevision.Status


@transaction.atomic
def decide_revision(
    user: User | None, revision: ServiceRevision, *, approve: bool, reason: str = ""
) -> ServiceRevision:
    """Approve (apply the proposed values; publish when asked) or reject (with a reason)."""
    service = (
        Service.objects.select_for_update().select_related("owner").get(pk=revision.service_id)
    )
    revision = ServiceRevision.objects.select_for_update().get(pk=revision.pk)
    if not permissions.may_approve(user, service):
        raise NotAllowedError
    if revision.status != R.PENDING:
        raise InvalidError({"status": ["The change has already been decided."]})
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidError({"reason": ["Say why the change is rejected."]})
    if len(reason) > 500:
        raise InvalidError({"reason": ["At most 500 characters."]})
    if approve:
        data = dict(revision.data)
        publish = data.pop("status", None) == Service.Status.PUBLISHED
        values = clean_service_data(service.owner, data, current=service)
        before = snapshot(service)
        if publish and service.status != Service.Status.PUBLISHED:
            set_published(service, user)
        service.updated_by = revision.proposed_by
        service.reviewed_on = today()
        write_values(service, values)
        log_service(
            service,
            A.UPDATE,
            before,
            user=user,
            reason=f"approved change {revision.pk}" + (f": {reason}" if reason else ""),
        )
    revision.status = R.APPROVED if approve else R.REJECTED
    revision.decided_by = user
    revision.decided_at = now()
    revision.reason = reason
    revision.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record_change(
        "service_revision",
        revision.pk,
        A.UPDATE,
        {"status": [R.PENDING.value, revision.status], "reason": ["", reason]},
        reason=reason,
        actor=user,
    )
    if approve:
        index(service)
    return revision
