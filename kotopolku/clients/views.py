"""The client page, client records and their corrections, and the client's access-log report
(the caseload pages are in `clients.caseload`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotopolku.access import scopes
from kotopolku.accounts.models import User
from kotopolku.audit import queries as audit_queries
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.audit.reports import show_changes
from kotopolku.clients import actions, hooks, rules
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.forms import (
    AssignCounsellorForm,
    ClientForm,
    HouseholdMemberForm,
    JobseekerForm,
    MergeForm,
    PeriodForm,
)
from kotopolku.clients.labels import DUTY_REASONS, EDUCATION_STAGES, NO_DUTY
from kotopolku.clients.models import (
    Client,
    ClientStatus,
    HouseholdMember,
    JobseekerPeriod,
)
from kotopolku.core import authorities, languages
from kotopolku.core.types import AuthenticatedRequest

LOG_VALUES_PURPOSE = "access-log report: change values"


def duplicate_message(exc: actions.DuplicateHenkilotunnusError) -> str:
    """The answer to a henkilötunnus that is registered already: a record the user sees is
    named as such; one they may not see is not described at all (the check is logged)."""
    if exc.visible:
        return _("Another client record you can see has this personal identity code.")
    return _(
        "This personal identity code is already registered in Kotopolku, to a record you "
        "cannot see. One person has one record: ask your unit manager to contact the "
        "organisation responsible for the client. This check is logged."
    )


@require_http_methods(["GET", "POST"])
def client_create(request: AuthenticatedRequest) -> HttpResponse:
    unit = scopes.default_casework_unit(request.user)
    if unit is None:
        raise Http404
    form = ClientForm(request.POST or None, creating=True, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            client = actions.do_create_client(
                form.values,
                responsible_unit=unit,
                counsellor=actions.counsellor_for_new_client(request.user),
                jobseeker_since=timezone.localdate()
                if form.cleaned_data.get("jobseeker")
                else None,
                acting_user=request.user,
            )
        except actions.DuplicateHenkilotunnusError as exc:
            form.add_error("henkilotunnus", duplicate_message(exc))
        else:
            messages.success(request, _("Client %(name)s added.") % {"name": client.full_name})
            return HttpResponseRedirect(reverse("clients:detail", args=[client.pk]))
    return render(request, "clients/client_form.html", {"form": form, "creating": True})


def _stage_label(birth_date: datetime.date | None, today: datetime.date) -> Any:
    stage = rules.education_stage(birth_date, today) if birth_date else None
    return EDUCATION_STAGES[stage] if stage else ""


def _stage(member: HouseholdMember, visible: bool, today: datetime.date) -> Any:
    """A household child's education stage: from a visible client record's date of birth,
    or from the year of birth of a person without a record (the school year follows the
    calendar year the child turns seven)."""
    if member.client is not None:
        return _stage_label(member.client.birth_date, today) if visible else ""
    if member.birth_year:
        return _stage_label(datetime.date(member.birth_year, 1, 1), today)
    return ""


def _placement(client: Client, today: datetime.date) -> dict[str, Any] | None:
    """For a person granted international protection (or their family member): the state
    authority that placed them in the municipality, named as it was on the day they came
    (ELY centre, from 1.1.2026 the vitality centre: `core.authorities`, DOMAIN.md 0.1 C9),
    and the one that decides on the special costs today."""
    if not (client.immigration_basis in rules.PROTECTION_BASES or client.protection_family_member):
        return None
    return {
        "placed_by": authorities.name_or_none(authorities.REGIONAL, client.municipality_since),
        "costs_by": authorities.name(authorities.REGIONAL, today),
    }


@require_GET
def client_detail(request: AuthenticatedRequest, client_id: str) -> HttpResponse:
    client = client_scopes.get_client_for_user(request.user, client_id)
    record_read("client", [client.pk])
    ui = (get_language() or "fi")[:2]
    names = languages.names(ui)
    household: list[dict[str, Any]] = []
    today = timezone.localdate()
    link = client.household_links.select_related("household").first()
    if link is not None:
        visible = set(
            client_scopes.visible_clients(request.user)
            .filter(household_links__household=link.household)
            .values_list("pk", flat=True)
        )
        for member in link.household.members.select_related("client").exclude(client=client):
            shown = member.client_id in visible
            household.append(
                {"member": member, "visible": shown, "stage": _stage(member, shown, today)}
            )
        member_ids = [
            m["member"].client_id for m in household if m["visible"] and m["member"].client_id
        ]
        if member_ids:
            record_read("client", member_ids, kind=AccessEvent.Kind.LIST, purpose="household")
    duty = actions.assessment_duty_of(client, day=today)
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "mother_tongue": names.get(client.mother_tongue, client.mother_tongue),
            "service_languages": [names.get(c, c) for c in client.service_languages],
            "interpreter_language": names.get(
                client.interpreter_language, client.interpreter_language
            ),
            "periods": client.jobseeker_periods.all(),
            "assignments": client.counsellor_assignments.select_related("counsellor", "unit").all(),
            "household": household,
            "window_days_left": (client.integration_window_end - today).days
            if client.integration_window_end
            else None,
            "window_exempt": client.immigration_basis in actions.exempt_bases(),
            "merged_from": client.merged_from.all(),
            "duty": duty,
            "duty_reasons": [DUTY_REASONS[r] for r in duty.reasons],
            "no_duty": NO_DUTY.get(duty.no_duty, ""),
            "stage": _stage_label(client.birth_date, today),
            "placement": _placement(client, today),
            "can_manage": scopes.is_unit_manager(request.user),
            "member_form": HouseholdMemberForm(),
            "jobseeker_form": JobseekerForm(),
            "open_period": client.jobseeker_periods.filter(end__isnull=True).first(),
            **_sections(request, client),
        },
    )


def _sections(request: AuthenticatedRequest, client: Client) -> dict[str, Any]:
    """The client page's sections kept by the apps above the register (`hooks`)."""
    found: dict[str, Any] = {}
    for section in hooks.client_page_context(request, client):
        found.update(section)
    return found


