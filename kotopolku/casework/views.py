"""Casework pages: the assessment, the multi-professional route, the integration plan, guidance
contacts, hand-overs, consents and the export, and the casework part of the client page.

Every view fetches the client through `access.scopes` (404 outside the user's view) and child
objects through that client (404 when they belong to another). Writing also needs the
responsible authority's side (`scopes.may_write_casework`): others get a 403 page that names
who is responsible. Actions check the rules and write; a refusal re-renders the form with the
errors on their fields and nothing written.
"""

from __future__ import annotations

import datetime
import importlib
import json
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotopolku.access import scopes
from kotopolku.accounts.models import User
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions, rules
from kotopolku.casework.forms import (
    AssessmentForm,
    ConsentForm,
    ContactForm,
    ContributionForm,
    GoalForm,
    GoalStatusForm,
    LanguageLevelForm,
    PlanForm,
    ReviewForm,
    ServiceForm,
    WalkInForm,
    WellbeingRequestForm,
    WithdrawConsentForm,
)
from kotopolku.casework.labels import DEADLINE_LABELS
from kotopolku.casework.models import (
    Assessment,
    CaseKind,
    Contact,
    ContactTopic,
    Contribution,
    Deadline,
    Goal,
    GoalStatus,
    HandOver,
    HandOverStatus,
    Plan,
    PlannedService,
    RecordedIn,
    WellbeingRequest,
)
from kotopolku.clients.models import Client, ClientStatus, Consent, ResponsibleAuthority
from kotopolku.core import languages
from kotopolku.core.rulebook import RuleVersion
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Membership, Organisation, Role, Unit

# Roles that work the whole case; a wellbeing-county worker sees only the assessment, the
# plan and their county's requests.
FULL_CASEWORK_ROLES = (Role.COUNSELLOR, Role.UNIT_MANAGER, Role.EMPLOYMENT_WORKER)
REFUSALS = (actions.InvalidError, actions.RuleViolationError)
RECENT_CONTACTS = 10


# --- Helpers -----------------------------------------------------------------------------------


def _client(request: AuthenticatedRequest, client_id: Any) -> Client:
    return scopes.get_client_for_user(request.user, client_id)


def responsible_side(client: Client) -> str:
    """Who keeps the client's casework, named for people."""
    if client.responsible_authority == ResponsibleAuthority.EMPLOYMENT_AREA:
        area = actions.employment_area_for(client)
        if area is None:
            return _("the employment area")
        return _("%(name)s (the employment area)") % {"name": area.display_name()}
    unit = client.responsible_unit
    return _("%(organisation)s, %(unit)s (the municipality's integration services)") % {
        "organisation": unit.organisation.display_name(),
        "unit": unit.display_name(),
    }


def _refuse_write(request: AuthenticatedRequest, client: Client) -> HttpResponse | None:
    """None when the user may change the client's casework, else the 403 page."""
    if scopes.may_write_casework(request.user, client):
        return None
    if client.status != ClientStatus.ACTIVE:
        message = _("The client's record is not active, so the casework can no longer be changed.")
    else:
        message = _(
            "The casework of this client is kept by %(side)s. You can read it, but only the "
            "responsible side can change it."
        ) % {"side": responsible_side(client)}
    return render(
        request, "casework/forbidden.html", {"client": client, "message": message}, status=403
    )


def _unit(request: AuthenticatedRequest) -> Unit:
    unit = scopes.default_casework_unit(request.user)
    if unit is None:
        raise Http404
    return unit


def _redirect(name: str, *args: Any, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(name, args=args) + (f"#{anchor}" if anchor else ""))


def _ui() -> str:
    return (get_language() or "fi")[:2]


def _language_name(code: str) -> str:
    return languages.name(code, _ui()) if code else ""


def _client_language(client: Client) -> str:
    """The language the client is usually served in: the first language of service."""
    return client.service_languages[0] if client.service_languages else client.mother_tongue


def _has_full_casework(user: User) -> bool:
    return user.has_role(*FULL_CASEWORK_ROLES)


def _interviewers(user: User, *also: User | None) -> list[User]:
    """The public officials of the user's organisations, and `also` (the user, the recorded
    interviewer) so that the default and the current value stay choosable."""
    officials = scopes.colleagues(user).filter(
        memberships__in=Membership.objects.active().filter(
            is_public_official=True, unit__organisation_id__in=scopes.organisation_ids(user)
        )
    )
    extra = [u.pk for u in also if u is not None]
    return list(
        User.objects.filter(Q(pk__in=extra) | Q(pk__in=officials.values("pk"))).order_by(
            "last_name", "first_name"
        )
    )


