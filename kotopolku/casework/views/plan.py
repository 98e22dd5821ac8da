"""The integration plan pages: the plan, its goals, services, reviews and summary."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions, rule_versions, rules, summary, summary_labels
from kotopolku.casework.forms import (
    ClientTextsForm,
    ExtensionForm,
    GoalForm,
    GoalStatusForm,
    PlanForm,
    ReviewForm,
    ServiceForm,
)
from kotopolku.casework.models import (
    CaseKind,
    Goal,
    GoalStatus,
    Plan,
    PlannedService,
    RecordedIn,
)
from kotopolku.casework.summary_catalogue import languages as summary_catalogue_languages
from kotopolku.casework.views.common import (
    REFUSALS,
    casework_unit,
    consent_choices,
    deadline_rows,
    get_client,
    interviewer_choices,
    language_name,
    organisation_choices,
    redirect_to,
    refuse_write,
)
from kotopolku.casework.views.plan_tray import refer_step_url, tray_initial, with_tray_links
from kotopolku.catalog.models import Service
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client
from kotopolku.core import languages
from kotopolku.core.types import AuthenticatedRequest

# --- Plan --------------------------------------------------------------------------------------


def _exception(form: PlanForm) -> actions.RuleException | None:
    chosen = form.exception
    return actions.RuleException(*chosen) if chosen else None


@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
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
                unit=casework_unit(request),
                acting_user=request.user,
                goals=form.goal_lines,
                exception=_exception(form),
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The integration plan is recorded."))
            return redirect_to("casework:plan_detail", client.pk, plan.pk)
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
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := refuse_write(request, client)) is not None:
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
        if exception == actions.RuleException(plan.exception_rule, plan.exception_reason):
            exception = None  # the stored exception of an older plan, unchanged
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
            return redirect_to("casework:plan_detail", client.pk, plan.pk)
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
        providers=organisation_choices(request.user, service.provider if service else None),
        consents=consent_choices(client, service.consent if service else None),
        linked=service.catalog_service_id if service else None,
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
    extension_form: ExtensionForm | None = None,
    open_service: bool = False,
    refer_step: str = "",
    client_texts_form: ClientTextsForm | None = None,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    record_read("plan", [plan.pk], client_ids=[client.pk])
    can_write = client_scopes.may_write_casework(user, client)
    summary_lang = summary_labels.normalise(plan.explained_in or client.mother_tongue) or "fi"
    goals = list(plan.goals.all())
    texts_lang = summary_labels.normalise(request.GET.get("client_texts")) or summary_lang
    if not languages.is_valid_code(texts_lang):
        texts_lang = summary_lang
    if client_texts_form is not None:
        texts_lang = client_texts_form.initial["lang"]
    maximum_end = actions.plan_maximum_of(client)
    context: dict[str, Any] = {
        "client": client,
        "plan": plan,
        "can_write": can_write,
        "goals": goals,
        "services": with_tray_links(
            request.user,
            client,
            plan.services.select_related("provider", "consent__recipient", "catalog_service"),
        ),
        "tray_search_url": reverse("catalog:search") + "?" + urlencode({"for_client": client.pk}),
        "reviews": list(plan.reviews.select_related("by")),
        "deadlines": deadline_rows(client.deadlines.all(), today, client.integration_window_end),
        "explained_in": language_name(plan.explained_in),
        "summary_lang": summary_lang,
        "summary_lang_name": language_name(summary_lang),
        "summary_untranslated": summary.untranslated_count(plan, goals, summary_lang),
        "texts_lang": texts_lang,
        "texts_open": bool(request.GET.get("client_texts")),
        "texts_lang_name": language_name(texts_lang),
        "texts_untranslated": summary.untranslated_count(plan, goals, texts_lang),
        "texts_languages": [
            (code, language_name(code))
            for code in dict.fromkeys(
                (summary_lang, *client.service_languages, *summary_catalogue_languages())
            )
            if code and languages.is_valid_code(summary_labels.normalise(code))
        ],
        "today": today,
        "under_previous_act": not rule_versions.under_this_act(plan.start),
        "maximum_end": maximum_end,
        "maximum_warning": rules.maximum_warning(maximum_end, today)
        if plan.status == "active"
        else None,
        "extensions": list(client.plan_extensions.select_related("decided_by")),
        "open_forms": {
            name
            for name, form in (
                ("goal", goal_form),
                ("service", service_form),
                ("review", review_form),
                ("extension", extension_form),
                ("client_texts", client_texts_form),
            )
            if form is not None and form.errors
        }
        | ({"service"} if open_service else set()),
        "refer_step": refer_step,
    }
    if can_write:
        context |= {
            "goal_form": goal_form or GoalForm(prefix="goal"),
            "service_form": service_form or _service_form(request, client),
            "review_form": review_form
            or ReviewForm(prefix="review", initial=actions.review_initial(client)),
            "extension_form": extension_form or _extension_form(request),
            "goal_statuses": GoalStatus.choices,
            "client_texts_form": client_texts_form
            or ClientTextsForm(plan=plan, goals=goals, lang=texts_lang),
        }
    return render(request, "casework/plan_detail.html", context)


@require_GET
def plan_detail(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    """The plan; `?catalog_service=<id>` (from the offering tray) opens the service form
    filled from that published entry."""
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    entry = Service.objects.published_entry(request.GET.get("catalog_service", ""))
    if entry is None or not client_scopes.may_write_casework(request.user, client):
        return _plan_page(request, client, plan)
    providers = organisation_choices(request.user)
    form = _service_form(request, client, initial=tray_initial(entry, providers))
    return _plan_page(
        request,
        client,
        plan,
        service_form=form,
        open_service=True,
        refer_step=refer_step_url(client.pk, plan, entry),
    )


def plan_summary(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    """The printable summary for the client (`casework.summary`)."""
    response: HttpResponse = summary.plan_summary_view(
        request, client_id=client_id, plan_id=plan_id
    )
    return response


@require_POST
def goal_add(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = GoalForm(request.POST, prefix="goal")
    if form.is_valid():
        try:
            actions.do_add_goal(plan, form.cleaned_data["text"], acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The goal is added."))
            return redirect_to("casework:plan_detail", client.pk, plan.pk, anchor="goals")
    return _plan_page(request, client, plan, goal_form=form)


@require_POST
def plan_client_texts(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    """Save the plan's goals and commitments written for the client in one language."""
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    lang = summary_labels.normalise(request.POST.get("lang"))
    if not languages.is_valid_code(lang):
        lang = summary.default_language(client)
    goals = list(plan.goals.all())
    form = ClientTextsForm(request.POST, plan=plan, goals=goals, lang=lang)
    if form.is_valid():
        try:
            actions.do_set_client_texts(
                plan,
                lang,
                form.goal_texts(),
                form.cleaned_data.get("responsibilities")
                if "responsibilities" in form.fields
                else None,
                acting_user=request.user,
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The texts for the client are saved."))
            response = redirect_to("casework:plan_detail", client.pk, plan.pk)
            response["Location"] = summary.client_texts_url(client, plan, lang)
            return response
    return _plan_page(request, client, plan, client_texts_form=form)


@require_POST
def goal_status(
    request: AuthenticatedRequest, client_id: Any, plan_id: Any, goal_id: Any
) -> HttpResponse:
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=goal_id, plan=plan)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        actions.do_set_goal_status(goal, form.cleaned_data["status"], acting_user=request.user)
        messages.success(request, _("The goal's status is saved."))
    else:
        messages.error(request, _("Choose a status for the goal."))
    return redirect_to("casework:plan_detail", client.pk, plan.pk, anchor="goals")


