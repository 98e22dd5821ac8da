"""Every state change of casework. Each checks the rules of law (`casework.rules`) before it
writes, writes its change-log row in the same transaction, and rewrites the client's
deadlines, so the worklist is never stale and never typed in.

Callers (pages and API) have checked the permission; they catch `InvalidError` (bad
input, a message per field) and `RuleViolationError` (a rule of law, with the rule
version's id) and show them. Nothing is written when either is raised.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from kotopolku.audit.models import ChangeEvent
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.casework import rules
from kotopolku.casework.models import (
    DIRECTED_STATUSES,
    LANGUAGE_LEVELS,
    Assessment,
    Contact,
    Contribution,
    Deadline,
    Goal,
    GoalStatus,
    HandOver,
    HandOverStatus,
    LanguageLevel,
    LanguageSkill,
    LevelSource,
    Plan,
    PlannedService,
    PlanStatus,
    RecordedIn,
    Review,
    ServiceStatus,
    WellbeingRequest,
)
from kotopolku.clients.models import Client, ClientStatus, Consent, ResponsibleAuthority
from kotopolku.core.languages import is_valid_code
from kotopolku.orgs.models import Membership, Organisation, Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

A = ChangeEvent.Action


class InvalidError(ValueError):
    """Bad input: messages by field name. Nothing was written."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class RuleViolationError(ValueError):
    """A rule of law refuses the request. Nothing was written."""

    def __init__(self, violations: Sequence[rules.Violation]) -> None:
        super().__init__("; ".join(v.message for v in violations))
        self.violations = list(violations)

    @property
    def first(self) -> rules.Violation:
        return self.violations[0]

    def fields(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for v in self.violations:
            for name in v.fields:
                found.setdefault(name, []).append(v.message)
        return found


@dataclass(frozen=True)
class RuleException:
    """A documented exception to a rule that allows one: the rule's id and the reason."""

    rule: str
    reason: str


class Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidError(self.errors)


def exempt_bases() -> tuple[str, ...]:
    return tuple(settings.WINDOW_EXEMPT_BASES)


def is_public_official(user: User, day: datetime.date | None = None) -> bool:
    """Did the user hold a public office (virkasuhde) on `day` (today)? Only the membership's
    own dates count: a unit closed later does not undo an interview done while it worked."""
    day = day or timezone.localdate()
    return (
        Membership.objects.filter(user=user, is_public_official=True, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .exists()
    )


# --- Deadlines ---------------------------------------------------------------------------------


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


# --- Assessment --------------------------------------------------------------------------------

ASSESSMENT_FIELDS = (
    "kind",
    "started",
    "completed",
    "interviewer",
    "interview_language",
    "interpreter_used",
    "interpreter_language",
    "other_participants",
    "education",
    "work_history",
    "literacy_mother_tongue",
    "literacy_latin",
    "digital_skills",
    "family_situation",
    "childcare_needed",
    "health_social_needs",
    "goals",
    "recommended_services",
    "plan_needed",
)


def _check_dates(errors: Errors, first: str, second: str, values: dict[str, Any]) -> None:
    a, b = values.get(first), values.get(second)
    if a is not None and b is not None and b < a:
        errors.add(second, "This date is before the start date.")


def _check_interviewer(interviewer: User, acting_user: User) -> None:
    """The interviewer is an active colleague: a user of one of the recorder's organisations."""
    from kotopolku.access import scopes

    if not scopes.colleagues(acting_user).filter(pk=interviewer.pk).exists():
        raise InvalidError({"interviewer": ["Name a public official of your organisation."]})


def _check_assessment(client: Client, values: dict[str, Any]) -> None:
    errors = Errors()
    _check_dates(errors, "started", "completed", values)
    errors.raise_if_any()
    violations = rules.check_assessment(
        started=values["started"],
        first_permit_date=client.first_permit_date,
        basis=client.immigration_basis,
        exempt_bases=exempt_bases(),
        interviewer_is_public_official=is_public_official(values["interviewer"], values["started"]),
    )
    if violations:
        raise RuleViolationError(violations)


@transaction.atomic
def do_create_assessment(
    client: Client,
    values: dict[str, Any],
    *,
    unit: Unit,
    acting_user: User,
    levels: Sequence[dict[str, Any]] = (),
) -> Assessment:
    """Record an assessment from validated values (the interviewer defaults to the user)."""
    values = {"interviewer": acting_user, **values}
    _check_interviewer(values["interviewer"], acting_user)
    _check_assessment(client, values)
    assessment = Assessment(client=client, unit=unit, created_by=acting_user)
    for name in ASSESSMENT_FIELDS:
        if name in values:
            setattr(assessment, name, values[name])
    assessment.save()
    record_change(
        "assessment",
        assessment.pk,
        A.CREATE,
        diff({}, snapshot(assessment, ASSESSMENT_FIELDS)),
        client_id=client.pk,
        actor=acting_user,
    )
    for level in levels:
        do_set_language_level(assessment, level, acting_user=acting_user)
    refresh_deadlines(client)
    return assessment


@transaction.atomic
def do_update_assessment(
    assessment: Assessment, values: dict[str, Any], *, acting_user: User
) -> dict[str, Any]:
    merged = {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS} | values
    if "interviewer" in values and values["interviewer"] != assessment.interviewer:
        _check_interviewer(values["interviewer"], acting_user)
    if any(
        values.get(name, getattr(assessment, name)) != getattr(assessment, name)
        for name in ("started", "interviewer", "completed")
    ):
        _check_assessment(assessment.client, merged)
    old = snapshot(assessment, ASSESSMENT_FIELDS)
    for name, value in values.items():
        setattr(assessment, name, value)
    changed = diff(old, snapshot(assessment, ASSESSMENT_FIELDS))
    if changed:
        assessment.save()
        record_change(
            "assessment",
            assessment.pk,
            A.UPDATE,
            changed,
            client_id=assessment.client_id,
            actor=acting_user,
        )
        refresh_deadlines(assessment.client)
    return changed


LEVEL_FIELDS = ("language", "skill", "level", "source", "measured_on")


@transaction.atomic
def do_set_language_level(
    assessment: Assessment, values: dict[str, Any], *, acting_user: User
) -> LanguageLevel:
    """Record (or correct) the level of one skill in one language."""
    errors = Errors()
    if not is_valid_code(values.get("language", "")):
        errors.add("language", "Unknown language code.")
    if values.get("skill") not in LanguageSkill.values:
        errors.add("skill", "Choose reading, listening, writing or speaking.")
    if values.get("level") not in LANGUAGE_LEVELS:
        errors.add("level", "Use a CEFR level (A1-C2), a Finnish sub-level (A1.1-C1.1) or 0.")
    if values.get("source", LevelSource.ASSESSMENT) not in LevelSource.values:
        errors.add("source", "Unknown source.")
    errors.raise_if_any()
    level, created = LanguageLevel.objects.get_or_create(
        assessment=assessment,
        language=values["language"],
        skill=values["skill"],
        defaults={k: v for k, v in values.items() if k in LEVEL_FIELDS},
    )
    old = {} if created else snapshot(level, LEVEL_FIELDS)
    if not created:
        for name in LEVEL_FIELDS:
            if name in values:
                setattr(level, name, values[name])
        level.save()
    changed = diff(old, snapshot(level, LEVEL_FIELDS))
    if changed:
        record_change(
            "language_level",
            level.pk,
            A.CREATE if created else A.UPDATE,
            changed,
            client_id=assessment.client_id,
            actor=acting_user,
        )
    return level


# --- The multi-professional route ----------------------------------------------------------------


def county_for(client: Client) -> Organisation | None:
    """The wellbeing services county serving the client's municipality."""
    if client.municipality_id is None:
        return None
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.WELLBEING_COUNTY, serves=client.municipality_id, is_active=True
        )
        .order_by("slug")
        .first()
    )


