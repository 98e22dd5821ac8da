"""The integration plan (s. 16): its rules, goals, planned services, reviews and the
extensions of the two-year maximum."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from kotopolku.accounts import scopes as account_scopes
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.casework import hooks, rules
from kotopolku.casework.models import (
    DIRECTED_STATUSES,
    LANGUAGE_LEVELS,
    ExtensionReason,
    Goal,
    GoalStatus,
    IntegrationLanguage,
    Plan,
    PlanExtension,
    PlannedService,
    PlanStatus,
    RecordedIn,
    Review,
    ServiceStatus,
)
from kotopolku.catalog.models import Service
from kotopolku.clients.models import Client, Consent, ResponsibleAuthority
from kotopolku.core import languages
from kotopolku.core.translated import pick
from kotopolku.orgs.models import Organisation, Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

from kotopolku.casework.actions.common import (
    A,
    Errors,
    InvalidError,
    RuleException,
    RuleViolationError,
    check_dates,
    exempt_bases,
)
from kotopolku.casework.actions.deadlines import refresh_deadlines

PLAN_FIELDS = (
    "kind",
    "assessment",
    "start",
    "end",
    "status",
    "recorded_in",
    "official_reference",
    "client_responsibilities",
    "follow_up",
    "job_search_obligation",
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
    legacy: bool = False,
) -> None:
    """The rules of one plan among the client's others. `before`: the plan's span before an
    edit; an edit that does not lengthen the client's total is not refused for the total
    (a longer total was accepted earlier with its recorded reason)."""
    _check_plan_fields(values, exception, legacy=legacy)
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
        limits=rules.Limits.from_settings(),
        extension_months=extension_months(client),
    )
    if exception is not None:
        violations = [v for v in violations if v.rule.id != exception.rule]
    if before is not None and span.days <= before.days:
        violations = [v for v in violations if not rules.is_total_rule(v.rule.id)]
    if violations:
        raise RuleViolationError(violations)


def plan_maximum_of(client: Client) -> datetime.date | None:
    """The last day the client's plans under this act may reach (the two years with the
    recorded extensions, counted as the organisation's setting says); None without plans."""
    spans = _spans(client)
    return rules.maximum_end_for(
        spans,
        counting=rules.Limits.from_settings().plan_maximum_counting,
        extension_months=extension_months(client),
    )


def extension_months(client: Client) -> int:
    """The months by which recorded decisions lengthen the client's two-year maximum."""
    return sum(e.months for e in client.plan_extensions.all())


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
            limits=rules.Limits.from_settings(),
        )
        if not rules.is_total_rule(v.rule.id)
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


def _check_job_search(client: Client, values: dict[str, Any]) -> None:
    """The job-search obligation only in a registered jobseeker's plan."""
    if not values.get("job_search_obligation", "").strip():
        return
    periods = [
        rules.PlanSpan(p.start, p.end or datetime.date.max) for p in client.jobseeker_periods.all()
    ]
    violations = rules.check_job_search_obligation(
        rules.PlanSpan(values["start"], values["end"]),
        has_obligation=True,
        jobseeker_periods=periods,
    )
    if violations:
        raise RuleViolationError(violations)


def _check_plan_fields(
    values: dict[str, Any], exception: RuleException | None, *, legacy: bool = False
) -> None:
    errors = Errors()
    check_dates(errors, "start", "end", values)
    if values.get("recorded_in") == RecordedIn.OFFICIAL and not values.get("official_reference"):
        errors.add(
            "official_reference",
            "Give the reference of the plan in the employment services' system.",
        )
    if exception is not None:
        allowed = rules.EXCEPTION_ALLOWED | (rules.LEGACY_EXCEPTION_RULES if legacy else set())
        if exception.rule not in allowed:
            errors.add(
                "exception.rule",
                "This rule allows no exception: a longer time than two years needs a recorded "
                "extension decision.",
            )
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
    legacy_exception: bool = False,
) -> Plan:
    """Record a plan. `exception` with `legacy_exception` is only for a document of plans
    recorded before the extension decisions (the import); a request cannot carry one."""
    values = {
        "explained_in": client.mother_tongue,
        "recorded_in": RecordedIn.OFFICIAL
        if plan_record_mode(client) == "reference"
        else RecordedIn.KOTOPOLKU,
        **values,
    }
    if exception is not None:
        values["exception_rule"], values["exception_reason"] = exception.rule, exception.reason
    _check_plan(client, values, exception=exception, legacy=legacy_exception)
    _check_job_search(client, values)
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
    if any(name in values for name in ("start", "end", "job_search_obligation")):
        _check_job_search(plan.client, merged)
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