def _organisations(user: User, *also: Organisation | None) -> list[Organisation]:
    """Active organisations the user may see (providers, recipients of a consent)."""
    extra = [o.pk for o in also if o is not None]
    return list(
        Organisation.objects.filter(
            Q(pk__in=scopes.visible_organisations(user).filter(is_active=True).values("pk"))
            | Q(pk__in=extra)
        )
    )


def _consents(client: Client, *also: Consent | None) -> list[Consent]:
    found = actions.active_consents(client)
    known = {c.pk for c in found}
    found += [c for c in also if c is not None and c.pk not in known]
    return found


def deadline_rows(deadlines: Iterable[Deadline], today: datetime.date) -> list[dict[str, Any]]:
    """Deadlines as the pages show them: a label, the day, overdue or not, the rule."""
    rows = []
    for deadline in deadlines:
        try:
            version: RuleVersion | None = rules.rule(deadline.rule)
        except KeyError:
            version = None
        rows.append(
            {
                "kind": deadline.kind,
                "label": DEADLINE_LABELS.get(deadline.kind, deadline.kind),
                "due": deadline.due,
                "overdue": deadline.due < today,
                "days_left": (deadline.due - today).days,
                "rule": deadline.rule,
                "reference": _(version.legal_reference) if version else "",
            }
        )
    return rows


def _topic_names() -> dict[str, str]:
    return {t.code: str(pick(t.name)) or t.code for t in ContactTopic.objects.all()}


def _contact_rows(contacts: Iterable[Contact]) -> list[dict[str, Any]]:
    topics = _topic_names()
    return [
        {
            "contact": c,
            "language": _language_name(c.language),
            "topics": [topics.get(code, code) for code in c.topics],
            "fee": actions.fee_chargeable(c),
        }
        for c in contacts
    ]


# --- The client page's casework part -------------------------------------------------------------


def client_casework_context(request: AuthenticatedRequest, client: Client) -> dict[str, Any]:
    """The context of `casework/_client_casework.html` on the client page, under one key,
    `casework`: the deadlines, assessments, plans, recent contacts, open hand-overs,
    wellbeing requests, consents and what the user may do. The client page logs the read
    of the client, which covers what it shows of the casework."""
    user = request.user
    today = timezone.localdate()
    full = _has_full_casework(user)
    can_write = scopes.may_write_casework(user, client)
    requests = client.wellbeing_requests.select_related("county", "invited")
    if not full:
        requests = requests.filter(county_id__in=scopes.organisation_ids(user))
    contacts: list[Contact] = []
    hand_overs: list[dict[str, Any]] = []
    consents: list[Consent] = []
    if full:
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
            "deadlines": deadline_rows(client.deadlines.all(), today),
            "assessments": list(client.assessments.select_related("interviewer")),
            "plans": list(client.plans.all()),
            "contacts": _contact_rows(contacts),
            "hand_overs": hand_overs,
            "wellbeing_requests": list(requests),
            "own_open_requests": set(
                scopes.open_wellbeing_requests(user, client).values_list("pk", flat=True)
            ),
            "consents": consents,
        }
    }


# --- Assessment --------------------------------------------------------------------------------


def _assessment_initial(assessment: Assessment) -> dict[str, Any]:
    initial = {name: getattr(assessment, name) for name in actions.ASSESSMENT_FIELDS}
    initial["interviewer"] = str(assessment.interviewer_id)
    return initial