@transaction.atomic
def do_request_wellbeing(
    client: Client,
    *,
    county: Organisation,
    legal_basis: str,
    reason: str,
    acting_user: User,
    assessment: Assessment | None = None,
    invited: User | None = None,
    day: datetime.date | None = None,
) -> WellbeingRequest:
    """Ask the wellbeing county to take part; its workers may then read the client's
    assessment and plan and write their contribution until the request is closed."""
    errors = Errors()
    if county.kind != Organisation.Kind.WELLBEING_COUNTY:
        errors.add("county", "Choose a wellbeing services county.")
    if legal_basis not in WellbeingRequest.LegalBasis.values:
        errors.add("legal_basis", "Choose the legal basis of the request.")
    if not reason.strip():
        errors.add("reason", "Say why the county's participation is needed.")
    if (
        invited is not None
        and not Membership.objects.active().filter(user=invited, unit__organisation=county).exists()
    ):
        errors.add("invited", "The invited worker does not work for this county.")
    errors.raise_if_any()
    request = WellbeingRequest.objects.create(
        client=client,
        assessment=assessment,
        county=county,
        invited=invited,
        legal_basis=legal_basis,
        reason=reason.strip(),
        requested_by=acting_user,
        requested_on=day or timezone.localdate(),
    )
    record_change(
        "wellbeing_request",
        request.pk,
        A.CREATE,
        diff(
            {},
            snapshot(
                request,
                ("county", "invited", "legal_basis", "reason", "requested_on", "assessment"),
            ),
        ),
        client_id=client.pk,
        actor=acting_user,
    )
    return request


