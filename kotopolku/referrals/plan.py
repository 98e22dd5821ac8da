"""A plan's services and their referrals, as casework asks through its hooks
(`casework.hooks`): the status each service's row shows, the link of a new row to an open
referral, and the step that adds a tray entry to the plan and refers the client at once.
docs/casework.md, "A plan's services and referrals"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

from kotopolku.audit.recorder import record_read
from kotopolku.casework.hooks import ServiceReferral
from kotopolku.catalog.models import Service
from kotopolku.referrals.actions import link_new_plan_row as link_new_plan_row
from kotopolku.referrals.models import Referral, ReferralEvent
from kotopolku.referrals.scopes import visible_referrals

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.casework.models import Plan, PlannedService

S = Referral.Status
# The closing answers whose note the plan's row shows (why the provider declined, ...).
NOTED = frozenset({S.DECLINED, S.NO_SHOW, S.CANCELLED})


def service_referrals(
    user: User, services: Sequence[PlannedService]
) -> dict[uuid.UUID, ServiceReferral]:
    """Each service's latest referral among those the user sees (`referrals.scopes`; a
    reader of the plan who may not see the referral gets none), logged as read with the
    client (`casework.hooks.service_referrals`)."""
    ids = [s.pk for s in services]
    latest: dict[uuid.UUID, Referral] = {}
    for referral in (
        visible_referrals(user)
        .filter(planned_service_id__in=ids)
        .order_by("planned_service_id", "-created_at", "-id")
    ):
        assert referral.planned_service_id is not None
        latest.setdefault(referral.planned_service_id, referral)
    if latest:
        record_read(
            "referral",
            [r.pk for r in latest.values()],
            client_ids=[r.client_id for r in latest.values()],
            purpose="plan",
        )
    notes: dict[uuid.UUID, str] = {}
    closed = {r.pk: r for r in latest.values() if r.status in NOTED}
    if closed:
        # the note of the step that closed the referral (the last step of its status)
        for event in ReferralEvent.objects.filter(referral_id__in=closed).order_by("at"):
            if event.status == closed[event.referral_id].status:
                notes[event.referral_id] = event.note
    return {
        row_id: ServiceReferral(
            id=r.pk,
            status=r.status,
            label=str(S(r.status).label),
            note=notes.get(r.pk, ""),
            url=reverse("referrals:detail", args=[r.pk]),
            is_open=r.is_open,
        )
        for row_id, r in latest.items()
    }


def takes_referrals(entry: Service) -> bool:
    """A published entry whose provider is active receives referrals (`do_create_referral`)."""
    return entry.status == Service.Status.PUBLISHED and entry.owner.is_active


def refer_step(client_id: uuid.UUID, plan: Plan, entry: Service) -> str:
    """The step that adds the entry to the plan and offers to refer the client now
    (`casework.hooks.refer_step`), for an entry whose provider receives referrals."""
    if not takes_referrals(entry):
        return ""
    return reverse("referrals:plan_refer", args=[client_id, plan.pk, entry.pk])
