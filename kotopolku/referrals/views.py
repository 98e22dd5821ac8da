"""Referral pages: making a referral, the two inboxes, the referral, the answer, cancelling.

The referring side reaches the client through `access.scopes` (404 outside the user's
view) and may refer only when it writes the client's casework. The provider reaches only
the referral (`referrals.queries`): its minimum data, never the client register. Every
read of a referral (a row of a list, a detail page) goes to the access log with the
client's id.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kotopolku.access import scopes
from kotopolku.audit.recorder import record_read
from kotopolku.casework.forms import ServiceForm
from kotopolku.casework.models import Plan
from kotopolku.casework.views.common import consent_choices, organisation_choices, refuse_write
from kotopolku.casework.views.plan_tray import tray_initial
from kotopolku.catalog.models import Service
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.core import languages
from kotopolku.core.errors import InvalidError
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.referrals import actions, queries, rules
from kotopolku.referrals import scopes as referral_scopes
from kotopolku.referrals.forms import (
    AnswerForm,
    CancelForm,
    ReferNowForm,
    ReferralForm,
    refuse,
)
from kotopolku.referrals.models import Referral

PAGE_SIZE = 50
S = Referral.Status


def _language_name(code: str) -> str:
    return languages.name(code, (get_language() or "fi")[:2]) if code else ""


def shared_rows(referral: Referral, *, withdrawn: bool = False) -> dict[str, Any]:
    """The minimum data as the pages show it (language names in the UI language). For the
    provider after the client has withdrawn the consent: nothing (`withdrawn` is set)."""
    if withdrawn:
        return {"withdrawn": True, "name": "", "phone": "", "email": "", "language": ""}
    shared = referral.shared or {}
    return {
        "withdrawn": False,
        "name": shared.get("name", ""),
        "phone": shared.get("phone", ""),
        "email": shared.get("email", ""),
        "language": _language_name(shared.get("language", "")),
        # the languages the client is served in (the first: the usual one); older referrals
        # copied only the first
        "served_in": ", ".join(
            _language_name(code)
            for code in (shared.get("service_languages") or [shared.get("language", "")])
            if code
        ),
        "interpreter": bool(shared.get("interpreter")),
        "interpreter_language": _language_name(shared.get("interpreter_language", "")),
    }


# --- Making a referral --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedRequest, client_id: Any, service_id: Any) -> HttpResponse:
    client = client_scopes.get_client_for_user(request.user, client_id)
    if client.status == ClientStatus.MERGED:
        raise Http404
    service = Service.objects.published().select_related("owner").filter(pk=service_id).first()
    if service is None:
        raise Http404
    if (refused := refuse_write(request, client)) is not None:
        return refused
    receiver = service.owner
    consent_needed = rules.needs_consent(receiver)
    consents = actions.valid_referral_consents(client, receiver) if consent_needed else []
    form = ReferralForm(request.POST or None, consent_needed=consent_needed, consents=consents)
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.do_create_referral(
                client, service, acting_user=request.user, **form.action_values()
            )
        except InvalidError as exc:
            refuse(form, exc)
        else:
            messages.success(
                request,
                _("The referral is sent to %(provider)s.") % {"provider": receiver.display_name()},
            )
            return HttpResponseRedirect(reverse("referrals:detail", args=[referral.pk]))
    record_read("client", [client.pk], purpose="referral")
    return render(
        request,
        "referrals/referral_form.html",
        {
            "form": form,
            "client": client,
            "service": service,
            "receiver": receiver,
            "consent_needed": consent_needed,
            "shared": shared_rows(Referral(shared=actions.shared_data(client))),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_refer(
    request: AuthenticatedRequest, client_id: Any, plan_id: Any, catalog_service_id: Any
) -> HttpResponse:
    """Add a tray entry to the client's plan and, when "refer now" is ticked, refer the
    client to it in the same step (the consent or the legal basis as in `create`): both are
    saved or neither (`actions.do_add_service_and_refer`)."""
    client = client_scopes.get_client_for_user(request.user, client_id)
    if client.status == ClientStatus.MERGED:
        raise Http404
    plan = get_object_or_404(Plan, pk=plan_id, client=client)
    entry = (
        Service.objects.published().select_related("owner").filter(pk=catalog_service_id).first()
    )
    if entry is None:
        raise Http404
    if (refused := refuse_write(request, client)) is not None:
        return refused
    receiver = entry.owner
    consent_needed = rules.needs_consent(receiver)
    consents = actions.valid_referral_consents(client, receiver) if consent_needed else []
    data = request.POST if request.method == "POST" else None
    providers = organisation_choices(request.user)
    service_form = ServiceForm(
        data,
        prefix="service",
        providers=providers,
        consents=consent_choices(client),
        initial=tray_initial(entry, providers),
    )
    choice = ReferNowForm(data, prefix="refer")
    refer_now = bool(choice.is_valid() and choice.cleaned_data["refer_now"])
    referral_form = ReferralForm(
        data if refer_now else None,
        prefix="referral",
        consent_needed=consent_needed,
        consents=consents,
    )
    if data is not None:
        valid = service_form.is_valid()
        valid = (referral_form.is_valid() if refer_now else True) and valid
        if valid:
            values = service_form.values | {"catalog_service": entry}
            try:
                _row, referral = actions.do_add_service_and_refer(
                    plan,
                    values,
                    acting_user=request.user,
                    referral=referral_form.action_values() if refer_now else None,
                )
            except actions.PlanReferralError as exc:
                if exc.part == "referral":
                    refuse(referral_form, exc)
                else:
                    service_form.refuse(exc)
            else:
                if referral is None:
                    messages.success(request, _("The service is added to the plan."))
                else:
                    messages.success(
                        request,
                        _(
                            "The service is added to the plan and the referral is sent to %(provider)s."
                        )
                        % {"provider": receiver.display_name()},
                    )
                return HttpResponseRedirect(
                    reverse("casework:plan_detail", args=[client.pk, plan.pk]) + "#services"
                )
    record_read("plan", [plan.pk], client_ids=[client.pk], purpose="service and referral")
    return render(
        request,
        "referrals/plan_refer.html",
        {
            "service_form": service_form,
            "choice": choice,
            "form": referral_form,
            "refer_now": refer_now,
            "client": client,
            "plan": plan,
            "service": entry,
            "receiver": receiver,
            "consent_needed": consent_needed,
            "shared": shared_rows(Referral(shared=actions.shared_data(client))),
        },
    )


CONSENT_LANGUAGES = ("fi", "sv", "en")  # the consent text is in the UI catalogues


@require_GET
def consent_print(request: AuthenticatedRequest, client_id: Any, service_id: Any) -> HttpResponse:
    """The consent text to print and give to the client before the referral: what is
    disclosed, to whom, for what, and how to withdraw. In the client's language when the
    catalogues have it (`?lang=` picks another); otherwise the page says so."""
    client = client_scopes.get_client_for_user(request.user, client_id)
    if client.status == ClientStatus.MERGED:
        raise Http404
    service = Service.objects.published().select_related("owner").filter(pk=service_id).first()
    if service is None:
        raise Http404
    record_read("client", [client.pk], purpose="referral consent text")
    if not rules.needs_consent(service.owner):
        return render(
            request, "referrals/consent_print.html", {"client": client, "service": service}
        )
    # the client's own language: the interpreter's when one is needed, else the mother tongue;
    # without a text in it, the first language of service that has one (the page says so)
    client_lang = (
        client.interpreter_language if client.interpreter_needed else ""
    ) or client.mother_tongue
    served = [code for code in client.service_languages or [] if code in CONSENT_LANGUAGES]
    chosen = request.GET.get("lang", "")
    if chosen not in CONSENT_LANGUAGES:
        chosen = client_lang if client_lang in CONSENT_LANGUAGES else (served or ["fi"])[0]
    with translation.override(chosen):
        text = {
            "service": str(service.display_name(chosen)),
            "provider": str(service.owner.display_name(chosen)),
            "referrer": str(client.responsible_unit.organisation.display_name(chosen)),
        }
        body = render_to_string("referrals/consent_text.html", {"t": text, "client": client})
    return render(
        request,
        "referrals/consent_print.html",
        {
            "client": client,
            "service": service,
            "body": body,
            "lang": chosen,
            "client_lang": client_lang,
            "client_lang_name": _language_name(client_lang),
            "missing": client_lang not in CONSENT_LANGUAGES,
            "languages": [(code, languages.name(code, code)) for code in CONSENT_LANGUAGES],
        },
    )


# --- Lists -------------------------------------------------------------------------------------


def _status_filter(request: AuthenticatedRequest) -> str:
    status = request.GET.get("status", "")
    return status if status in (*S.values, "open") else ""


def _listing(
    request: AuthenticatedRequest, qs: Any, *, template: str, title: str, box: str
) -> HttpResponse:
    status = _status_filter(request)
    qs = queries.with_status(qs, status)
    qs = qs.select_related(
        "service", "receiver", "unit__organisation", "referred_by", "consent"
    ).order_by("-created_at", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    queries.log_listed(((r.pk, r.client_id) for r in rows), f"referrals {box}")
    now = timezone.now()
    return render(
        request,
        template,
        {
            "title": title,
            "box": box,
            "page_obj": page,
            "rows": [
                {
                    "referral": r,
                    "shared": shared_rows(
                        r, withdrawn=box == "received" and rules.consent_withdrawn(r)
                    ),
                    "stale": rules.is_stale(r, now),
                }
                for r in rows
            ],
            "status": status,
            "statuses": [("open", _("Open")), *S.choices],
        },
    )


@require_GET
def sent(request: AuthenticatedRequest) -> HttpResponse:
    """The referring side: the user's and their units' referrals, with status."""
    return _listing(
        request,
        referral_scopes.referring_referrals(request.user),
        template="referrals/referral_list.html",
        title=_("Referrals sent"),
        box="sent",
    )


@require_GET
def received(request: AuthenticatedRequest) -> HttpResponse:
    """The provider's inbox: referrals to the user's organisations, minimum data only."""
    return _listing(
        request,
        referral_scopes.received_referrals(request.user),
        template="referrals/referral_list.html",
        title=_("Referrals received"),
        box="received",
    )


# --- One referral -------------------------------------------------------------------------------


def _detail_context(request: AuthenticatedRequest, referral: Referral) -> dict[str, Any]:
    user = request.user
    receiving = referral_scopes.is_receiver(user, referral)
    referring = referral_scopes.is_referrer(user, referral)
    # the provider's view: the minimum data, not the referring side's notes, and nothing of
    # the client once the consent the referral rests on is withdrawn
    provider_view = receiving and not referring
    withdrawn = rules.consent_withdrawn(referral)
    return {
        "referral": referral,
        "shared": shared_rows(referral, withdrawn=provider_view and withdrawn),
        "events": queries.history(
            referral.events.select_related("by"), provider_view=provider_view
        ),
        "receiving": receiving,
        "referring": referring,
        "withdrawn": withdrawn,
        "may_answer": receiving and not withdrawn and bool(rules.answers_from(referral.status)),
        "may_cancel": referring and referral.is_open and referral_scopes.may_cancel(user, referral),
        "stale": rules.is_stale(referral),
        "stale_days": settings.REFERRAL_STALE_DAYS,
    }


@require_GET
def detail(request: AuthenticatedRequest, referral_id: Any) -> HttpResponse:
    referral = referral_scopes.get_referral_for_user(request.user, referral_id)
    context = _detail_context(request, referral)
    if context["may_answer"]:
        context["answer_form"] = AnswerForm(referral=referral)
    if context["may_cancel"]:
        context["cancel_form"] = CancelForm()
    record_read("referral", [referral.pk], client_ids=[referral.client_id])
    return render(request, "referrals/referral_detail.html", context)


@require_http_methods(["GET", "POST"])
def respond(request: AuthenticatedRequest, referral_id: Any) -> HttpResponse:
    """The provider's answer (a POST from the referral's page; GET shows the page)."""
    referral = referral_scopes.get_referral_for_user(request.user, referral_id)
    if not referral_scopes.is_receiver(request.user, referral):
        raise Http404
    if request.method == "GET":
        return HttpResponseRedirect(reverse("referrals:detail", args=[referral.pk]))
    form = AnswerForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            actions.do_answer_referral(
                referral,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except InvalidError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Your answer is recorded."))
            return HttpResponseRedirect(reverse("referrals:detail", args=[referral.pk]))
    context = _detail_context(request, referral)
    context["answer_form"] = form
    context["form"] = form  # the error summary
    if context["may_cancel"]:
        context["cancel_form"] = CancelForm()
    record_read("referral", [referral.pk], client_ids=[referral.client_id])
    return render(request, "referrals/referral_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
def cancel(request: AuthenticatedRequest, referral_id: Any) -> HttpResponse:
    referral = referral_scopes.get_referral_for_user(request.user, referral_id)
    if not referral_scopes.is_referrer(request.user, referral) or not referral_scopes.may_cancel(
        request.user, referral
    ):
        raise Http404
    if request.method == "GET":
        return HttpResponseRedirect(reverse("referrals:detail", args=[referral.pk]))
    form = CancelForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
    else:
        try:
            actions.do_cancel_referral(
                referral, acting_user=request.user, note=form.cleaned_data["note"]
            )
        except InvalidError as exc:
            for refusals in exc.errors.values():
                for message in refusals:
                    messages.error(request, gettext(message))
        else:
            messages.success(request, _("The referral is cancelled."))
    return HttpResponseRedirect(reverse("referrals:detail", args=[referral.pk]))


# --- The caseload's box and the client page's part ------------------------------------------------


def caseload_box(request: AuthenticatedRequest, unit_view: bool) -> dict[str, Any]:
    """The caseload's box of stale referrals (`clients.hooks.caseload_boxes`)."""
    return {"stale_referrals": caseload_stale_referrals(request, unit_view=unit_view)}