@transaction.atomic
def do_close_wellbeing_request(
    request: WellbeingRequest, *, acting_user: User, day: datetime.date | None = None
) -> None:
    if request.closed_on is not None:
        return
    request.closed_on = max(day or timezone.localdate(), request.requested_on)
    request.save(update_fields=["closed_on"])
    record_change(
        "wellbeing_request",
        request.pk,
        A.UPDATE,
        {"closed_on": [None, request.closed_on]},
        client_id=request.client_id,
        actor=acting_user,
    )


@transaction.atomic
def do_add_contribution(
    request: WellbeingRequest, *, text: str, acting_user: User, day: datetime.date | None = None
) -> Contribution:
    if not request.is_open:
        raise InvalidError({"text": ["The multi-professional process is closed."]})
    if not text.strip():
        raise InvalidError({"text": ["Write the contribution."]})
    contribution = Contribution.objects.create(
        request=request,
        author=acting_user,
        written_on=day or timezone.localdate(),
        text=text.strip(),
    )
    record_change(
        "contribution",
        contribution.pk,
        A.CREATE,
        {"text": [None, contribution.text]},
        client_id=request.client_id,
        actor=acting_user,
    )
    return contribution


# --- Plan --------------------------------------------------------------------------------------

PLAN_FIELDS = (
    "kind",
    "assessment",
    "start",
    "end",
    "status",
    "recorded_in",
    "official_reference",
    "client_responsibilities",
    "explained_in",
    "interpreter_used",
    "agreement",
    "agreed_on",
    "exception_rule",
    "exception_reason",
)


def _spans(client: Client, *, exclude: Any = None) -> list[rules.PlanSpan]:
    qs = client.plans.exclude(status=PlanStatus.CANCELLED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return [rules.PlanSpan(p.start, p.end) for p in qs]


def _check_plan(
    client: Client,
    values: dict[str, Any],
    *,
    exclude: Any = None,
    exception: RuleException | None,
    before: rules.PlanSpan | None = None,
) -> None:
    """The rules of one plan among the client's others. `before`: the plan's span before an
    edit; an edit that does not lengthen the client's total is not refused for the total
    (a longer total was accepted earlier with its recorded reason)."""
    _check_plan_fields(values, exception)
    others = _spans(client, exclude=exclude)
    if values.get("status") == PlanStatus.CANCELLED:
        _check_new_first_plan(client, others)
        return
    span = rules.PlanSpan(values["start"], values["end"])
    overlap = rules.overlapping_plan(span, others)
    if overlap is not None:
        raise InvalidError(
            {"start": [f"The plan overlaps the client's plan {overlap.start} – {overlap.end}."]}
        )
    violations = rules.check_plan(
        span,
        others=others,
        first_permit_date=client.first_permit_date,
        basis=client.immigration_basis,
        exempt_bases=exempt_bases(),
    )
    if exception is not None:
        violations = [v for v in violations if v.rule.id != exception.rule]
    if before is not None and span.days <= before.days:
        violations = [v for v in violations if v.rule.id != "plans-total-two-years-681-2023"]
    if violations:
        raise RuleViolationError(violations)


def _check_new_first_plan(client: Client, remaining: list[rules.PlanSpan]) -> None:
    """Cancelling a plan may make the next one the client's first plan: it must then meet
    the first plan's rules (the window and one year), or the cancellation is refused."""
    if not remaining:
        return
    first = min(remaining, key=lambda s: s.start)
    violations = [
        v
        for v in rules.check_plan(
            first,
            others=[s for s in remaining if s is not first],
            first_permit_date=client.first_permit_date,
            basis=client.immigration_basis,
            exempt_bases=exempt_bases(),
        )
        if v.rule.id != "plans-total-two-years-681-2023"
    ]
    if violations:
        raise RuleViolationError(
            [
                rules.Violation(
                    v.rule,
                    ("status",),
                    f"Cancelling this plan would make the plan {first.start} – {first.end} "
                    f"the client's first plan, against its rule: {v.message}",
                )
                for v in violations
            ]
        )


def _check_plan_fields(values: dict[str, Any], exception: RuleException | None) -> None:
    errors = Errors()
    _check_dates(errors, "start", "end", values)
    if values.get("recorded_in") == RecordedIn.OFFICIAL and not values.get("official_reference"):
        errors.add(
            "official_reference",
            "Give the reference of the plan in the employment services' system.",
        )
    if exception is not None:
        if exception.rule not in rules.EXCEPTION_ALLOWED:
            errors.add("exception.rule", "This rule allows no exception.")
        if not exception.reason.strip():
            errors.add("exception.reason", "Give the reason for the exception.")
    errors.raise_if_any()


def plan_record_mode(client: Client) -> str:
    """`full` or `reference`: where a jobseeker's plan lives, by the employment area's choice."""
    if client.responsible_authority != ResponsibleAuthority.EMPLOYMENT_AREA:
        return "full"
    area = employment_area_for(client)
    return area.plan_record if area is not None else "full"


def employment_area_for(client: Client) -> Organisation | None:
    """The employment area serving the client's municipality."""
    if client.municipality_id is None:
        return None
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.EMPLOYMENT_AREA, serves=client.municipality_id, is_active=True
        )
        .order_by("slug")
        .first()
    )


