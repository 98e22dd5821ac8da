"""The hand-over between the municipality and the employment area when the responsible
authority changes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kotopolku.audit.recorder import record_change
from kotopolku.casework.models import (
    HandOver,
    HandOverStatus,
)
from kotopolku.clients.models import Client, ClientStatus

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

from kotopolku.casework.actions.common import (
    A,
)


def do_open_hand_over(
    client: Client,
    old: str | None,
    new: str | None,
    *,
    acting_user: User | None = None,
    day: datetime.date | None = None,
) -> HandOver | None:
    """The responsible authority changed: a task for the receiving side. Write access moves
    with the authority (`clients.scopes.may_write_casework`); both sides keep reading."""
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