CLIENT_TEXT_MAX = 2000


@transaction.atomic
def do_set_client_texts(
    plan: Plan,
    lang: str,
    goal_texts: dict[Any, str],
    responsibilities: str | None,
    *,
    acting_user: User,
) -> int:
    """Write the plan's texts for the client in `lang` (the counsellor's own words, second
    person): each goal's text by goal id, and what the client agreed to do (None: unchanged).
    An empty text removes that language's version. Returns how many records changed."""
    lang = (lang or "").strip().lower().replace("_", "-")
    if not languages.is_valid_code(lang):
        raise InvalidError({"lang": ["Choose the client's language."]})
    errors = Errors()
    goals = {str(goal.pk): goal for goal in plan.goals.all()}
    for goal_id, value in goal_texts.items():
        if str(goal_id) not in goals:
            errors.add("goals", "The goal is not in this plan.")
        elif len(value) > CLIENT_TEXT_MAX:
            errors.add(f"goal-{goal_id}", f"At most {CLIENT_TEXT_MAX} characters.")
    if responsibilities is not None and len(responsibilities) > CLIENT_TEXT_MAX * 2:
        errors.add("responsibilities", f"At most {CLIENT_TEXT_MAX * 2} characters.")
    errors.raise_if_any()

    def updated(texts: dict[str, str], value: str) -> dict[str, str] | None:
        value = value.strip()
        if texts.get(lang, "") == value:
            return None
        new = {code: text for code, text in texts.items() if code != lang}
        return {**new, lang: value} if value else new

    def save(record: Goal | Plan, subject: str, field: str, value: str) -> int:
        """Store the client text in `field` and log old and new; 1 when it changed."""
        new = updated(getattr(record, field) or {}, value)
        if new is None:
            return 0
        old = getattr(record, field)
        setattr(record, field, new)
        record.save(update_fields=[field])
        record_change(
            subject,
            record.pk,
            A.UPDATE,
            {field: [old, new]},
            client_id=plan.client_id,
            actor=acting_user,
        )
        return 1

    changed = sum(
        save(goals[str(goal_id)], "goal", "client_texts", value)
        for goal_id, value in goal_texts.items()
    )
    if responsibilities is not None:
        changed += save(plan, "plan", "client_responsibilities_texts", responsibilities)
    return changed


SERVICE_FIELDS = (
    "name",
    "provider",
    "provider_name",
    "start",
    "end",
    "status",
    "directed_on",
    "consent",
    "catalog_service",
)


def with_catalog_defaults(values: dict[str, Any]) -> dict[str, Any]:
    """A service chosen from the offering tray takes the entry's name (in the acting user's
    language) and its owner as the provider, unless the caller gave them."""
    entry = values.get("catalog_service")
    if entry is None:
        return values
    values = dict(values)
    if not (values.get("name") or "").strip():
        values["name"] = pick(entry.name).value[:200]
    if values.get("provider") is None and not (values.get("provider_name") or "").strip():
        values["provider"] = entry.owner
    return values


def _check_services(client: Client, services: Sequence[dict[str, Any]]) -> None:
    errors = Errors()
    for index, values in enumerate(services):
        prefix = f"services[{index}]."
        _check_service(client, with_catalog_defaults(values), errors, prefix)
    errors.raise_if_any()


def _check_service(
    client: Client,
    values: dict[str, Any],
    errors: Errors,
    prefix: str = "",
    *,
    linked_before: Any = None,
) -> None:
    """`linked_before`: the tray entry the service was linked to before an edit (it may
    have been archived since; keeping that link is not a new choice of it)."""
    entry = values.get("catalog_service")
    if entry is not None and entry.pk != linked_before and entry.status != Service.Status.PUBLISHED:
        errors.add(f"{prefix}catalog_service", "This offering tray entry is not published.")
    if not (values.get("name") or "").strip():
        errors.add(f"{prefix}name", "Name the service.")
    check_dates(errors, "start", "end", values)
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
    values = with_catalog_defaults(values)
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
    if service.catalog_service_id is not None:
        # the referrals app links an open referral of the client to the same tray entry
        hooks.service_added(service, acting_user)
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
    _check_service(client, merged, errors, linked_before=service.catalog_service_id)
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


