"""API of casework: assessments, plans, deadlines and contacts under /api/v1/clients/{id}/.

Reading follows the client's visibility (`access.scopes.get_client_for_user`: 404 outside
it); writing also needs the responsible authority's side (`scopes.may_write_casework`: 403
naming who is responsible). The handlers check the input that needs a lookup (codes,
usernames, slugs, ids); the actions check the rest and the rules of law, and write the
change log. Every read of personal data is logged with `record_read`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from ninja import Body, Field, Router, Schema
from ninja.responses import Status

from kotopolku.access import scopes
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework.models import (
    LANGUAGE_LEVELS,
    Agreement,
    Assessment,
    CaseKind,
    Channel,
    Contact,
    ContactTopic,
    DigitalSkills,
    Goal,
    GoalStatus,
    LanguageSkill,
    LevelSource,
    Literacy,
    Plan,
    PlanStatus,
    RecordedIn,
    ServiceStatus,
)
from kotopolku.clients.models import Client, ClientStatus, Consent, ResponsibleAuthority
from kotopolku.core.api_errors import ApiError
from kotopolku.core.languages import is_valid_code
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Unit

router = Router()

LEVELS = frozenset(LANGUAGE_LEVELS)

EMPTY = "This field cannot be empty."


# --- Schemas ------------------------------------------------------------------------------------


class LanguageLevelIn(Schema):
    language: str = Field(..., description="ISO 639 code of the language measured, e.g. fi, sv")
    skill: str = Field(..., description=", ".join(LanguageSkill.values))
    level: str = Field(..., description="CEFR A1..C2, a Finnish sub-level A1.1..C1.1, or 0")
    source: str = Field(LevelSource.ASSESSMENT, description=", ".join(LevelSource.values))
    measured_on: datetime.date | None = None


class LanguageLevelOut(Schema):
    language: str
    skill: str
    level: str
    source: str
    measured_on: datetime.date | None


class AssessmentIn(Schema):
    kind: str = Field(..., description=", ".join(CaseKind.values))
    started: datetime.date
    completed: datetime.date | None = None
    interviewer: str | None = Field(
        None,
        description="Username of the public official who did the initial interview "
        "(default: the caller)",
    )
    interview_language: str | None = Field(
        None, description="ISO 639 code (default: the client's mother tongue)"
    )
    interpreter_used: bool = False
    interpreter_language: str = ""
    other_participants: str = Field("", max_length=300)
    education: str = ""
    work_history: str = ""
    literacy_mother_tongue: str = Field("", description=", ".join(v for v in Literacy.values if v))
    literacy_latin: str = Field("", description=", ".join(v for v in Literacy.values if v))
    digital_skills: str = Field("", description=", ".join(v for v in DigitalSkills.values if v))
    family_situation: str = ""
    childcare_needed: bool = False
    health_social_needs: bool = False
    goals: str = ""
    recommended_services: str = ""
    plan_needed: bool = True
    language_levels: list[LanguageLevelIn] = []


class AssessmentOut(Schema):
    id: uuid.UUID
    kind: str
    started: datetime.date
    completed: datetime.date | None
    interviewer: str
    unit: uuid.UUID
    interview_language: str
    interpreter_used: bool
    interpreter_language: str
    other_participants: str
    education: str
    work_history: str
    literacy_mother_tongue: str
    literacy_latin: str
    digital_skills: str
    family_situation: str
    childcare_needed: bool
    health_social_needs: bool
    goals: str
    recommended_services: str
    plan_needed: bool
    language_levels: list[LanguageLevelOut]
    created_at: datetime.datetime


class AssessmentPage(Schema):
    count: int
    results: list[AssessmentOut]


class GoalIn(Schema):
    text: str


class GoalChange(Schema):
    id: uuid.UUID | None = Field(None, description="An existing goal; omit to add a new goal")
    text: str | None = Field(None, description="The text of a new goal")
    status: str | None = Field(None, description=", ".join(GoalStatus.values))


class ServiceIn(Schema):
    name: str = ""
    provider: str | None = Field(None, description="Slug of the providing organisation")
    provider_name: str = Field("", description="The provider when it is not a listed organisation")
    start: datetime.date | None = None
    end: datetime.date | None = None
    status: str = Field(ServiceStatus.PLANNED, description=", ".join(ServiceStatus.values))
    directed_on: datetime.date | None = None
    consent: uuid.UUID | None = Field(
        None, description="The client's consent to disclose to an NGO provider"
    )


class ExceptionIn(Schema):
    rule: str = Field(..., description="Id of a rule version that allows an exception")
    reason: str = Field(..., description="Why the exception is needed (stored with the plan)")


class ExceptionOut(Schema):
    rule: str
    reason: str


class PlanIn(Schema):
    kind: str = Field(..., description=", ".join(CaseKind.values))
    start: datetime.date
    end: datetime.date
    goals: list[GoalIn] = []
    services: list[ServiceIn] = []
    exception: ExceptionIn | None = None
    assessment: uuid.UUID | None = Field(None, description="The assessment the plan is based on")
    client_responsibilities: str = ""
    explained_in: str | None = Field(
        None, description="ISO 639 code (default: the client's mother tongue)"
    )
    interpreter_used: bool = False
    agreement: str = Field("", description=", ".join(Agreement.values))
    agreed_on: datetime.date | None = None
    recorded_in: str | None = Field(
        None,
        description=", ".join(RecordedIn.values)
        + " (default: by the employment area's choice for a jobseeker, else kotopolku)",
    )
    official_reference: str = Field("", max_length=100)


class PlanPatch(Schema):
    kind: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    status: str | None = Field(None, description=", ".join(PlanStatus.values))
    assessment: uuid.UUID | None = None
    client_responsibilities: str | None = None
    explained_in: str | None = None
    interpreter_used: bool | None = None
    agreement: str | None = None
    agreed_on: datetime.date | None = None
    recorded_in: str | None = None
    official_reference: str | None = Field(None, max_length=100)
    goals: list[GoalChange] | None = Field(
        None, description="Status changes of goals by id, and new goals (text, no id)"
    )
    exception: ExceptionIn | None = Field(
        None, description="A documented exception to a rule; null removes the plan's exception"
    )


class GoalOut(Schema):
    id: uuid.UUID
    text: str
    status: str


class ServiceOut(Schema):
    id: uuid.UUID
    name: str
    provider: str | None
    provider_name: str
    status: str
    start: datetime.date | None
    end: datetime.date | None
    directed_on: datetime.date | None
    consent: uuid.UUID | None


class PlanOut(Schema):
    id: uuid.UUID
    kind: str
    start: datetime.date
    end: datetime.date
    status: str
    authority: str
    unit: uuid.UUID
    assessment: uuid.UUID | None
    recorded_in: str
    official_reference: str
    client_responsibilities: str
    explained_in: str
    interpreter_used: bool
    agreement: str
    agreed_on: datetime.date | None
    exception: ExceptionOut | None
    goals: list[GoalOut]
    services: list[ServiceOut]
    created_at: datetime.datetime


class PlanPage(Schema):
    count: int
    results: list[PlanOut]


class RuleOut(Schema):
    id: str
    title: str
    legal_reference: str
    verified: bool


class DeadlineOut(Schema):
    kind: str
    due: datetime.date
    overdue: bool
    rule: RuleOut


class DeadlinePage(Schema):
    today: datetime.date
    results: list[DeadlineOut]


class ContactIn(Schema):
    day: datetime.date
    channel: str = Field(..., description=", ".join(Channel.values))
    language: str = Field(..., description="ISO 639 code of the language of the contact")
    interpreter_used: bool = False
    topics: list[str] = Field([], description="Codes of active guidance topics")
    minutes: int | None = Field(None, ge=0, le=1440)
    note: str = ""
    interpreter_booked: bool = False
    missed: bool = False
    cancelled: bool = False


class ContactOut(Schema):
    id: uuid.UUID
    day: datetime.date
    channel: str
    language: str
    interpreter_used: bool
    topics: list[str]
    minutes: int | None
    note: str
    interpreter_booked: bool
    missed: bool
    cancelled: bool
    fee_chargeable: bool = Field(
        ..., description="A missed appointment with a booked interpreter (Act 681/2023 s. 32 a)"
    )
    unit: uuid.UUID
    recorded_by: str
    created_at: datetime.datetime


class ImportOut(Schema):
    imported: dict[str, Any]


# --- Helpers ------------------------------------------------------------------------------------


def _invalid(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(422, "Some fields are invalid; nothing was saved.", fields=errors)


def _rule_violation(exc: actions.RuleViolationError) -> ApiError:
    first = exc.first
    return ApiError(
        422,
        str(exc),
        code="rule_violation",
        fields=exc.fields(),
        extra={
            "rule": first.rule.id,
            "legal_reference": first.rule.legal_reference,
            "exception_allowed": first.exception_allowed,
            "violations": [
                {
                    "rule": v.rule.id,
                    "legal_reference": v.rule.legal_reference,
                    "verified": v.rule.verified,
                    "exception_allowed": v.exception_allowed,
                    "fields": list(v.fields),
                    "message": v.message,
                }
                for v in exc.violations
            ],
        },
    )


class _Refused:
    """Turn the actions' refusals into the API's error shape (nothing was written)."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if isinstance(exc, actions.RuleViolationError):
            raise _rule_violation(exc) from None
        if isinstance(exc, actions.InvalidError):
            raise _invalid(exc.errors) from None