def _check_consent(
    client: Client, consent: Consent | None, provider: Organisation | None, day: datetime.date
) -> str | None:
    """A message when the disclosure to an NGO provider lacks a valid consent."""
    if provider is None or provider.kind != Organisation.Kind.NGO:
        return None
    if consent is None:
        return "A referral to an NGO needs the client's consent: record it first."
    if consent.client_id != client.pk or consent.recipient_id != provider.pk:
        return "The consent is not the client's consent to this provider."
    if not consent.valid_on(day):
        return "The consent is not valid on this day (withdrawn or not yet given)."
    return None


@transaction.atomic
def do_create_plan(
    client: Client,
    values: dict[str, Any],
    *,
    unit: Unit,
    acting_user: User,
    goals: Sequence[str] = (),
    services: Sequence[dict[str, Any]] = (),
    exception: RuleException | None = None,
) -> Plan:
    values = {
        "explained_in": client.mother_tongue,
        "recorded_in": RecordedIn.OFFICIAL
        if plan_record_mode(client) == "reference"
        else RecordedIn.KOTOPOLKU,
        **values,
    }
    if exception is not None:
        values["exception_rule"], values["exception_reason"] = exception.rule, exception.reason
    _check_plan(client, values, exception=exception)
    if any(not text.strip() for text in goals):
        raise InvalidError({"goals": ["A goal needs a text."]})
    _check_services(client, services)
    plan = Plan(
        client=client,
        unit=unit,
        created_by=acting_user,
        authority=client.responsible_authority,
    )
    for name in PLAN_FIELDS:
        if name in values:
            setattr(plan, name, values[name])
    plan.save()
    record_change(
        "plan",
        plan.pk,
        A.CREATE,
        diff({}, snapshot(plan, (*PLAN_FIELDS, "authority"))),
        client_id=client.pk,
        reason=exception.reason if exception else "",
        actor=acting_user,
    )
    for position, text in enumerate(goals):
        do_add_goal(plan, text, acting_user=acting_user, position=position, refresh=False)
    for service in services:
        do_add_service(plan, service, acting_user=acting_user, refresh=False)
    refresh_deadlines(client)
    return plan


@transaction.atomic
def do_update_plan(
    plan: Plan,
    values: dict[str, Any],
    *,
    acting_user: User,
    exception: RuleException | None = None,
) -> dict[str, Any]:
    if exception is not None:
        values = {**values, "exception_rule": exception.rule, "exception_reason": exception.reason}
    merged = {name: getattr(plan, name) for name in PLAN_FIELDS} | values
    spans_change = any(
        name in values and values[name] != getattr(plan, name) for name in ("start", "end")
    ) or (PlanStatus.CANCELLED in (values.get("status"), plan.status) and "status" in values)
    removes_exception = bool(plan.exception_rule) and not merged.get("exception_rule")
    if spans_change or removes_exception:
        # a stored exception does not excuse a new breach: the request carries its own; and
        # it cannot be removed while the total it excuses stands
        before = (
            None
            if plan.status == PlanStatus.CANCELLED or removes_exception
            else rules.PlanSpan(plan.start, plan.end)
        )
        _check_plan(plan.client, merged, exclude=plan.pk, exception=exception, before=before)
    else:  # the dates stand: only the plain checks (the rules held when they were set)
        _check_plan_fields(merged, exception)
    old = snapshot(plan, PLAN_FIELDS)
    for name, value in values.items():
        setattr(plan, name, value)
    changed = diff(old, snapshot(plan, PLAN_FIELDS))
    if changed:
        plan.save()
        record_change(
            "plan",
            plan.pk,
            A.UPDATE,
            changed,
            client_id=plan.client_id,
            reason=exception.reason if exception else "",
            actor=acting_user,
        )
        refresh_deadlines(plan.client)
    return changed