REVIEW_LEVEL_FIELDS = (
    "levels_language",
    "level_listening",
    "level_speaking",
    "level_reading",
    "level_writing",
)


@transaction.atomic
def do_add_review(
    plan: Plan,
    *,
    held_on: datetime.date,
    note: str = "",
    acting_user: User,
    levels: dict[str, str] | None = None,
) -> Review:
    """A review of the plan, with the client's Finnish or Swedish per skill when given
    (the form prefills them from the latest final language test)."""
    errors = Errors()
    if held_on < plan.start:
        errors.add("held_on", "The review is before the plan starts.")
    levels = {name: (levels or {}).get(name, "") or "" for name in REVIEW_LEVEL_FIELDS}
    for name in REVIEW_LEVEL_FIELDS[1:]:
        levels[name] = levels[name].strip().upper()
        if levels[name] and levels[name] not in LANGUAGE_LEVELS:
            errors.add(name, "Use a CEFR level (A1-C2), a Finnish sub-level (A1.1-C1.1) or 0.")
    if levels["levels_language"] not in IntegrationLanguage.values:
        errors.add("levels_language", "Unknown value.")
    errors.raise_if_any()
    review = Review.objects.create(
        plan=plan, held_on=held_on, note=note.strip(), by=acting_user, **levels
    )
    record_change(
        "review",
        review.pk,
        A.CREATE,
        {
            "held_on": [None, held_on],
            "note": [None, review.note],
            **{name: [None, value] for name, value in levels.items() if value},
        },
        client_id=plan.client_id,
        actor=acting_user,
    )
    refresh_deadlines(plan.client)
    return review


EXTENSION_FIELDS = ("decided_on", "months", "reason", "note", "decided_by")


@transaction.atomic
def do_record_plan_extension(
    client: Client, values: dict[str, Any], *, acting_user: User
) -> PlanExtension:
    """Record a decision to lengthen the client's two-year maximum of plans: a reason from
    the short list, the length in months (the extensions together at most the rule's
    `extension_max_months`, the organisation's own target, `PLAN_EXTENSION_MAX_MONTHS`) and who decided (a colleague; default the recorder)."""

    values = {"decided_by": acting_user, "note": "", **values}
    limit = rules.Limits.from_settings().number("plan_extension_max_months", timezone.localdate())
    errors = Errors()
    months = values.get("months")
    granted = extension_months(client)
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        errors.add("months", "Give the length of the extension in whole months (at least 1).")
    elif granted + months > limit:
        errors.add(
            "months",
            f"The extensions together may be at most {limit} months (the organisation's "
            f"setting); {granted} are already recorded.",
        )
    if values.get("reason") not in ExtensionReason.values:
        errors.add("reason", "Choose the reason from the list.")
    elif values["reason"] == ExtensionReason.OTHER and not str(values["note"]).strip():
        errors.add("note", "Explain the other reason.")
    decided_on = values.get("decided_on")
    if not isinstance(decided_on, datetime.date):
        errors.add("decided_on", "Give the day of the decision.")
    elif decided_on > timezone.localdate():
        errors.add("decided_on", "The decision cannot be in the future.")
    decider = values["decided_by"]
    if (
        decider != acting_user
        and not account_scopes.colleagues(acting_user).filter(pk=decider.pk).exists()
    ):
        errors.add("decided_by", "Name a person of your organisation.")
    if not client.plans.exclude(status=PlanStatus.CANCELLED).exists():
        errors.add("months", "The client has no integration plan to extend.")
    errors.raise_if_any()
    extension = PlanExtension.objects.create(
        client=client,
        recorded_by=acting_user,
        **{name: values[name] for name in EXTENSION_FIELDS},
    )
    record_change(
        "plan_extension",
        extension.pk,
        A.CREATE,
        diff({}, snapshot(extension, EXTENSION_FIELDS)),
        client_id=client.pk,
        actor=acting_user,
    )
    refresh_deadlines(client)
    return extension
