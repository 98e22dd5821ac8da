"""The casework deadlines: derived by `casework.rules.deadlines` from a client's facts and
stored (Deadline rows, `Client.next_due`) whenever the facts change."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from kotopolku.casework import rules
from kotopolku.casework.models import (
    DIRECTED_STATUSES,
    Assessment,
    CivicOrientationOffer,
    Deadline,
    Plan,
    PlanExtension,
    PlannedService,
    PlanStatus,
    Review,
)
from kotopolku.clients import actions as client_actions
from kotopolku.clients.models import Client, ClientStatus, JobseekerPeriod

if TYPE_CHECKING:
    pass


def _facts(
    client: Client,
    assessments: Iterable[Assessment],
    plans: Iterable[Plan],
    *,
    today: datetime.date | None = None,
) -> rules.CaseFacts:
    """The rules' facts of a client (`client.jobseeker_periods` and `plan_extensions` are
    read through the prefetch cache when the caller has filled it)."""
    today = today or timezone.localdate()
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
                agreed_on=plan.agreed_on,
            )
        )
    periods = client_actions.periods_of(client)
    current = next((p for p in periods if p.covers(today)), None)
    duty = client_actions.assessment_duty_of(client, jobseeker=current is not None, day=today)
    return rules.CaseFacts(
        client_since=client.client_since,
        window_end=client.integration_window_end,
        active=client.status == ClientStatus.ACTIVE,
        assessments=tuple(
            rules.AssessmentFacts(a.started, a.completed, a.plan_needed) for a in assessments
        ),
        plans=tuple(plan_facts),
        duty=duty.assessor if duty.owed else "",
        jobseeker_since=current.start if current is not None else None,
        extension_months=sum(e.months for e in client.plan_extensions.all()),
        civic_orientation_offered=bool(client.civic_orientation_offers.all()),
    )


PLAN_PREFETCH = (
    Prefetch(
        "services",
        queryset=PlannedService.objects.only("plan_id", "status", "directed_on", "start"),
    ),
    Prefetch("reviews", queryset=Review.objects.only("plan_id", "held_on")),
)


def _client_facts(client: Client) -> rules.CaseFacts:
    return _facts(
        client,
        client.assessments.all(),
        client.plans.prefetch_related(*PLAN_PREFETCH),
    )


def compute_deadlines(client: Client) -> list[rules.Due]:
    return rules.deadlines(_client_facts(client), rules.Limits.from_settings())


def refresh_deadlines(client: Client) -> list[rules.Due]:
    """Rewrite the client's deadline rows, the `next_due` columns and whether civic
    orientation is still to be offered, from the rules."""
    facts = _client_facts(client)
    found = rules.deadlines(facts, rules.Limits.from_settings())
    pending = rules.civic_orientation_pending(facts, timezone.localdate())
    _write_deadlines({client.pk: found}, {client.pk: pending})
    client.civic_orientation_pending = pending
    return found


def _write_deadlines(
    found: dict[Any, list[rules.Due]], civic_pending: dict[Any, bool] | None = None
) -> None:
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
            extra = (
                {"civic_orientation_pending": civic_pending[client_id]}
                if civic_pending is not None and client_id in civic_pending
                else {}
            )
            Client.objects.filter(pk=client_id).update(
                next_due=first.due if first else None,
                next_due_kind=first.kind if first else "",
                **extra,
            )


# The client columns the rules read (the assessment duty and the window).
DUTY_FIELDS = (
    "status",
    "integration_window_end",
    "birth_date",
    "immigration_basis",
    "first_permit_date",
    "unaccompanied_minor",
    "protection_family_member",
    "social_assistance",
    "home_care_allowance",
    "assessment_requested_on",
    "assessment_need_noted",
)


def refresh_all_deadlines(
    *,
    batch: int = 1000,
    client_ids: Iterable[Any] | None = None,
    today: datetime.date | None = None,
) -> int:
    """Recompute the deadlines of every client (daily, and after a change of settings; the
    assessment duty depends on the day: a birthday, the end of the three years)."""
    qs = Client.objects.order_by("pk")  # merged and closed records get none
    if client_ids is not None:
        qs = qs.filter(pk__in=list(client_ids))
    qs = qs.only("id", "client_since", *DUTY_FIELDS).prefetch_related(
        Prefetch(
            "jobseeker_periods", queryset=JobseekerPeriod.objects.only("client_id", "start", "end")
        ),
        Prefetch("plan_extensions", queryset=PlanExtension.objects.only("client_id", "months")),
        Prefetch(
            "civic_orientation_offers",
            queryset=CivicOrientationOffer.objects.only("client_id"),
        ),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.only("client_id", "started", "completed", "plan_needed"),
        ),
        Prefetch(
            "plans",
            queryset=Plan.objects.only(
                "client_id", "start", "end", "status", "agreed_on"
            ).prefetch_related(*PLAN_PREFETCH),
        ),
    )
    limits = rules.Limits.from_settings()
    day = today or timezone.localdate()
    done = 0
    pending: dict[Any, list[rules.Due]] = {}
    civic: dict[Any, bool] = {}
    for client in qs.iterator(chunk_size=batch):
        facts = _facts(client, client.assessments.all(), client.plans.all(), today=today)
        pending[client.pk] = rules.deadlines(facts, limits)
        civic[client.pk] = rules.civic_orientation_pending(facts, day)
        if len(pending) >= batch:
            _write_deadlines(pending, civic)
            done += len(pending)
            pending, civic = {}, {}
    if pending:
        _write_deadlines(pending, civic)
        done += len(pending)
    return done