def _form_initial(client: Client) -> dict[str, Any]:
    initial = {
        name: getattr(client, name)
        for name in actions.CLIENT_FIELDS
        if name not in ("municipality", "responsible_unit", "status")
    }
    initial["municipality"] = client.municipality.code if client.municipality else ""
    initial["henkilotunnus"] = client.henkilotunnus or ""
    return initial


@require_http_methods(["GET", "POST"])
def client_edit(request: AuthenticatedRequest, client_id: str) -> HttpResponse:
    client = client_scopes.get_client_for_user(request.user, client_id)
    if client.status == ClientStatus.MERGED:
        raise Http404
    form = ClientForm(
        request.POST or None,
        creating=False,
        client_id=client.pk,
        initial=_form_initial(client),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.do_update_client(client, form.values, acting_user=request.user)
        except actions.DuplicateHenkilotunnusError as exc:
            form.add_error("henkilotunnus", duplicate_message(exc))
        else:
            if changed:
                messages.success(request, _("Changes saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return HttpResponseRedirect(reverse("clients:detail", args=[client.pk]))
    # the form page shows the client's record, also when it comes back with errors
    record_read("client", [client.pk], purpose="correction")
    return render(
        request, "clients/client_form.html", {"form": form, "client": client, "creating": False}
    )


@require_http_methods(["GET", "POST"])
def assign_counsellor(request: AuthenticatedRequest, client_id: str) -> HttpResponse:
    client = client_scopes.get_client_for_user(request.user, client_id)
    unit_ids = scopes.casework_unit_ids(request.user)
    counsellors = list(
        User.objects.filter(
            memberships__in=scopes.counsellor_memberships(unit_ids | {client.responsible_unit_id}),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    form = AssignCounsellorForm(
        request.POST or None,
        counsellors=counsellors,
        initial={"counsellor": client.current_counsellor_id},
    )
    if request.method == "POST" and form.is_valid():
        actions.do_assign_counsellor(
            client, form.counsellors[form.cleaned_data["counsellor"]], acting_user=request.user
        )
        messages.success(request, _("The own counsellor is changed."))
        return HttpResponseRedirect(reverse("clients:detail", args=[client.pk]))
    record_read("client", [client.pk], purpose="own counsellor")
    return render(request, "clients/assign_counsellor.html", {"form": form, "client": client})


def _record_jobseeker_date(
    request: AuthenticatedRequest,
    client: Client,
    record: Any,
    *,
    done: str,
    refused: str,
) -> HttpResponse:
    """Apply `record(date)` from the one-date form on the client page; report what happened."""
    form = JobseekerForm(request.POST)
    if form.is_valid():
        try:
            record(form.cleaned_data["date"])
        except actions.PeriodOverlapError:
            messages.error(request, refused)
        else:
            messages.success(request, done)
    else:
        errors = " ".join(str(e) for e in form.errors.get("date", []))
        messages.error(request, _("Date: %(error)s") % {"error": errors})
    return HttpResponseRedirect(reverse("clients:detail", args=[client.pk]))


@require_POST
def jobseeker_start(request: AuthenticatedRequest, client_id: str) -> HttpResponse:
    client = client_scopes.get_client_for_user(request.user, client_id)
    return _record_jobseeker_date(
        request,
        client,
        lambda day: actions.do_start_jobseeker_period(client, start=day, acting_user=request.user),
        done=_("Registration as a jobseeker recorded."),
        refused=_("The registration overlaps an earlier one: check the dates."),
    )


@require_POST
def jobseeker_end(request: AuthenticatedRequest, client_id: str, period_id: str) -> HttpResponse:
    client = client_scopes.get_client_for_user(request.user, client_id)
    period = get_object_or_404(JobseekerPeriod, pk=period_id, client=client, end__isnull=True)
    return _record_jobseeker_date(
        request,
        client,
        lambda day: actions.do_end_jobseeker_period(period, end=day, acting_user=request.user),
        done=_("End of the registration recorded."),
        refused=_("The end date is before the start of the registration."),
    )


@require_POST
def household_add(request: AuthenticatedRequest, client_id: str) -> HttpResponse:
    client = client_scopes.get_client_for_user(request.user, client_id)
    form = HouseholdMemberForm(request.POST)
    if form.is_valid():
        actions.do_add_household_member(
            client,
            name=form.cleaned_data["name"],
            birth_year=form.cleaned_data["birth_year"],
            relation=form.cleaned_data["relation"],
            acting_user=request.user,
        )
        messages.success(request, _("Household member added."))
    else:
        for field, errors in form.errors.items():
            messages.error(
                request,
                f"{form.fields[field].label if field in form.fields else ''}: {' '.join(str(e) for e in errors)}",
            )
    return HttpResponseRedirect(reverse("clients:detail", args=[client.pk]) + "#household")


@require_http_methods(["GET", "POST"])
def client_merge(request: AuthenticatedRequest, client_id: str) -> HttpResponse:
    """A unit manager merges another record of the same person into this one."""
    client = client_scopes.get_client_for_user(request.user, client_id)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = (
            client_scopes.visible_clients(request.user)
            .filter(pk=form.cleaned_data["other"])
            .first()
        )
        if other is None:
            form.add_error("other", _("No client record with this id is visible to you."))
        else:
            try:
                actions.do_merge_clients(
                    client, other, reason=form.cleaned_data["reason"], acting_user=request.user
                )
            except ValueError as exc:
                form.add_error(
                    "other", _("These records cannot be merged: %(reason)s.") % {"reason": exc}
                )
            else:
                messages.success(request, _("The records are merged. Both ids stay in the logs."))
                return HttpResponseRedirect(reverse("clients:detail", args=[client.pk]))
    candidates = (
        client_scopes.visible_clients(request.user)
        .filter(last_name__iexact=client.last_name, birth_date=client.birth_date)
        .exclude(pk=client.pk)
        .exclude(status=ClientStatus.MERGED)[:20]
    )
    record_read(
        "client",
        [client.pk, *[c.pk for c in candidates]],
        kind=AccessEvent.Kind.LIST,
        purpose="merge",
    )
    return render(
        request, "clients/merge.html", {"form": form, "client": client, "candidates": candidates}
    )


def _report(request: AuthenticatedRequest, client: Client) -> dict[str, Any]:
    form = PeriodForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    period = audit_queries.Period.from_dates(since, until)
    ids = client.all_ids()
    reads = list(audit_queries.client_access_log(ids, period).order_by("-event_time")[:5000])
    changes = show_changes(
        request.user,
        audit_queries.client_change_log(ids, period).order_by("-event_time")[:5000],
        purpose=LOG_VALUES_PURPOSE,
    )
    events: list[dict[str, Any]] = sorted(
        [{"kind": "read", "event": e} for e in reads]
        + [{"kind": "change", "event": e} for e in changes],
        key=lambda item: item["event"].event_time,
        reverse=True,
    )
    return {"client": client, "form": form, "period": period, "events": events, "ids": ids}


@require_GET
def access_log(request: AuthenticatedRequest, client_id: str) -> HttpResponse:
    """Who read or changed this client's data, when and in which role (703/2023 s. 11 model)."""
    client = client_scopes.get_client_for_user(request.user, client_id, for_log_report=True)
    context = _report(request, client)
    printing = request.GET.get("print") == "1"
    record_read(
        "client",
        [client.pk],
        kind=AccessEvent.Kind.PRINT if printing else AccessEvent.Kind.VIEW,
        purpose="access-log report",
    )
    extra = {"printed_at": timezone.now(), "printed_by": request.user}
    if not printing:
        return render(request, "clients/access_log.html", {**context, **extra})
    choice = report_language(client, request.GET.get("lang", ""))
    query = request.GET.copy()
    query.pop("lang", None)
    with translation.override(choice["lang"]):
        return render(
            request,
            "clients/access_log_print.html",
            {**context, **extra, **choice, "query": query.urlencode()},
        )


def report_languages() -> tuple[str, ...]:
    """The languages the access-log report is printed in: those of the UI catalogues."""
    return tuple(code for code, _name in settings.LANGUAGES)


def report_language(client: Client, asked: str) -> dict[str, Any]:
    """The language to print the client's access-log report in: `asked` when the catalogues
    have it, else the client's own (the interpreter's when one is needed, else the mother
    tongue), else the first of the client's languages of service that has one, else Finnish.
    `missing` says the client's own language has no report (the page says so, in the language
    chosen)."""
    available = report_languages()
    own = (client.interpreter_language if client.interpreter_needed else "") or client.mother_tongue
    served = [code for code in client.service_languages or [] if code in available]
    if asked in available:
        lang = asked
    elif own in available:
        lang = own
    else:
        lang = (served or [available[0]])[0]
    return {
        "lang": lang,
        "client_lang": own,
        "client_lang_name": languages.name(own, lang) if own else "",
        "missing": bool(own) and own not in available,
        "languages": [(code, languages.AUTONYMS.get(code, code)) for code in available],
    }