def _client(request: AuthenticatedRequest, client_id: uuid.UUID) -> Client:
    return scopes.get_client_for_user(request.user, client_id)


def _responsible(client: Client) -> str:
    """Who records this client's casework, in a sentence."""
    if client.status != ClientStatus.ACTIVE:
        return "The client's record is closed: no casework can be recorded for it."
    if client.responsible_authority == ResponsibleAuthority.EMPLOYMENT_AREA:
        area = actions.employment_area_for(client)
        name = pick(area.name).value if area is not None else "the employment area"
        return (
            f"The client is a registered jobseeker: {name} is responsible for the client's "
            "integration services, and its workers record the assessment, plan and contacts."
        )
    unit = client.responsible_unit
    return (
        "The municipality is responsible for the client's integration services: the "
        f"counsellors of {pick(unit.organisation.name).value} / {unit.display_name().value} "
        "record the assessment, plan and contacts."
    )


def _writable_client(request: AuthenticatedRequest, client_id: uuid.UUID) -> Client:
    """A client the caller sees (else 404) and whose casework the caller's side writes
    (else 403 naming the responsible side)."""
    client = _client(request, client_id)
    if client.status == ClientStatus.MERGED:
        raise Http404
    if not scopes.may_write_casework(request.user, client):
        raise ApiError(
            403,
            _responsible(client),
            extra={"responsible_authority": client.responsible_authority},
        )
    return client