def caseload_stale_referrals(request: AuthenticatedRequest, *, unit_view: bool) -> dict[str, Any]:
    """The caseload's box of stale referrals (open, no status change for
    `REFERRAL_STALE_DAYS`): the counsellor's own (sent by them or of their own clients), or
    the managed units' in the unit view. One query; the referrals listed are logged."""
    if unit_view:
        units = scopes.managed_unit_ids(request.user)
        base = Referral.objects.filter(unit_id__in=units)
    else:
        base = queries.own_referrals(request.user)
    now = timezone.now()
    box = queries.stale_box(base, now)
    labels = dict(S.choices)
    rows = [
        {
            "id": row["id"],
            "name": (row["shared"] or {}).get("name", ""),
            "service": pick(row["service__name"]),
            "status": labels.get(row["status"], row["status"]),
            "days": (now - row["status_changed_at"]).days,
        }
        for row in box["rows"]
    ]
    queries.log_listed(((r["id"], r["client_id"]) for r in box["rows"]), "stale referrals")
    return {"count": box["count"], "rows": rows, "days": settings.REFERRAL_STALE_DAYS}


def client_referrals_context(request: AuthenticatedRequest, client: Client) -> dict[str, Any]:
    """The client page's referrals with status (for those who work the whole case), logged
    as read, and the link to the tray to make one (`referrals/_client_referrals.html`)."""
    if not scopes.reads_whole_case(request.user):
        return {"referrals": None}
    found = queries.client_referrals(client)
    queries.log_listed(((r.pk, r.client_id) for r in found), "client page")
    now = timezone.now()
    return {
        "referrals": {
            "rows": [{"referral": r, "stale": rules.is_stale(r, now)} for r in found],
            "can_refer": client.status == ClientStatus.ACTIVE
            and client_scopes.may_write_casework(request.user, client),
            "search_url": reverse("catalog:search") + f"?for_client={client.pk}",
        }
    }
