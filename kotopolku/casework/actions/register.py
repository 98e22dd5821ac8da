"""How casework follows the client register: the handlers `CaseworkConfig.ready` registers into
`clients.hooks` (a new responsible authority, changed facts, a merge, the daily refresh)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kotopolku.casework import models, rules
from kotopolku.casework.actions.deadlines import refresh_all_deadlines, refresh_deadlines
from kotopolku.casework.actions.handover import do_open_hand_over

if TYPE_CHECKING:
    from kotopolku.accounts.models import User
    from kotopolku.clients.models import Client

# The casework records that belong to a client, moved to the kept record by a merge.
CLIENT_RECORDS = (
    models.Assessment,
    models.Plan,
    models.Contact,
    models.WellbeingRequest,
    models.HandOver,
)


def authority_changed(client: Client, old: str, new: str, acting_user: User | None) -> None:
    """A new responsible authority opens a hand-over of the casework."""
    do_open_hand_over(client, old, new, acting_user=acting_user)


def facts_changed(client: Client) -> None:
    refresh_deadlines(client)


def plans_overlap(kept: Client, merged: Client) -> str | None:
    """Two records whose integration plans overlap are not merged (a person has one plan at a
    time: `rules.overlapping_plan`)."""
    spans = [
        rules.PlanSpan(start, end)
        for start, end in models.Plan.objects.filter(client__in=[kept, merged])
        .exclude(status=models.PlanStatus.CANCELLED)
        .values_list("start", "end")
    ]
    if any(
        rules.overlapping_plan(span, spans[index + 1 :]) is not None
        for index, span in enumerate(spans)
    ):
        return "their integration plans overlap; correct or cancel one first"
    return None


def move_records(merged: Client, kept: Client) -> dict[str, int]:
    """The merged record's casework belongs to the kept record from now on."""
    moved = {}
    for model in CLIENT_RECORDS:
        count = model.objects.filter(client=merged).update(client=kept)
        if count:
            moved[model._meta.model_name or ""] = count
    return moved


def daily_refresh() -> str:
    return f"deadlines recomputed for {refresh_all_deadlines()} clients"
