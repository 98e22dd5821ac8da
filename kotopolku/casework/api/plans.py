"""The integration plans of a client."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from ninja.responses import Status

from kotopolku.access import scopes
from kotopolku.accounts import scopes as account_scopes
from kotopolku.accounts.models import User
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions, hooks
from kotopolku.casework.api.common import (
    Refused,
    casework_unit,
    check_choice,
    check_language,
    check_order,
    exception_of,
    get_client,
    invalid,
    listed,
    router,
    writable_client,
)
from kotopolku.casework.api.schemas import (
    EMPTY,
    ExtensionIn,
    ExtensionOut,
    PlanIn,
    PlanOut,
    PlanPage,
    PlanPatch,
    ServiceIn,
)
from kotopolku.casework.models import (
    LEGACY_VALUES,
    Agreement,
    CaseKind,
    Goal,
    GoalStatus,
    Plan,
    PlanStatus,
    RecordedIn,
    ServiceStatus,
)
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client, Consent
from kotopolku.core.types import AuthenticatedRequest

# --- Plans --------------------------------------------------------------------------------------


def _plans(client: Client) -> QuerySet[Plan]:
    return client.plans.prefetch_related("goals", "services__provider")


def _plan_out(plan: Plan, user: User) -> dict[str, Any]:
    services = plan.services.all()
    referrals = hooks.referrals_of(user, list(services))
    goals = plan.goals.all()
    return {
        "id": plan.pk,
        "kind": plan.kind,
        "start": plan.start,
        "end": plan.end,
        "status": plan.status,
        "authority": plan.authority,
        "unit": plan.unit_id,
        "assessment": plan.assessment_id,
        "recorded_in": plan.recorded_in,
        "official_reference": plan.official_reference,
        "client_responsibilities": plan.client_responsibilities,
        "follow_up": plan.follow_up,
        "job_search_obligation": plan.job_search_obligation,
        "explained_in": plan.explained_in,
        "interpreter_used": plan.interpreter_used,
        "agreement": plan.agreement,
        "agreed_on": plan.agreed_on,
        "exception": (
            {"rule": plan.exception_rule, "reason": plan.exception_reason}
            if plan.exception_rule
            else None
        ),
        "goals": [
            {"id": g.pk, "text": g.text, "status": g.status, "client_texts": g.client_texts}
            for g in goals
        ],
        "client_responsibilities_texts": plan.client_responsibilities_texts,
        "services": [
            {
                "id": s.pk,
                "name": s.name,
                "provider": s.provider.slug if s.provider is not None else None,
                "provider_name": s.provider_name,
                "status": s.status,
                "start": s.start,
                "end": s.end,
                "directed_on": s.directed_on,
                "consent": s.consent_id,
                "catalog_service": s.catalog_service_id,
                "referral": (
                    {"id": referrals[s.pk].id, "status": referrals[s.pk].status}
                    if s.pk in referrals
                    else None
                ),
            }
            for s in services
        ],
        "created_at": plan.created_at,
    }


def _fresh_plan(client: Client, plan_id: Any) -> Plan:
    plan = _plans(client).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    return plan


REQUIRED_PLAN_FIELDS = (
    "kind",
    "start",
    "end",
    "status",
    "interpreter_used",
    "explained_in",
    "recorded_in",
)
TEXT_PLAN_FIELDS = (
    "client_responsibilities",
    "follow_up",
    "job_search_obligation",
    "official_reference",
    "agreement",
)


def _check_plan_fields(
    errors: actions.Errors, client: Client, data: dict[str, Any], values: dict[str, Any]
) -> None:
    """Check the plan's own fields present in `data`; put the clean ones in `values`."""
    for name, value in data.items():
        if name in REQUIRED_PLAN_FIELDS:
            if value is None:
                errors.add(name, EMPTY)
            else:
                values[name] = value
        elif name in TEXT_PLAN_FIELDS:
            values[name] = (value or "").strip()
        elif name == "agreed_on":
            values[name] = value
    if "kind" in values:
        values["kind"] = LEGACY_VALUES.get(values["kind"], values["kind"])
        check_choice(errors, "kind", values["kind"], CaseKind.values)
    if "status" in values:
        check_choice(errors, "status", values["status"], PlanStatus.values)
    if "recorded_in" in values:
        check_choice(errors, "recorded_in", values["recorded_in"], RecordedIn.values)
    if "agreement" in values:
        check_choice(errors, "agreement", values["agreement"], ("", *Agreement.values))
    if "explained_in" in values:
        check_language(errors, "explained_in", values["explained_in"])
    if "assessment" in data:
        values["assessment"] = None
        if data["assessment"] is not None:
            found = client.assessments.filter(pk=data["assessment"]).first()
            if found is None:
                errors.add("assessment", "The client has no assessment with this id.")
            values["assessment"] = found