@require_POST
def service_add(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = _service_form(request, client, request.POST)
    if form.is_valid():
        try:
            actions.do_add_service(plan, form.values, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The service is added to the plan."))
            return redirect_to("casework:plan_detail", client.pk, plan.pk, anchor="services")
    return _plan_page(request, client, plan, service_form=form)


@require_http_methods(["GET", "POST"])
def service_edit(
    request: AuthenticatedRequest, client_id: Any, plan_id: Any, service_id: Any
) -> HttpResponse:
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    service = get_object_or_404(
        PlannedService.objects.select_related("provider", "consent__recipient"),
        pk=service_id,
        plan=plan,
    )
    if (refused := refuse_write(request, client)) is not None:
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
            return redirect_to("casework:plan_detail", client.pk, plan.pk, anchor="services")
    record_read("plan", [plan.pk], client_ids=[client.pk], purpose="service")
    return render(
        request,
        "casework/service_form.html",
        {"form": form, "client": client, "plan": plan, "service": service},
    )


@require_POST
def review_add(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            actions.do_add_review(
                plan,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
                levels=form.levels,
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect_to("casework:plan_detail", client.pk, plan.pk, anchor="reviews")
    return _plan_page(request, client, plan, review_form=form)


def _extension_form(request: AuthenticatedRequest, data: Any = None) -> ExtensionForm:
    deciders = interviewer_choices(request.user, request.user)
    return ExtensionForm(
        data,
        prefix="extension",
        deciders=deciders,
        initial={"decided_by": str(request.user.pk)},
    )


@require_POST
def plan_extension_add(request: AuthenticatedRequest, client_id: Any, plan_id: Any) -> HttpResponse:
    """Record a decision to lengthen the client's two-year maximum (from a plan's page)."""
    client = get_client(request, client_id)
    plan = _plan(client, plan_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = _extension_form(request, request.POST)
    if form.is_valid():
        try:
            actions.do_record_plan_extension(client, form.cleaned_data, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The extension decision is recorded."))
            return redirect_to("casework:plan_detail", client.pk, plan.pk, anchor="maximum")
    return _plan_page(request, client, plan, extension_form=form)