@transaction.atomic
def do_add_goal(
    plan: Plan,
    text: str,
    *,
    acting_user: User,
    status: str = GoalStatus.OPEN,
    position: int | None = None,
    refresh: bool = True,
) -> Goal:
    errors = Errors()
    if not text.strip():
        errors.add("text", "A goal needs a text.")
    if status not in GoalStatus.values:
        errors.add("status", "Unknown status.")
    errors.raise_if_any()
    if position is None:
        position = plan.goals.count()
    goal = Goal.objects.create(plan=plan, text=text.strip(), status=status, position=position)
    record_change(
        "goal",
        goal.pk,
        A.CREATE,
        {"text": [None, goal.text], "status": [None, goal.status]},
        client_id=plan.client_id,
        actor=acting_user,
    )
    return goal


@transaction.atomic
def do_set_goal_status(goal: Goal, status: str, *, acting_user: User) -> None:
    if status not in GoalStatus.values:
        raise InvalidError({"status": ["Unknown status."]})
    if goal.status == status:
        return
    old, goal.status = goal.status, status
    goal.save(update_fields=["status"])
    record_change(
        "goal",
        goal.pk,
        A.UPDATE,
        {"status": [old, status]},
        client_id=goal.plan.client_id,
        actor=acting_user,
    )


SERVICE_FIELDS = (
    "name",
    "provider",
    "provider_name",
    "start",
    "end",
    "status",
    "directed_on",
    "consent",
)


def _check_services(client: Client, services: Sequence[dict[str, Any]]) -> None:
    errors = Errors()
    for index, values in enumerate(services):
        prefix = f"services[{index}]."
        _check_service(client, values, errors, prefix)
    errors.raise_if_any()


def _check_service(
    client: Client, values: dict[str, Any], errors: Errors, prefix: str = ""
) -> None:
    if not (values.get("name") or "").strip():
        errors.add(f"{prefix}name", "Name the service.")
    _check_dates(errors, "start", "end", values)
    if "end" in errors.errors:
        errors.errors[f"{prefix}end"] = errors.errors.pop("end")
    status = values.get("status", ServiceStatus.PLANNED)
    if status not in ServiceStatus.values:
        errors.add(f"{prefix}status", "Unknown status.")
    day = values.get("directed_on") or values.get("start") or timezone.localdate()
    message = _check_consent(client, values.get("consent"), values.get("provider"), day)
    if message:
        errors.add(f"{prefix}consent", message)


@transaction.atomic
def do_add_service(
    plan: Plan, values: dict[str, Any], *, acting_user: User, refresh: bool = True
) -> PlannedService:
    errors = Errors()
    _check_service(plan.client, values, errors)
    errors.raise_if_any()
    values = dict(values)
    if values.get("status") in DIRECTED_STATUSES and not values.get("directed_on"):
        values["directed_on"] = values.get("start") or timezone.localdate()
    service = PlannedService(plan=plan)
    for name in SERVICE_FIELDS:
        if name in values:
            setattr(service, name, values[name])
    service.save()
    record_change(
        "planned_service",
        service.pk,
        A.CREATE,
        diff({}, snapshot(service, SERVICE_FIELDS)),
        client_id=plan.client_id,
        actor=acting_user,
    )
    if refresh:
        refresh_deadlines(plan.client)
    return service


@transaction.atomic
def do_update_service(
    service: PlannedService, values: dict[str, Any], *, acting_user: User
) -> dict[str, Any]:
    merged = {name: getattr(service, name) for name in SERVICE_FIELDS} | values
    errors = Errors()
    client = service.plan.client
    _check_service(client, merged, errors)
    errors.raise_if_any()
    values = dict(values)
    if merged.get("status") in DIRECTED_STATUSES and not merged.get("directed_on"):
        values["directed_on"] = merged.get("start") or timezone.localdate()
    old = snapshot(service, SERVICE_FIELDS)
    for name, value in values.items():
        setattr(service, name, value)
    changed = diff(old, snapshot(service, SERVICE_FIELDS))
    if changed:
        service.save()
        record_change(
            "planned_service", service.pk, A.UPDATE, changed, client_id=client.pk, actor=acting_user
        )
        refresh_deadlines(client)
    return changed


