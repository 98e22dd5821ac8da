"""Creating, changing, publishing, archiving and confirming entries of the tray.

Publication (the decision asked for in issue 5): an entry goes public when a coordinator
of its region (or the system: demo data, import) publishes it. When another editor (an NGO
partner, a counsellor) publishes, the entry stays a draft and a pending `ServiceRevision`
with `{"status": "published"}` asks the coordinator; approving it publishes the entry as it
then reads. Later changes to a published entry work the same way: a non-coordinator's
change waits as a revision, a coordinator's applies at once. Drafts and archived entries
change at once (they are not public).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from kotopolku.audit.recorder import record_change
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.actions.common import (
    A,
    NotAllowedError,
    changed_keys,
    close_pending,
    decide,
    index,
    log_service,
    now,
    pending_revision,
    snapshot,
    today,
    write_values,
)
from kotopolku.catalog.actions.validate import clean_service_data, to_json
from kotopolku.catalog.models import Service, ServiceRevision
from kotopolku.core.errors import InvalidError
from kotopolku.orgs.models import Organisation

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

S = Service.Status
SUPERSEDED = "Replaced by a later proposal."
ARCHIVED = "The entry was archived."
RESTORED = "archiving undone"
PUBLISHED_DIRECTLY = "The entry was published by a coordinator of its region."


def lock(service: Service) -> None:
    """Take the entry's row lock for the transaction and read it afresh: two requests for
    the same entry (a double-clicked "Propose the change", two editors) then run one after
    the other, and the second sees the first's pending revision instead of colliding with it
    on the one-pending-revision constraint (a 500)."""
    Service.objects.select_for_update().filter(pk=service.pk).values_list("pk").first()
    service.refresh_from_db()


def _check_external_id(values: Mapping[str, Any], service: Service | None) -> None:
    external = values.get("external_id", service.external_id if service else "")
    if not external:
        return
    source = values.get("source", service.source if service else "")
    clash = Service.objects.filter(source=source, external_id=external)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise InvalidError({"external_id": ["Another entry already has this external id."]})


@transaction.atomic
def do_create_service(
    owner: Organisation,
    data: Mapping[str, Any],
    *,
    acting_user: User | None,
    publish: bool = False,
) -> Service:
    """A new entry of `owner` (a draft; `publish=True` publishes it or asks to)."""
    if not permissions.may_edit_for(acting_user, owner):
        raise NotAllowedError
    if not owner.is_active:
        raise InvalidError({"owner": ["The organisation is not active."]})
    values = clean_service_data(owner, {"name": {}, **data})
    if not values.get("municipality_codes"):
        values["municipality_codes"] = sorted(owner.serves.values_list("code", flat=True))
    _check_external_id(values, None)
    service = Service(
        owner=owner, created_by=acting_user, updated_by=acting_user, reviewed_on=today()
    )
    try:
        with transaction.atomic():
            write_values(service, values)
    except IntegrityError as exc:  # pragma: no cover - guarded by the checks above
        raise InvalidError({"external_id": [str(exc)]}) from exc
    record_change(
        "service",
        service.pk,
        A.CREATE,
        {k: [None, v] for k, v in snapshot(service).items() if v not in (None, "", [], {})},
        actor=acting_user,
    )
    if publish:
        do_publish_service(service, acting_user=acting_user)
    else:
        index(service)
    return service


@transaction.atomic
def do_update_service(
    service: Service, data: Mapping[str, Any], *, acting_user: User | None
) -> Service | ServiceRevision:
    """Change the keys given in `data`. A published entry changed by someone other than a
    coordinator of its region gets a pending revision instead (an earlier pending one is
    merged into it and closed); everything else changes at once."""
    if not permissions.may_edit(acting_user, service):
        raise NotAllowedError
    lock(service)
    values = clean_service_data(service.owner, data, current=service)
    _check_external_id(values, service)
    changed = changed_keys(service, values)
    values = {k: values[k] for k in changed}
    if service.status == S.PUBLISHED and not permissions.coordinates(acting_user, service):
        if not changed:
            return pending_revision(service) or service
        return _propose(acting_user, service, values)
    if not values:
        return service
    before = snapshot(service)
    service.updated_by = acting_user
    write_values(service, values)
    log_service(service, A.UPDATE, before, user=acting_user)
    index(service)
    return service


def _propose(user: User | None, service: Service, values: dict[str, Any]) -> ServiceRevision:
    assert user is not None  # the system never waits: `coordinates` counts it as a coordinator
    earlier = close_pending(service, user=user, reason=SUPERSEDED)
    data = {**earlier, **to_json(values)}
    data.pop("status", None)  # a published entry has nothing to publish
    # keep only what differs from the entry as it reads now
    current = clean_service_data(service.owner, data, current=service)
    keep = set(changed_keys(service, current))
    data = {k: v for k, v in data.items() if k in keep}
    revision = ServiceRevision.objects.create(service=service, data=data, proposed_by=user)
    before = snapshot(service)
    after = {**before, **_comparable_json(current, keep)}
    record_change(
        "service_revision",
        revision.pk,
        A.CREATE,
        {k: [before.get(k), after.get(k)] for k in sorted(keep)},
        reason=f"service {service.pk}",
        actor=user,
    )
    return revision


def _comparable_json(values: Mapping[str, Any], keep: set[str]) -> dict[str, Any]:
    from kotopolku.catalog.actions.common import comparable

    return comparable({k: v for k, v in values.items() if k in keep})


@transaction.atomic
def do_publish_service(service: Service, *, acting_user: User | None) -> Service:
    """Publish a draft or archived entry: at once by a coordinator of its region (or the
    system); otherwise a pending revision asks the coordinator (see the module's note)."""
    if not permissions.may_edit(acting_user, service):
        raise NotAllowedError
    lock(service)
    if service.status == S.PUBLISHED:
        raise InvalidError({"status": ["The entry is already published."]})
    if acting_user is not None and not permissions.coordinates(acting_user, service):
        waiting = pending_revision(service)
        if waiting is not None and waiting.data.get("status") == S.PUBLISHED:
            return service
        close_pending(service, user=acting_user, reason=SUPERSEDED)
        revision = ServiceRevision.objects.create(
            service=service, data={"status": S.PUBLISHED}, proposed_by=acting_user
        )
        record_change(
            "service_revision",
            revision.pk,
            A.CREATE,
            {"status": [service.status, S.PUBLISHED]},
            reason=f"service {service.pk}",
            actor=acting_user,
        )
        return service
    before = snapshot(service)
    set_published(service, acting_user)
    service.save()
    _fulfil_publication_requests(service, acting_user)
    log_service(service, A.UPDATE, before, user=acting_user)
    index(service)
    return service


def _fulfil_publication_requests(service: Service, user: User | None) -> None:
    """A pending request to publish is met when the entry is published directly: it is
    closed as approved (else it would wait on the coordinator's page, and the owner's page
    would still say the publication waits). No other revision can wait on an entry that is
    not published: its changes apply at once, and archiving closes what waited."""
    requests = service.revisions.filter(
        status=ServiceRevision.Status.PENDING, data={"status": S.PUBLISHED}
    )
    for revision in requests:
        decide(revision, ServiceRevision.Status.APPROVED, user=user, reason=PUBLISHED_DIRECTLY)


def set_published(service: Service, user: User | None) -> None:
    service.status = S.PUBLISHED
    service.published_at = now()
    service.published_by = user
    service.updated_by = user


@transaction.atomic
def do_archive_service(service: Service, *, acting_user: User | None) -> Service:
    """Take an entry out of the tray (kept, with its history; it can be published again)."""
    if not permissions.may_edit(acting_user, service):
        raise NotAllowedError
    lock(service)
    if service.status == S.ARCHIVED:
        raise InvalidError({"status": ["The entry is already archived."]})
    before = snapshot(service)
    close_pending(service, user=acting_user, reason=ARCHIVED)
    service.status = S.ARCHIVED
    service.updated_by = acting_user
    service.save()
    log_service(service, A.UPDATE, before, user=acting_user)
    index(service)
    return service


def status_before_archiving(service: Service) -> str | None:
    """The status the entry had before it was last archived, from the change log (None when
    the log has no archiving of it: the retention job has removed it)."""
    return _archiving(service)[0]


def _archiving(service: Service) -> tuple[str | None, bool]:
    """The status before the entry was last archived (as `status_before_archiving`) and
    whether the entry has changed since then (a change-log row with changes after it)."""
    from kotopolku.audit.models import ChangeEvent

    events = ChangeEvent.objects.filter(subject_type="service", subject_id=str(service.pk))
    edited = False
    for event in events.order_by("-event_time", "-id").only("changes").iterator():
        change = (event.changes or {}).get("status")
        if isinstance(change, list) and len(change) == 2 and change[1] == S.ARCHIVED:
            before = change[0]
            return (str(before) if before in (S.DRAFT, S.PUBLISHED) else None), edited
        edited = edited or bool(event.changes)
    return None, edited


@transaction.atomic
def do_restore_service(service: Service, *, acting_user: User | None) -> Service:
    """Undo the archiving: the entry gets back the status it had before (the change log
    says which), or becomes a draft when the log does not say. A published entry comes back
    published: its texts were approved and did not change while archived (an archived
    entry's later edits make it come back as a draft, to be published through approval)."""
    if not permissions.may_edit(acting_user, service):
        raise NotAllowedError
    lock(service)
    if service.status != S.ARCHIVED:
        raise InvalidError({"status": ["Only an archived entry can be restored."]})
    target, edited = _archiving(service)
    if target is None or (target == S.PUBLISHED and edited):
        target = S.DRAFT
    before = snapshot(service)
    service.status = target
    service.updated_by = acting_user
    service.save()
    log_service(service, A.UPDATE, before, user=acting_user, reason=RESTORED)
    index(service)
    return service


@transaction.atomic
def do_mark_reviewed(
    service: Service, *, acting_user: User | None, today: datetime.date | None = None
) -> Service:
    """The owner confirms the entry is still current (the review flag counts from here)."""
    if not permissions.may_edit(acting_user, service):
        raise NotAllowedError
    day = today or _today()
    before = snapshot(service)
    service.reviewed_on = day
    service.updated_by = acting_user
    service.save()
    log_service(service, A.UPDATE, before, user=acting_user, reason="confirmed current")
    index(service)
    return service


def _today() -> datetime.date:
    return today()