@require_http_methods(["GET", "POST"])
def assessment_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = AssessmentForm(
        request.POST or None,
        interviewers=_interviewers(request.user, request.user),
        initial={
            "interviewer": str(request.user.pk),
            "interview_language": _client_language(client),
            "interpreter_used": client.interpreter_needed,
            "interpreter_language": client.interpreter_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.do_create_assessment(
                client, form.values, unit=_unit(request), acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The assessment is recorded."))
            return _redirect("casework:assessment_detail", client.pk, assessment.pk)
    record_read("client", [client.pk], purpose="assessment")
    return render(
        request, "casework/assessment_form.html", {"form": form, "client": client, "creating": True}
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(
    request: AuthenticatedRequest, client_id: Any, assessment_id: Any
) -> HttpResponse:
    client = _client(request, client_id)
    assessment = get_object_or_404(
        Assessment.objects.select_related("interviewer"), pk=assessment_id, client=client
    )
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = AssessmentForm(
        request.POST or None,
        interviewers=_interviewers(request.user, request.user, assessment.interviewer),
        initial=_assessment_initial(assessment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.do_update_assessment(
                assessment, form.values, acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return _redirect("casework:assessment_detail", client.pk, assessment.pk)
    record_read("assessment", [assessment.pk], client_ids=[client.pk], purpose="correction")
    return render(
        request,
        "casework/assessment_form.html",
        {"form": form, "client": client, "assessment": assessment, "creating": False},
    )


def _assessment_page(
    request: AuthenticatedRequest,
    client: Client,
    assessment: Assessment,
    *,
    level_form: LanguageLevelForm | None = None,
) -> HttpResponse:
    user = request.user
    record_read("assessment", [assessment.pk], client_ids=[client.pk])
    can_write = scopes.may_write_casework(user, client)
    requests = client.wellbeing_requests.filter(
        Q(assessment=assessment) | Q(assessment__isnull=True)
    ).select_related("county", "invited", "requested_by")
    if not _has_full_casework(user):
        requests = requests.filter(county_id__in=scopes.organisation_ids(user))
    requests = requests.prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("author"))
    )
    levels = [
        {"level": level, "language": _language_name(level.language)}
        for level in assessment.language_levels.all()
    ]
    request_list = list(requests)
    return render(
        request,
        "casework/assessment_detail.html",
        {
            "client": client,
            "assessment": assessment,
            "interview_language": _language_name(assessment.interview_language),
            "interpreter_language": _language_name(assessment.interpreter_language),
            "levels": levels,
            "requests": request_list,
            "has_open_request": any(r.is_open for r in request_list),
            "own_open_requests": set(
                scopes.open_wellbeing_requests(user, client).values_list("pk", flat=True)
            ),
            "plans": list(assessment.plans.all()),
            "can_write": can_write,
            "level_form": (level_form or LanguageLevelForm(prefix="level")) if can_write else None,
        },
    )


@require_GET
def assessment_detail(
    request: AuthenticatedRequest, client_id: Any, assessment_id: Any
) -> HttpResponse:
    client = _client(request, client_id)
    assessment = get_object_or_404(
        Assessment.objects.select_related("interviewer", "unit__organisation"),
        pk=assessment_id,
        client=client,
    )
    return _assessment_page(request, client, assessment)


@require_POST
def language_level_add(
    request: AuthenticatedRequest, client_id: Any, assessment_id: Any
) -> HttpResponse:
    client = _client(request, client_id)
    assessment = get_object_or_404(
        Assessment.objects.select_related("interviewer", "unit__organisation"),
        pk=assessment_id,
        client=client,
    )
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = LanguageLevelForm(request.POST, prefix="level")
    if form.is_valid():
        try:
            actions.do_set_language_level(assessment, form.cleaned_data, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The language level is recorded."))
            return _redirect(
                "casework:assessment_detail", client.pk, assessment.pk, anchor="levels"
            )
    return _assessment_page(request, client, assessment, level_form=form)


# --- The multi-professional route ----------------------------------------------------------------


def _counties(client: Client) -> list[Organisation]:
    """The wellbeing counties serving the client's municipality (all active ones if none)."""
    counties = Organisation.objects.filter(kind=Organisation.Kind.WELLBEING_COUNTY, is_active=True)
    serving = (
        list(counties.filter(serves=client.municipality_id).distinct())
        if client.municipality_id
        else []
    )
    return serving or list(counties)


def _county_workers(counties: list[Organisation]) -> list[tuple[User, Organisation]]:
    found: dict[Any, tuple[User, Organisation]] = {}
    for membership in (
        Membership.objects.active()
        .filter(unit__organisation__in=counties, role=Role.WELLBEING_WORKER, user__is_active=True)
        .select_related("user", "unit__organisation")
    ):
        found.setdefault(membership.user_id, (membership.user, membership.unit.organisation))
    return list(found.values())


@require_http_methods(["GET", "POST"])
def wellbeing_request(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    counties = _counties(client)
    default = actions.county_for(client)
    form = WellbeingRequestForm(
        request.POST or None,
        counties=counties,
        workers=_county_workers(counties),
        assessments=client.assessments.all(),
        initial={
            "county": str(default.pk) if default else "",
            "legal_basis": WellbeingRequest.LegalBasis.ASSESSMENT,
            "assessment": request.GET.get("assessment", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.do_request_wellbeing(
                client,
                county=data["county"],
                legal_basis=data["legal_basis"],
                reason=data["reason"],
                acting_user=request.user,
                assessment=data["assessment"],
                invited=data["invited"],
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(
                request,
                _(
                    "The wellbeing county's participation is requested. Its workers can read "
                    "the assessment and the plan and write their contribution until you close "
                    "the request."
                ),
            )
            if created.assessment_id:
                return _redirect(
                    "casework:assessment_detail",
                    client.pk,
                    created.assessment_id,
                    anchor="wellbeing",
                )
            return _redirect("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="wellbeing request")
    return render(
        request,
        "casework/wellbeing_request_form.html",
        {"form": form, "client": client, "suggested_county": default},
    )


@require_POST
def wellbeing_close(request: AuthenticatedRequest, client_id: Any, request_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    found = get_object_or_404(WellbeingRequest, pk=request_id, client=client)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    if found.is_open:
        actions.do_close_wellbeing_request(found, acting_user=request.user)
        messages.success(
            request,
            _("The request is closed. The county's workers no longer see the client's casework."),
        )
    else:
        messages.info(request, _("The request was already closed."))
    if found.assessment_id:
        return _redirect(
            "casework:assessment_detail", client.pk, found.assessment_id, anchor="wellbeing"
        )
    return _redirect("clients:detail", client.pk, anchor="casework")


@require_http_methods(["GET", "POST"])
def contribution_add(
    request: AuthenticatedRequest, client_id: Any, request_id: Any
) -> HttpResponse:
    """A wellbeing-county worker writes their part, while their county's request is open."""
    client = _client(request, client_id)
    found = (
        scopes.open_wellbeing_requests(request.user, client)
        .select_related("county", "assessment", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_contribution(
                found, text=form.cleaned_data["text"], acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("Your contribution is saved."))
            if found.assessment_id:
                return _redirect(
                    "casework:assessment_detail",
                    client.pk,
                    found.assessment_id,
                    anchor="wellbeing",
                )
            return _redirect("casework:contribution_add", client.pk, found.pk)
    record_read("wellbeing_request", [found.pk], client_ids=[client.pk])
    return render(
        request,
        "casework/contribution_form.html",
        {
            "form": form,
            "client": client,
            "wellbeing_request": found,
            "contributions": list(found.contributions.select_related("author")),
            "plans": list(client.plans.all()),
        },
    )


# --- Plan --------------------------------------------------------------------------------------


def _exception(form: PlanForm) -> actions.RuleException | None:
    chosen = form.exception
    return actions.RuleException(*chosen) if chosen else None


@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    today = timezone.localdate()
    reference = actions.plan_record_mode(client) == "reference"
    assessments = list(client.assessments.all())
    chosen = next(
        (a for a in assessments if str(a.pk) == request.GET.get("assessment")),
        assessments[0] if assessments else None,
    )
    form = PlanForm(
        request.POST or None,
        creating=True,
        reference_mode=reference,
        assessments=assessments,
        initial={
            "kind": chosen.kind if chosen else CaseKind.BASIC,
            "assessment": str(chosen.pk) if chosen else "",
            "start": today,
            "end": rules.first_plan_last_day(today),
            "explained_in": client.mother_tongue,
            "interpreter_used": client.interpreter_needed,
            "recorded_in": RecordedIn.OFFICIAL if reference else RecordedIn.KOTOPOLKU,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.do_create_plan(
                client,
                form.values,
                unit=_unit(request),
                acting_user=request.user,
                goals=form.goal_lines,
                exception=_exception(form),
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The integration plan is recorded."))
            return _redirect("casework:plan_detail", client.pk, plan.pk)
    record_read("client", [client.pk], purpose="plan")
    return render(
        request,
        "casework/plan_form.html",
        {"form": form, "client": client, "creating": True, "reference_mode": reference},
    )


def _plan(client: Client, plan_id: Any) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("assessment", "unit__organisation"), pk=plan_id, client=client
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    reference = actions.plan_record_mode(client) == "reference" or (
        plan.recorded_in == RecordedIn.OFFICIAL
    )
    initial = {name: getattr(plan, name) for name in actions.PLAN_FIELDS}
    initial["assessment"] = str(plan.assessment_id or "")
    form = PlanForm(
        request.POST or None,
        creating=False,
        reference_mode=reference,
        assessments=client.assessments.all(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        exception = _exception(form)
        values = form.values
        if exception is None and "exception_rule" in request.POST:
            values |= {"exception_rule": "", "exception_reason": ""}  # cleared on the form
        try:
            changed = actions.do_update_plan(
                plan, values, acting_user=request.user, exception=exception
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return _redirect("casework:plan_detail", client.pk, plan.pk)
    record_read("plan", [plan.pk], client_ids=[client.pk], purpose="correction")
    return render(
        request,
        "casework/plan_form.html",
        {
            "form": form,
            "client": client,
            "plan": plan,
            "creating": False,
            "reference_mode": reference,
        },
    )


def _service_form(
    request: AuthenticatedRequest,
    client: Client,
    data: Any = None,
    service: PlannedService | None = None,
    **kwargs: Any,
) -> ServiceForm:
    return ServiceForm(
        data,
        prefix="service",
        providers=_organisations(request.user, service.provider if service else None),
        consents=_consents(client, service.consent if service else None),
        **kwargs,
    )


def _plan_page(
    request: AuthenticatedRequest,
    client: Client,
    plan: Plan,
    *,
    goal_form: GoalForm | None = None,
    service_form: ServiceForm | None = None,
    review_form: ReviewForm | None = None,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    record_read("plan", [plan.pk], client_ids=[client.pk])
    can_write = scopes.may_write_casework(user, client)
    summary_lang = plan.explained_in or client.mother_tongue
    context: dict[str, Any] = {
        "client": client,
        "plan": plan,
        "can_write": can_write,
        "goals": list(plan.goals.all()),
        "services": list(plan.services.select_related("provider", "consent__recipient")),
        "reviews": list(plan.reviews.select_related("by")),
        "deadlines": deadline_rows(client.deadlines.all(), today),
        "explained_in": _language_name(plan.explained_in),
        "summary_lang": summary_lang,
        "summary_lang_name": _language_name(summary_lang),
        "today": today,
        "open_forms": {
            name
            for name, form in (
                ("goal", goal_form),
                ("service", service_form),
                ("review", review_form),
            )
            if form is not None and form.errors
        },
    }
    if can_write:
        context |= {
            "goal_form": goal_form or GoalForm(prefix="goal"),
            "service_form": service_form or _service_form(request, client),
            "review_form": review_form or ReviewForm(prefix="review"),
            "goal_statuses": GoalStatus.choices,
        }
    return render(request, "casework/plan_detail.html", context)


@require_GET
def plan_detail(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    return _plan_page(request, client, _plan(client, plan_id))


def plan_summary(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    """The printable summary for the client (`casework.summary`, imported when used)."""
    try:
        summary = importlib.import_module("kotopolku.casework.summary")
    except ModuleNotFoundError as exc:
        if exc.name != "kotopolku.casework.summary":
            raise
        raise Http404 from exc
    response: HttpResponse = summary.plan_summary_view(
        request, client_id=client_id, plan_id=plan_id
    )
    return response


@require_POST
def goal_add(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = GoalForm(request.POST, prefix="goal")
    if form.is_valid():
        try:
            actions.do_add_goal(plan, form.cleaned_data["text"], acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The goal is added."))
            return _redirect("casework:plan_detail", client.pk, plan.pk, anchor="goals")
    return _plan_page(request, client, plan, goal_form=form)


@require_POST
def goal_status(
    request: AuthenticatedRequest, client_id: Any, plan_id: Any, goal_id: Any
) -> HttpResponse:
    client = _client(request, client_id)
    plan = _plan(client, plan_id)
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=goal_id, plan=plan)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        actions.do_set_goal_status(goal, form.cleaned_data["status"], acting_user=request.user)
        messages.success(request, _("The goal's status is saved."))
    else:
        messages.error(request, _("Choose a status for the goal."))
    return _redirect("casework:plan_detail", client.pk, plan.pk, anchor="goals")


@require_POST
def service_add(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = _service_form(request, client, request.POST)
    if form.is_valid():
        try:
            actions.do_add_service(plan, form.values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The service is added to the plan."))
            return _redirect("casework:plan_detail", client.pk, plan.pk, anchor="services")
    return _plan_page(request, client, plan, service_form=form)


@require_http_methods(["GET", "POST"])
def service_edit(
    request: AuthenticatedRequest, client_id: Any, plan_id: Any, service_id: Any
) -> HttpResponse:
    client = _client(request, client_id)
    plan = _plan(client, plan_id)
    service = get_object_or_404(
        PlannedService.objects.select_related("provider", "consent__recipient"),
        pk=service_id,
        plan=plan,
    )
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    initial = {name: getattr(service, name) for name in actions.SERVICE_FIELDS}
    initial["provider"] = str(service.provider_id or "")
    initial["consent"] = str(service.consent_id or "")
    form = _service_form(request, client, request.POST or None, service, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.do_update_service(service, form.values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return _redirect("casework:plan_detail", client.pk, plan.pk, anchor="services")
    record_read("plan", [plan.pk], client_ids=[client.pk], purpose="service")
    return render(
        request,
        "casework/service_form.html",
        {"form": form, "client": client, "plan": plan, "service": service},
    )


@require_POST
def review_add(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            actions.do_add_review(
                plan,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The review is recorded."))
            return _redirect("casework:plan_detail", client.pk, plan.pk, anchor="reviews")
    return _plan_page(request, client, plan, review_form=form)


# --- Contacts ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = ContactForm(
        request.POST or None,
        initial={
            "language": _client_language(client),
            "interpreter_used": client.interpreter_needed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = actions.do_record_contact(
                client, form.values, unit=_unit(request), acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The contact is recorded."))
            if actions.fee_chargeable(contact):
                messages.warning(
                    request,
                    _(
                        "The client missed an appointment for which an interpreter was booked: "
                        "a fee may be charged (Act 681/2023 s. 32 a)."
                    ),
                )
            return _redirect("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="contact")
    return render(request, "casework/contact_form.html", {"form": form, "client": client})


def _walk_ins_today(unit: Unit) -> int:
    total = Contact.objects.filter(
        client__isnull=True, unit=unit, day=timezone.localdate()
    ).aggregate(total=Sum("visitors"))["total"]
    return int(total or 0)


@require_http_methods(["GET", "POST"])
def walk_in(request: AuthenticatedRequest) -> HttpResponse:
    """Count anonymous walk-in visits: no client, no note, nothing that identifies."""
    unit = _unit(request)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = actions.do_record_contact(
                None, form.values, unit=unit, acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(
                request,
                _("%(count)s visitor(s) recorded.") % {"count": contact.visitors},
            )
            return _redirect("casework:walk_in")
    return render(
        request,
        "casework/walk_in.html",
        {"form": form, "unit": unit, "today_count": _walk_ins_today(unit)},
    )


# --- Hand-over ---------------------------------------------------------------------------------


@require_POST
def hand_over_accept(
    request: AuthenticatedRequest, client_id: Any, hand_over_id: Any
) -> HttpResponse:
    client = _client(request, client_id)
    hand_over = get_object_or_404(HandOver, pk=hand_over_id, client=client)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    if hand_over.status == HandOverStatus.OPEN:
        actions.do_accept_hand_over(hand_over, acting_user=request.user)
        messages.success(request, _("The client is taken over."))
    else:
        messages.info(request, _("The hand-over was already taken over."))
    return _redirect("clients:detail", client.pk, anchor="casework")


# --- Consent -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consent_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = _client(request, client_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = ConsentForm(request.POST or None, recipients=_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_consent(
                client,
                scope=data["scope"],
                recipient=data["recipient"],
                given_on=data["given_on"],
                note=data["note"],
                acting_user=request.user,
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return _redirect("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="consent")
    return render(request, "casework/consent_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def consent_withdraw(
    request: AuthenticatedRequest, client_id: Any, consent_id: Any
) -> HttpResponse:
    client = _client(request, client_id)
    consent = get_object_or_404(
        Consent.objects.select_related("recipient"), pk=consent_id, client=client
    )
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and consent.withdrawn_on is None and form.is_valid():
        try:
            actions.do_withdraw_consent(
                consent, acting_user=request.user, day=form.cleaned_data["day"]
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The withdrawal of the consent is recorded."))
            return _redirect("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="consent")
    return render(
        request,
        "casework/consent_withdraw.html",
        {"form": form, "client": client, "consent": consent},
    )


# --- Export ------------------------------------------------------------------------------------


@require_GET
def export(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    """The client's casework as the versioned JSON document (`casework.exchange`)."""
    client = _client(request, client_id)
    if (refused := _refuse_write(request, client)) is not None:
        return refused
    try:
        exchange = importlib.import_module("kotopolku.casework.exchange")
    except ModuleNotFoundError as exc:
        if exc.name != "kotopolku.casework.exchange":
            raise
        raise Http404 from exc
    document = exchange.export_client(client)  # logs the export of each record
    if isinstance(document, bytes | str):
        body = document
    else:
        body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{client.pk}.json"'
    return response
