"""The assessment pages and the wellbeing county's participation on request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotopolku.access import scopes
from kotopolku.accounts.models import User
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework import scopes as casework_scopes
from kotopolku.casework.forms import (
    AssessmentForm,
    ContributionForm,
    LanguageLevelForm,
    WellbeingRequestForm,
)
from kotopolku.casework.models import (
    Assessment,
    Contribution,
    Need,
    WellbeingRequest,
)
from kotopolku.casework.views.common import (
    REFUSALS,
    casework_unit,
    client_language,
    get_client,
    has_full_casework,
    interviewer_choices,
    language_name,
    redirect_to,
    refuse_write,
)
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Organisation

# --- Assessment --------------------------------------------------------------------------------


def _assessment_initial(assessment: Assessment) -> dict[str, Any]:
    initial = {name: getattr(assessment, name) for name in actions.ASSESSMENT_FIELDS}
    initial["interviewer"] = str(assessment.interviewer_id)
    return initial


@require_http_methods(["GET", "POST"])
def assessment_create(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = AssessmentForm(
        request.POST or None,
        interviewers=interviewer_choices(request.user, request.user),
        initial={
            "interviewer": str(request.user.pk),
            "interview_language": client_language(client),
            "interpreter_used": client.interpreter_needed,
            "interpreter_language": client.interpreter_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.do_create_assessment(
                client, form.values, unit=casework_unit(request), acting_user=request.user
            )
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The assessment is recorded."))
            return redirect_to("casework:assessment_detail", client.pk, assessment.pk)
    record_read("client", [client.pk], purpose="assessment")
    return render(
        request, "casework/assessment_form.html", {"form": form, "client": client, "creating": True}
    )


@require_http_methods(["GET", "POST"])
def assessment_edit(
    request: AuthenticatedRequest, client_id: Any, assessment_id: Any
) -> HttpResponse:
    client = get_client(request, client_id)
    assessment = get_object_or_404(
        Assessment.objects.select_related("interviewer"), pk=assessment_id, client=client
    )
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = AssessmentForm(
        request.POST or None,
        interviewers=interviewer_choices(request.user, request.user, assessment.interviewer),
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
            return redirect_to("casework:assessment_detail", client.pk, assessment.pk)
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
    can_write = client_scopes.may_write_casework(user, client)
    requests = client.wellbeing_requests.filter(
        Q(assessment=assessment) | Q(assessment__isnull=True)
    ).select_related("county", "invited", "requested_by")
    if not has_full_casework(user):
        requests = requests.filter(county_id__in=scopes.organisation_ids(user))
    requests = requests.prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("author"))
    )
    levels = [
        {"level": level, "language": language_name(level.language)}
        for level in assessment.language_levels.all()
    ]
    request_list = list(requests)
    return render(
        request,
        "casework/assessment_detail.html",
        {
            "client": client,
            "assessment": assessment,
            "interview_language": language_name(assessment.interview_language),
            "interpreter_language": language_name(assessment.interpreter_language),
            "levels": levels,
            "requests": request_list,
            "has_open_request": any(r.is_open for r in request_list),
            "own_open_requests": set(
                casework_scopes.open_wellbeing_requests(user, client).values_list("pk", flat=True)
            ),
            "plans": list(assessment.plans.all()),
            "needs": _needs(client, assessment),
            "can_write": can_write,
            "level_form": (level_form or LanguageLevelForm(prefix="level")) if can_write else None,
        },
    )


def _needs(client: Client, assessment: Assessment) -> list[dict[str, Any]]:
    """The needs recorded, each with the tray filtered for the client and that need (a need
    that looks for nothing in the tray, "other", has no link)."""
    labels = dict(Need.choices)
    tray = reverse("catalog:search")
    return [
        {
            "code": code,
            "label": labels.get(code, code),
            "url": (
                tray + "?" + urlencode({"for_client": str(client.pk), "need": code})
                if code != Need.OTHER
                else ""
            ),
        }
        for code in assessment.needs or []
    ]


@require_GET
def assessment_detail(
    request: AuthenticatedRequest, client_id: Any, assessment_id: Any
) -> HttpResponse:
    client = get_client(request, client_id)
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
    client = get_client(request, client_id)
    assessment = get_object_or_404(
        Assessment.objects.select_related("interviewer", "unit__organisation"),
        pk=assessment_id,
        client=client,
    )
    if (refused := refuse_write(request, client)) is not None:
        return refused
    form = LanguageLevelForm(request.POST, prefix="level")
    if form.is_valid():
        try:
            actions.do_set_language_level(assessment, form.cleaned_data, acting_user=request.user)
        except REFUSALS as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("The language level is recorded."))
            return redirect_to(
                "casework:assessment_detail", client.pk, assessment.pk, anchor="levels"
            )
    return _assessment_page(request, client, assessment, level_form=form)


# --- The wellbeing county's participation on request ----------------------------------------------------------------


def _counties(client: Client) -> list[Organisation]:
    """The wellbeing counties that may be asked (`actions.counties_for`)."""
    return actions.counties_for(client)


def _county_workers(counties: list[Organisation]) -> list[tuple[User, Organisation]]:
    found: dict[Any, tuple[User, Organisation]] = {}
    for membership in (
        scopes.wellbeing_worker_memberships(counties)
        .filter(user__is_active=True)
        .select_related("user", "unit__organisation")
    ):
        found.setdefault(membership.user_id, (membership.user, membership.unit.organisation))
    return list(found.values())


@require_http_methods(["GET", "POST"])
def wellbeing_request(request: AuthenticatedRequest, client_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    if (refused := refuse_write(request, client)) is not None:
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
                return redirect_to(
                    "casework:assessment_detail",
                    client.pk,
                    created.assessment_id,
                    anchor="wellbeing",
                )
            return redirect_to("clients:detail", client.pk, anchor="casework")
    record_read("client", [client.pk], purpose="wellbeing request")
    return render(
        request,
        "casework/wellbeing_request_form.html",
        {"form": form, "client": client, "suggested_county": default},
    )


@require_POST
def wellbeing_close(request: AuthenticatedRequest, client_id: Any, request_id: Any) -> HttpResponse:
    client = get_client(request, client_id)
    found = get_object_or_404(WellbeingRequest, pk=request_id, client=client)
    if (refused := refuse_write(request, client)) is not None:
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
        return redirect_to(
            "casework:assessment_detail", client.pk, found.assessment_id, anchor="wellbeing"
        )
    return redirect_to("clients:detail", client.pk, anchor="casework")


@require_http_methods(["GET", "POST"])
def contribution_add(
    request: AuthenticatedRequest, client_id: Any, request_id: Any
) -> HttpResponse:
    """A wellbeing-county worker writes their part, while their county's request is open."""
    client = get_client(request, client_id)
    found = (
        casework_scopes.open_wellbeing_requests(request.user, client)
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
                return redirect_to(
                    "casework:assessment_detail",
                    client.pk,
                    found.assessment_id,
                    anchor="wellbeing",
                )
            return redirect_to("casework:contribution_add", client.pk, found.pk)
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