@transaction.atomic
def do_add_review(
    plan: Plan, *, held_on: datetime.date, note: str = "", acting_user: User
) -> Review:
    if held_on < plan.start:
        raise InvalidError({"held_on": ["The review is before the plan starts."]})
    review = Review.objects.create(plan=plan, held_on=held_on, note=note.strip(), by=acting_user)
    record_change(
        "review",
        review.pk,
        A.CREATE,
        {"held_on": [None, held_on], "note": [None, review.note]},
        client_id=plan.client_id,
        actor=acting_user,
    )
    refresh_deadlines(plan.client)
    return review


# --- Guidance contacts ------------------------------------------------------------------------

CONTACT_FIELDS = (
    "day",
    "channel",
    "language",
    "interpreter_used",
    "topics",
    "minutes",
    "note",
    "visitors",
    "interpreter_booked",
    "missed",
    "cancelled",
)


@transaction.atomic
def do_record_contact(
    client: Client | None, values: dict[str, Any], *, unit: Unit, acting_user: User
) -> Contact:
    """A guidance contact with a client, or an anonymous walk-in visit (client None)."""
    errors = Errors()
    if client is not None and values.get("visitors", 1) != 1:
        errors.add("visitors", "A contact with a client is one visit.")
    if client is None and values.get("note"):
        errors.add("note", "An anonymous visit has no note (it would identify the visitor).")
    if values.get("cancelled") and not values.get("missed"):
        errors.add("cancelled", "Only a missed appointment can have been cancelled.")
    if values.get("missed") and values.get("channel") == "walk_in":
        errors.add("missed", "A walk-in visit cannot be missed.")
    errors.raise_if_any()
    contact = Contact(client=client, unit=unit, recorded_by=acting_user)
    for name in CONTACT_FIELDS:
        if name in values:
            setattr(contact, name, values[name])
    contact.save()
    record_change(
        "contact",
        contact.pk,
        A.CREATE,
        diff({}, snapshot(contact, CONTACT_FIELDS)),
        client_id=client.pk if client else None,
        actor=acting_user,
    )
    return contact


def fee_chargeable(contact: Contact) -> bool:
    return rules.missed_appointment_chargeable(
        day=contact.day,
        interpreter_booked=contact.interpreter_booked,
        missed=contact.missed,
        cancelled=contact.cancelled,
    )


# --- Hand-over ---------------------------------------------------------------------------------


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


# --- Consent -----------------------------------------------------------------------------------


@transaction.atomic
def do_record_consent(
    client: Client,
    *,
    scope: str,
    recipient: Organisation,
    given_on: datetime.date,
    acting_user: User,
    note: str = "",
) -> Consent:
    errors = Errors()
    if scope not in Consent.Scope.values:
        errors.add("scope", "Choose what the consent covers.")
    if given_on > timezone.localdate():
        errors.add("given_on", "A consent cannot be given in the future.")
    errors.raise_if_any()
    consent = Consent.objects.create(
        client=client,
        scope=scope,
        recipient=recipient,
        given_on=given_on,
        recorded_by=acting_user,
        note=note.strip(),
    )
    record_change(
        "consent",
        consent.pk,
        A.CREATE,
        diff({}, snapshot(consent, ("scope", "recipient", "given_on", "note"))),
        client_id=client.pk,
        actor=acting_user,
    )
    return consent


@transaction.atomic
def do_withdraw_consent(
    consent: Consent, *, acting_user: User, day: datetime.date | None = None
) -> None:
    if consent.withdrawn_on is not None:
        return
    day = day or timezone.localdate()
    if day < consent.given_on:
        raise InvalidError({"withdrawn_on": ["The withdrawal is before the consent was given."]})
    consent.withdrawn_on = day
    consent.withdrawn_recorded_by = acting_user
    consent.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
    record_change(
        "consent",
        consent.pk,
        A.UPDATE,
        {"withdrawn_on": [None, day]},
        client_id=consent.client_id,
        actor=acting_user,
    )


def active_consents(client: Client, day: datetime.date | None = None) -> list[Consent]:
    day = day or timezone.localdate()
    return list(
        client.consents.filter(given_on__lte=day)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        .select_related("recipient")
    )
