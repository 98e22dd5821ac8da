"""The hand-over between the municipality and the employment area when the responsible
authority changes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from kotopolku.audit.recorder import record_change
from kotopolku.casework.models import (
    HandOver,
    HandOverStatus,
)
from kotopolku.clients.models import Client, ClientStatus, ResponsibleAuthority

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

from kotopolku.casework.actions.common import (
    A,
)


def open_hand_over(
    client: Client,
    old: str | None,
    new: str | None,
    *,
    acting_user: User | None = None,
    day: datetime.date | None = None,
) -> HandOver | None:
    """The responsible authority changed: a task for the receiving side. Write access moves
    with the authority (`access.scopes.may_write_casework`); both sides keep reading."""
    if not old or not new or old == new or client.status != ClientStatus.ACTIVE:
        return None
    # an earlier open hand-over of this client is superseded by the new one
    for earlier in HandOver.objects.filter(client=client, status=HandOverStatus.OPEN):
        earlier.status = HandOverStatus.SUPERSEDED
        earlier.save(update_fields=["status"])
        record_change(
            "hand_over",
            earlier.pk,
            A.UPDATE,
            {"status": [HandOverStatus.OPEN, HandOverStatus.SUPERSEDED]},
            client_id=client.pk,
            actor=acting_user,
        )
    hand_over = HandOver.objects.create(
        client=client, from_authority=old, to_authority=new, on=day or timezone.localdate()
    )
    record_change(
        "hand_over",
        hand_over.pk,
        A.CREATE,
        {"from_authority": [None, old], "to_authority": [None, new]},
        client_id=client.pk,
        actor=acting_user,
    )
    return hand_over


@transaction.atomic
def do_accept_hand_over(hand_over: HandOver, *, acting_user: User) -> None:
    if hand_over.status == HandOverStatus.ACCEPTED:
        return
    hand_over.status = HandOverStatus.ACCEPTED
    hand_over.accepted_by = acting_user
    hand_over.accepted_on = timezone.localdate()
    hand_over.save(update_fields=["status", "accepted_by", "accepted_on"])
    record_change(
        "hand_over",
        hand_over.pk,
        A.UPDATE,
        {"status": [HandOverStatus.OPEN, HandOverStatus.ACCEPTED]},
        client_id=hand_over.client_id,
        actor=acting_user,
    )
    # the worker who takes the client over becomes their own counsellor
    from kotopolku.clients.actions import do_assign_counsellor

    do_assign_counsellor(hand_over.client, acting_user, acting_user=acting_user)


def open_hand_overs_for(user: User) -> list[HandOver]:
    """Hand-overs waiting for the user's side: to the employment area for the workers of
    the areas serving the client's municipality, to the municipality for the counsellors and
    managers of the client's unit. One query over the (few) open hand-overs."""
    from kotopolku.access import scopes
    from kotopolku.orgs.models import Role

    condition = Q()
    areas = scopes.employment_municipality_ids(user)
    if areas:
        condition |= Q(
            to_authority=ResponsibleAuthority.EMPLOYMENT_AREA, client__municipality_id__in=areas
        )
    units = scopes.unit_ids(user, roles=(Role.COUNSELLOR, Role.UNIT_MANAGER))
    if units:
        condition |= Q(
            to_authority=ResponsibleAuthority.MUNICIPALITY, client__responsible_unit_id__in=units
        )
    if not condition:
        return []
    return list(
        HandOver.objects.filter(condition, status=HandOverStatus.OPEN)
        .filter(client__responsible_authority=models.F("to_authority"))
        .select_related("client")
        .order_by("on")[:200]
    )