def _unit(request: AuthenticatedRequest, client: Client) -> Unit:
    """The unit of new records: the caller's casework unit, else the client's unit."""
    return scopes.default_casework_unit(request.user) or client.responsible_unit


def _check_choice(
    errors: actions.Errors, name: str, value: str | None, choices: Collection[str]
) -> None:
    if value is not None and value not in choices:
        errors.add(name, f"Choose one of: {', '.join(c for c in choices if c)}.")


def _check_language(
    errors: actions.Errors, name: str, code: str | None, *, blank: bool = False
) -> None:
    if code is None or (blank and code == ""):
        return
    if not is_valid_code(code):
        errors.add(name, f"Unknown language code {code!r}: use an ISO 639 code such as fi or ar.")


def _check_order(
    errors: actions.Errors,
    first: datetime.date | None,
    second: datetime.date | None,
    name: str,
) -> None:
    if first is not None and second is not None and second < first:
        errors.add(name, "This date is before the start date.")


def _exception(data: ExceptionIn | None) -> actions.RuleException | None:
    if data is None:
        return None
    return actions.RuleException(rule=data.rule.strip(), reason=data.reason.strip())


# --- Assessments --------------------------------------------------------------------------------

# the fields taken as they are (the others are parsed: kind, dates, interviewer, language)
ASSESSMENT_PLAIN_FIELDS = actions.ASSESSMENT_FIELDS[
    actions.ASSESSMENT_FIELDS.index("interpreter_used") :
]