def _service_values(
    request: AuthenticatedRequest,
    errors: actions.Errors,
    client: Client,
    services: Sequence[ServiceIn],
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for index, service in enumerate(services):
        prefix = f"services[{index}]."
        provider = consent = None
        if service.provider:
            provider = (
                scopes.visible_organisations(request.user)
                .filter(slug=service.provider, is_active=True)
                .first()
            )
            if provider is None:
                errors.add(prefix + "provider", "No organisation has this slug.")
        if service.consent is not None:
            consent = Consent.objects.filter(pk=service.consent, client=client).first()
            if consent is None:
                errors.add(prefix + "consent", "The client has no consent with this id.")
        entry = None
        if service.catalog_service is not None:
            entry = Service.objects.published_entry(service.catalog_service)
            if entry is None:
                errors.add(
                    prefix + "catalog_service", "No published offering tray entry has this id."
                )
        check_choice(errors, prefix + "status", service.status, ServiceStatus.values)
        check_order(errors, service.start, service.end, prefix + "end")
        if not service.name.strip() and service.catalog_service is None:
            errors.add(prefix + "name", "Name the service.")
        found.append(
            {
                "name": service.name.strip(),
                "provider": provider,
                "provider_name": service.provider_name.strip(),
                "start": service.start,
                "end": service.end,
                "status": service.status,
                "directed_on": service.directed_on,
                "consent": consent,
                "catalog_service": entry,
            }
        )
    return found


@router.get(
    "/clients/{client_id}/plans", response=PlanPage, summary="The client's plans, latest first"
)
def list_plans(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = get_client(request, client_id)
    rows = listed("plan", client, _plans(client))
    return {"count": len(rows), "results": [_plan_out(p, request.user) for p in rows]}


@router.get("/clients/{client_id}/plans/{plan_id}", response=PlanOut, summary="One plan")
def get_plan(
    request: AuthenticatedRequest, client_id: uuid.UUID, plan_id: uuid.UUID
) -> dict[str, Any]:
    client = get_client(request, client_id)
    plan = _fresh_plan(client, plan_id)
    record_read("plan", [plan.pk], client_ids=[client.pk])
    return _plan_out(plan, request.user)


@router.post(
    "/clients/{client_id}/plans",
    response={201: PlanOut},
    summary="Record an integration plan (Act 681/2023 s. 16)",
)
def create_plan(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: PlanIn
) -> Status[dict[str, Any]]:
    client = writable_client(request, client_id)
    # omitted optional fields take the action's defaults
    data = payload.dict(exclude_none=True)
    errors = actions.Errors()
    values: dict[str, Any] = {}
    _check_plan_fields(errors, client, data, values)
    check_order(errors, payload.start, payload.end, "end")
    for index, goal in enumerate(payload.goals):
        if not goal.text.strip():
            errors.add(f"goals[{index}].text", "A goal needs a text.")
    services = _service_values(request, errors, client, payload.services)
    if errors.errors:
        raise invalid(errors.errors)
    with Refused():
        plan = actions.do_create_plan(
            client,
            values,
            unit=casework_unit(request, client),
            acting_user=request.user,
            goals=[g.text.strip() for g in payload.goals],
            services=services,
            exception=exception_of(payload.exception),
        )
    return Status(201, _plan_out(_fresh_plan(client, plan.pk), request.user))


@router.patch(
    "/clients/{client_id}/plans/{plan_id}",
    response=PlanOut,
    summary="Change a plan: its dates, status and fields, its goals' statuses",
)
def update_plan(
    request: AuthenticatedRequest, client_id: uuid.UUID, plan_id: uuid.UUID, payload: PlanPatch
) -> dict[str, Any]:
    client = writable_client(request, client_id)
    plan = _fresh_plan(client, plan_id)
    data = payload.dict(exclude_unset=True)
    errors = actions.Errors()
    values: dict[str, Any] = {}
    _check_plan_fields(errors, client, data, values)
    check_order(errors, values.get("start", plan.start), values.get("end", plan.end), "end")
    goals = {g.pk: g for g in plan.goals.all()}
    changes: list[tuple[Goal, str]] = []
    new_goals: list[tuple[str, str]] = []
    for index, change in enumerate(payload.goals or ()):
        prefix = f"goals[{index}]."
        if change.status is not None:
            check_choice(errors, prefix + "status", change.status, GoalStatus.values)
        if change.id is None:
            if not (change.text or "").strip():
                errors.add(prefix + "text", "A new goal needs a text.")
            new_goals.append(((change.text or "").strip(), change.status or GoalStatus.OPEN))
        elif change.id not in goals:
            errors.add(prefix + "id", "The plan has no goal with this id.")
        elif change.text is not None and change.text.strip() != goals[change.id].text:
            errors.add(prefix + "text", "A goal's text is not changed: add a new goal instead.")
        elif change.status is None:
            errors.add(prefix + "status", EMPTY)
        else:
            changes.append((goals[change.id], change.status))
    exception = exception_of(payload.exception)
    if "exception" in data and payload.exception is None:
        values["exception_rule"] = values["exception_reason"] = ""
    if errors.errors:
        raise invalid(errors.errors)
    with Refused(), transaction.atomic():
        if values or exception is not None:
            actions.do_update_plan(plan, values, acting_user=request.user, exception=exception)
        for goal, status in changes:
            actions.do_set_goal_status(goal, status, acting_user=request.user)
        position = len(goals)
        for text, status in new_goals:
            actions.do_add_goal(
                plan, text, status=status, position=position, acting_user=request.user
            )
            position += 1
    record_read("plan", [plan.pk], client_ids=[client.pk])  # the answer shows the plan
    return _plan_out(_fresh_plan(client, plan.pk), request.user)


@router.post(
    "/clients/{client_id}/plan-extensions",
    response={201: ExtensionOut},
    summary="Record a decision to lengthen the two-year maximum of the client's plans",
)
def create_plan_extension(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: ExtensionIn
) -> Status[dict[str, Any]]:
    client = writable_client(request, client_id)
    values: dict[str, Any] = {
        "decided_on": payload.decided_on,
        "months": payload.months,
        "reason": payload.reason,
        "note": payload.note.strip(),
    }
    if payload.decided_by is not None:
        decider = (
            account_scopes.colleagues(request.user).filter(username=payload.decided_by).first()
        )
        if decider is None:
            raise invalid({"decided_by": ["Name a person of your organisation."]})
        values["decided_by"] = decider
    with Refused():
        extension = actions.do_record_plan_extension(client, values, acting_user=request.user)
    return Status(
        201,
        {
            "id": extension.pk,
            "decided_on": extension.decided_on,
            "months": extension.months,
            "reason": extension.reason,
            "note": extension.note,
            "decided_by": extension.decided_by.username,
            "maximum_end": actions.plan_maximum_of(client),
        },
    )
