"""The casework part of the client page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Aggregate, CharField, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.utils import timezone

from kotopolku.access import scopes
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework import scopes as casework_scopes
from kotopolku.casework.labels import DEADLINE_LABELS
from kotopolku.casework.models import (
    Contact,
    Deadline,
    HandOverStatus,
)
from kotopolku.casework.views.common import (
    RECENT_CONTACTS,
    contact_rows,
    deadline_rows,
    has_full_casework,
    language_name,
    responsible_side,
)
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.hooks import StepsColumn
from kotopolku.clients.models import Client, Consent
from kotopolku.core.types import AuthenticatedRequest

# --- The client page's casework part -------------------------------------------------------------


def client_casework_context(request: AuthenticatedRequest, client: Client) -> dict[str, Any]:
    """The context of `casework/_client_casework.html` on the client page, under one key,
    `casework`: the deadlines, assessments, plans, recent contacts, open hand-overs,
    wellbeing requests, consents and what the user may do. The client page logs the read
    of the client, which covers what it shows of the casework."""
    user = request.user
    today = timezone.localdate()
    full = has_full_casework(user)
    can_write = client_scopes.may_write_casework(user, client)
    requests = client.wellbeing_requests.select_related("county", "invited")
    if not full:
        requests = requests.filter(county_id__in=scopes.organisation_ids(user))
    contacts: list[Contact] = []
    hand_overs: list[dict[str, Any]] = []
    consents: list[Consent] = []
    interpreting: dict[str, Any] = {"count": 0, "latest": None}
    civic: list[Any] = []
    trainings: list[Any] = []
    if full:
        trainings = list(client.integration_trainings.all())
        interpreting = actions.interpreting_gaps(client)
        civic = [
            {"offer": o, "language": language_name(o.language)}
            for o in client.civic_orientation_offers.all()
        ]
        contacts = list(client.contacts.select_related("recorded_by")[:RECENT_CONTACTS])
        hand_overs = [
            {"hand_over": h, "can_accept": can_write}
            for h in client.hand_overs.filter(status=HandOverStatus.OPEN)
        ]
        consents = list(client.consents.select_related("recipient"))
    return {
        "casework": {
            "today": today,
            "full": full,
            "can_write": can_write,
            "responsible_side": responsible_side(client),
            "deadlines": deadline_rows(
                client.deadlines.all(), today, client.integration_window_end
            ),
            "assessments": list(client.assessments.select_related("interviewer")),
            "plans": list(client.plans.all()),
            "contacts": contact_rows(contacts),
            "hand_overs": hand_overs,
            "wellbeing_requests": list(requests),
            "own_open_requests": set(
                casework_scopes.open_wellbeing_requests(user, client).values_list("pk", flat=True)
            ),
            "consents": consents,
            "interpreting": interpreting,
            "civic_orientation": civic,
            "trainings": trainings,
            "civic_orientation_pending": client.civic_orientation_pending,
        }
    }


def caseload_hand_overs(request: AuthenticatedRequest, unit_view: bool) -> dict[str, Any]:
    """The caseload's box "clients handed over to you" (`clients.hooks.caseload_boxes`): it
    names the clients, so it logs them."""
    found = list(
        casework_scopes.receiving_hand_overs(request.user)
        .select_related("client")
        .order_by("on")[:200]
    )
    if found:
        record_read(
            "client",
            list(dict.fromkeys(h.client_id for h in found)),
            kind=AccessEvent.Kind.LIST,
            purpose="hand-over",
        )
    return {"hand_overs": found}


class _Joined(Aggregate):
    """The rows' texts joined with commas (`STRING_AGG` on PostgreSQL, `GROUP_CONCAT` on
    SQLite); the order is the caller's to restore."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


class _IsoDate(Func):
    """A date as 'YYYY-MM-DD' text whatever the server's DateStyle (SQLite keeps dates so)."""

    template = "%(expressions)s"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM-DD')", **extra
        )


def _parse_steps(value: str | None) -> list[tuple[str, datetime.date]]:
    """ "kind:YYYY-MM-DD,kind:YYYY-MM-DD" -> [(kind, due)] by due date, then kind."""
    if not value:
        return []
    found = []
    for item in value.split(","):
        kind, _sep, due = item.partition(":")
        found.append((kind, datetime.date.fromisoformat(due[:10])))
    found.sort(key=lambda step: (step[1], step[0]))
    return found


def caseload_steps() -> StepsColumn:
    """The caseload's "next steps" column (`clients.hooks.caseload_steps`): the stored
    deadlines of each listed client, read with the page's rows as one aggregated subquery
    ("kind:due" joined; an index scan of `deadline_client_due` per row of the page)."""
    joined = (
        Deadline.objects.filter(client_id=OuterRef("pk"))
        .order_by()
        .values("client_id")
        .annotate(steps=_Joined(Concat("kind", Value(":"), _IsoDate("due"))))
        .values("steps")
    )
    return StepsColumn(Subquery(joined), _parse_steps, DEADLINE_LABELS)
