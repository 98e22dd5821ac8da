"""The casework deadlines: derived by `casework.rules.deadlines` from a client's facts and
stored (Deadline rows, `Client.next_due`) whenever the facts change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Prefetch

from kotopolku.casework import rules
from kotopolku.casework.models import (
    DIRECTED_STATUSES,
    Assessment,
    Deadline,
    Plan,
    PlannedService,
    PlanStatus,
    Review,
)
from kotopolku.clients.models import Client, ClientStatus

if TYPE_CHECKING:
    pass


def _facts(
    client: Client, assessments: Iterable[Assessment], plans: Iterable[Plan]
) -> rules.CaseFacts:
    plan_facts = []
    for plan in plans:
        if plan.status == PlanStatus.CANCELLED:
            continue
        directed = [
            s.directed_on or s.start
            for s in plan.services.all()
            if s.status in DIRECTED_STATUSES and (s.directed_on or s.start)
        ]
        plan_facts.append(
            rules.PlanFacts(
                start=plan.start,
                end=plan.end,
                active=plan.status == PlanStatus.ACTIVE,
                first_directed=min(d for d in directed if d is not None) if directed else None,
                reviews=tuple(r.held_on for r in plan.reviews.all()),
            )
        )
    return rules.CaseFacts(
        client_since=client.client_since,
        window_end=client.integration_window_end,
        active=client.status == ClientStatus.ACTIVE,
        assessments=tuple(
            rules.AssessmentFacts(a.started, a.completed, a.plan_needed) for a in assessments
        ),
        plans=tuple(plan_facts),
    )


PLAN_PREFETCH = (
    Prefetch(
        "services",
        queryset=PlannedService.objects.only("plan_id", "status", "directed_on", "start"),
    ),
    Prefetch("reviews", queryset=Review.objects.only("plan_id", "held_on")),
)


def compute_deadlines(client: Client) -> list[rules.Due]:
    return rules.deadlines(
        _facts(
            client,
            client.assessments.all(),
            client.plans.prefetch_related(*PLAN_PREFETCH),
        ),
        rules.Limits.from_settings(),
    )


def refresh_deadlines(client: Client) -> list[rules.Due]:
    """Rewrite the client's deadline rows and the `next_due` columns from the rules."""
    found = compute_deadlines(client)
    _write_deadlines({client.pk: found})
    return found


def _write_deadlines(found: dict[Any, list[rules.Due]]) -> None:
    with transaction.atomic():
        Deadline.objects.filter(client_id__in=list(found)).delete()
        Deadline.objects.bulk_create(
            [
                Deadline(client_id=client_id, kind=d.kind, due=d.due, rule=d.rule.id)
                for client_id, dues in found.items()
                for d in dues
            ],
            batch_size=2000,
        )
        for client_id, dues in found.items():
            first = dues[0] if dues else None
            Client.objects.filter(pk=client_id).update(
                next_due=first.due if first else None, next_due_kind=first.kind if first else ""
            )


def refresh_all_deadlines(*, batch: int = 1000, client_ids: Iterable[Any] | None = None) -> int:
    """Recompute the deadlines of every client (daily, and after a change of settings)."""
    qs = Client.objects.order_by("pk")  # merged and closed records get none
    if client_ids is not None:
        qs = qs.filter(pk__in=list(client_ids))
    qs = qs.only("id", "client_since", "integration_window_end", "status").prefetch_related(
        Prefetch(
            "assessments",
            queryset=Assessment.objects.only("client_id", "started", "completed", "plan_needed"),
        ),
        Prefetch(
            "plans",
            queryset=Plan.objects.only("client_id", "start", "end", "status").prefetch_related(
                *PLAN_PREFETCH
            ),
        ),
    )
    limits = rules.Limits.from_settings()
    done = 0
    pending: dict[Any, list[rules.Due]] = {}
    for client in qs.iterator(chunk_size=batch):
        pending[client.pk] = rules.deadlines(
            _facts(client, client.assessments.all(), client.plans.all()), limits
        )
        if len(pending) >= batch:
            _write_deadlines(pending)
            done += len(pending)
            pending = {}
    if pending:
        _write_deadlines(pending)
        done += len(pending)
    return done