def _assessment_out(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "kind": assessment.kind,
        "started": assessment.started,
        "completed": assessment.completed,
        "interviewer": assessment.interviewer.username,
        "unit": assessment.unit_id,
        "interview_language": assessment.interview_language,
        **{name: getattr(assessment, name) for name in ASSESSMENT_PLAIN_FIELDS},
        "language_levels": [
            {
                "language": level.language,
                "skill": level.skill,
                "level": level.level,
                "source": level.source,
                "measured_on": level.measured_on,
            }
            for level in assessment.language_levels.all()
        ],
        "created_at": assessment.created_at,
    }


def _assessment_input(
    request: AuthenticatedRequest, client: Client, payload: AssessmentIn
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The values and language levels for `do_create_assessment`, or 422 naming every
    field the handler can judge (the action checks the dates and the rules)."""
    errors = actions.Errors()
    _check_choice(errors, "kind", payload.kind, CaseKind.values)
    _check_order(errors, payload.started, payload.completed, "completed")
    _check_language(errors, "interview_language", payload.interview_language)
    _check_language(errors, "interpreter_language", payload.interpreter_language, blank=True)
    for name in ("literacy_mother_tongue", "literacy_latin"):
        _check_choice(errors, name, getattr(payload, name), Literacy.values)
    _check_choice(errors, "digital_skills", payload.digital_skills, DigitalSkills.values)
    values: dict[str, Any] = {
        "kind": payload.kind,
        "started": payload.started,
        "completed": payload.completed,
        "interview_language": payload.interview_language or client.mother_tongue,
        **{name: getattr(payload, name) for name in ASSESSMENT_PLAIN_FIELDS},
    }
    if payload.interviewer is not None:
        interviewer = scopes.colleagues(request.user).filter(username=payload.interviewer).first()
        if interviewer is None:
            errors.add("interviewer", "Name a public official of your organisation.")
        values["interviewer"] = interviewer
    levels: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for index, level in enumerate(payload.language_levels):
        prefix = f"language_levels[{index}]."
        value = level.level.strip().upper()
        _check_language(errors, prefix + "language", level.language)
        _check_choice(errors, prefix + "skill", level.skill, LanguageSkill.values)
        _check_choice(errors, prefix + "source", level.source, LevelSource.values)
        if value not in LEVELS:
            errors.add(
                prefix + "level",
                "Use a CEFR level (A1-C2), a Finnish sub-level (A1.1-C1.1) or 0.",
            )
        if (level.language, level.skill) in seen:
            errors.add(prefix + "skill", "This skill in this language is already given.")
        seen.add((level.language, level.skill))
        levels.append(
            {
                "language": level.language,
                "skill": level.skill,
                "level": value,
                "source": level.source,
                "measured_on": level.measured_on,
            }
        )
    if errors.errors:
        raise _invalid(errors.errors)
    return values, levels


@router.get(
    "/clients/{client_id}/assessments",
    response=AssessmentPage,
    summary="The client's assessments, latest first",
)
def list_assessments(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = _client(request, client_id)
    rows = list(
        client.assessments.select_related("interviewer").prefetch_related("language_levels")
    )
    record_read(
        "assessment",
        [a.pk for a in rows],
        kind=AccessEvent.Kind.LIST,
        client_ids=[client.pk] * len(rows),
    )
    return {"count": len(rows), "results": [_assessment_out(a) for a in rows]}


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AssessmentOut},
    summary="Record an assessment (Act 681/2023 s. 14)",
)
def create_assessment(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    client = _writable_client(request, client_id)
    values, levels = _assessment_input(request, client, payload)
    with _Refused():
        assessment = actions.do_create_assessment(
            client,
            values,
            unit=_unit(request, client),
            acting_user=request.user,
            levels=levels,
        )
    return Status(201, _assessment_out(assessment))


# --- Plans --------------------------------------------------------------------------------------


def _plans(client: Client) -> QuerySet[Plan]:
    return client.plans.prefetch_related("goals", "services__provider")


def _plan_out(plan: Plan) -> dict[str, Any]:
    services = plan.services.all()
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
        "explained_in": plan.explained_in,
        "interpreter_used": plan.interpreter_used,
        "agreement": plan.agreement,
        "agreed_on": plan.agreed_on,
        "exception": (
            {"rule": plan.exception_rule, "reason": plan.exception_reason}
            if plan.exception_rule
            else None
        ),
        "goals": [{"id": g.pk, "text": g.text, "status": g.status} for g in goals],
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
TEXT_PLAN_FIELDS = ("client_responsibilities", "official_reference", "agreement")


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
        _check_choice(errors, "kind", values["kind"], CaseKind.values)
    if "status" in values:
        _check_choice(errors, "status", values["status"], PlanStatus.values)
    if "recorded_in" in values:
        _check_choice(errors, "recorded_in", values["recorded_in"], RecordedIn.values)
    if "agreement" in values:
        _check_choice(errors, "agreement", values["agreement"], ("", *Agreement.values))
    if "explained_in" in values:
        _check_language(errors, "explained_in", values["explained_in"])
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
        _check_choice(errors, prefix + "status", service.status, ServiceStatus.values)
        _check_order(errors, service.start, service.end, prefix + "end")
        if not service.name.strip():
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
            }
        )
    return found


@router.get(
    "/clients/{client_id}/plans", response=PlanPage, summary="The client's plans, latest first"
)
def list_plans(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = _client(request, client_id)
    rows = list(_plans(client))
    record_read(
        "plan", [p.pk for p in rows], kind=AccessEvent.Kind.LIST, client_ids=[client.pk] * len(rows)
    )
    return {"count": len(rows), "results": [_plan_out(p) for p in rows]}


@router.get("/clients/{client_id}/plans/{plan_id}", response=PlanOut, summary="One plan")
def get_plan(
    request: AuthenticatedRequest, client_id: uuid.UUID, plan_id: uuid.UUID
) -> dict[str, Any]:
    client = _client(request, client_id)
    plan = _fresh_plan(client, plan_id)
    record_read("plan", [plan.pk], client_ids=[client.pk])
    return _plan_out(plan)


@router.post(
    "/clients/{client_id}/plans",
    response={201: PlanOut},
    summary="Record an integration plan (Act 681/2023 ss. 15-16)",
)
def create_plan(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: PlanIn
) -> Status[dict[str, Any]]:
    client = _writable_client(request, client_id)
    # omitted optional fields take the action's defaults
    data = payload.dict(exclude_none=True)
    errors = actions.Errors()
    values: dict[str, Any] = {}
    _check_plan_fields(errors, client, data, values)
    _check_order(errors, payload.start, payload.end, "end")
    for index, goal in enumerate(payload.goals):
        if not goal.text.strip():
            errors.add(f"goals[{index}].text", "A goal needs a text.")
    services = _service_values(request, errors, client, payload.services)
    if errors.errors:
        raise _invalid(errors.errors)
    with _Refused():
        plan = actions.do_create_plan(
            client,
            values,
            unit=_unit(request, client),
            acting_user=request.user,
            goals=[g.text.strip() for g in payload.goals],
            services=services,
            exception=_exception(payload.exception),
        )
    return Status(201, _plan_out(_fresh_plan(client, plan.pk)))


@router.patch(
    "/clients/{client_id}/plans/{plan_id}",
    response=PlanOut,
    summary="Change a plan: its dates, status and fields, its goals' statuses",
)
def update_plan(
    request: AuthenticatedRequest, client_id: uuid.UUID, plan_id: uuid.UUID, payload: PlanPatch
) -> dict[str, Any]:
    client = _writable_client(request, client_id)
    plan = _fresh_plan(client, plan_id)
    data = payload.dict(exclude_unset=True)
    errors = actions.Errors()
    values: dict[str, Any] = {}
    _check_plan_fields(errors, client, data, values)
    _check_order(errors, values.get("start", plan.start), values.get("end", plan.end), "end")
    goals = {g.pk: g for g in plan.goals.all()}
    changes: list[tuple[Goal, str]] = []
    new_goals: list[tuple[str, str]] = []
    for index, change in enumerate(payload.goals or ()):
        prefix = f"goals[{index}]."
        if change.status is not None:
            _check_choice(errors, prefix + "status", change.status, GoalStatus.values)
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
    exception = _exception(payload.exception)
    if "exception" in data and payload.exception is None:
        values["exception_rule"] = values["exception_reason"] = ""
    if errors.errors:
        raise _invalid(errors.errors)
    with _Refused(), transaction.atomic():
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
    return _plan_out(_fresh_plan(client, plan.pk))


# --- Deadlines ----------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/deadlines",
    response=DeadlinePage,
    summary="The open steps of the client's casework and their last days, by the rules",
)
def client_deadlines(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = _client(request, client_id)
    today = timezone.localdate()
    found = actions.compute_deadlines(client)
    record_read("client", [client.pk], purpose="casework deadlines")
    return {
        "today": today,
        "results": [
            {
                "kind": d.kind,
                "due": d.due,
                "overdue": d.overdue(today),
                "rule": {
                    "id": d.rule.id,
                    "title": d.rule.title,
                    "legal_reference": d.rule.legal_reference,
                    "verified": d.rule.verified,
                },
            }
            for d in found
        ],
    }


# --- Contacts -----------------------------------------------------------------------------------


def _contact_out(contact: Contact) -> dict[str, Any]:
    return {
        **{name: getattr(contact, name) for name in actions.CONTACT_FIELDS if name != "visitors"},
        "id": contact.pk,
        "fee_chargeable": actions.fee_chargeable(contact),
        "unit": contact.unit_id,
        "recorded_by": contact.recorded_by.username,
        "created_at": contact.created_at,
    }


@router.post(
    "/clients/{client_id}/contacts",
    response={201: ContactOut},
    summary="Record a guidance contact with the client",
)
def create_contact(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: ContactIn
) -> Status[dict[str, Any]]:
    client = _writable_client(request, client_id)
    data = payload.dict()
    errors = actions.Errors()
    _check_choice(errors, "channel", payload.channel, Channel.values)
    _check_language(errors, "language", payload.language)
    if payload.day > timezone.localdate():
        errors.add("day", "A contact cannot be recorded for a future day.")
    topics = list(dict.fromkeys(t.strip() for t in payload.topics))
    known = set(
        ContactTopic.objects.filter(code__in=topics, is_active=True).values_list("code", flat=True)
    )
    unknown = [t for t in topics if t not in known]
    if unknown:
        errors.add("topics", f"Unknown or retired topic: {', '.join(unknown)}.")
    if errors.errors:
        raise _invalid(errors.errors)
    values = {**data, "topics": topics, "note": payload.note.strip()}
    with _Refused():
        contact = actions.do_record_contact(
            client, values, unit=_unit(request, client), acting_user=request.user
        )
    return Status(201, _contact_out(contact))


# --- Exchange -----------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/casework-export",
    response=dict[str, Any],
    summary="The client's casework as the versioned JSON document",
)
def export_casework(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    from kotopolku.casework import exchange

    # as on the page: the responsible side exports (the document carries the identity)
    client = _writable_client(request, client_id)
    # export_client logs the read of the client and of each record as an export
    document: dict[str, Any] = exchange.export_client(client)
    return document


@router.post(
    "/clients/{client_id}/casework-import",
    response={201: ImportOut},
    summary="Import a casework document into a client who has no assessments or plans yet",
)
def import_casework(
    request: AuthenticatedRequest, client_id: uuid.UUID, document: Body[dict[str, Any]]
) -> Status[dict[str, Any]]:
    from kotopolku.casework import exchange

    client = _writable_client(request, client_id)
    unit = _unit(request, client)
    with _Refused(), transaction.atomic():
        # one import at a time per client: the emptiness check holds until the commit
        Client.objects.select_for_update().filter(pk=client.pk).values_list("pk").first()
        assessments, plans = client.assessments.count(), client.plans.count()
        if assessments or plans:
            raise ApiError(
                409,
                f"The client already has casework ({assessments} assessments, {plans} plans): "
                "a document is imported only into a client with none.",
            )
        try:
            counts = exchange.import_document(client, document, acting_user=request.user, unit=unit)
        except exchange.DocumentError as exc:
            raise ApiError(
                422,
                "The document cannot be imported; nothing was saved.",
                fields=exc.errors,
            ) from None
    return Status(201, {"imported": counts})
