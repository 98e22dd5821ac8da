"""The client's one-page summary of their integration plan, as HTML and as PDF.

The page is for the client, in the client's language of service: its labels come from the
`summary` gettext domain (`casework.summary_catalogue`, one .po file per client language), not
from the staff UI's `django` domain, because the client's language is not the counsellor's. A
language without a catalogue, or a label its catalogue lacks, falls back visibly: the label is
shown in Finnish (or English, `?fallback=en`) with its own `lang` and `dir`, under a notice in
English and Finnish. Dates and language names are
written in the client's language wherever CLDR knows it. Texts typed by counsellors (goals,
service names, responsibilities) are shown as typed.

The PDF is made by WeasyPrint from the same HTML, with the stylesheet read from the static
files on disk and every other fetch refused (no network, no other files).
"""

from __future__ import annotations

import datetime
import unicodedata
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.casework import rules, summary_catalogue
from kotopolku.casework.models import (
    CaseKind,
    Deadline,
    Goal,
    Plan,
    PlannedService,
    PlanStatus,
    RecordedIn,
)
from kotopolku.casework.summary_labels import (
    FALLBACKS,
    Label,
    fallback_notice,
    format_day,
    labels,
    language_name,
    normalise,
    picked_label,
)
from kotopolku.casework.summary_services import (
    counsellor_contact,
    service_contact,
    service_places,
    service_times,
)
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client
from kotopolku.core import languages
from kotopolku.core.pdf import local_fetcher, static_path
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest

STYLESHEET = "kotopolku/css/summary.css"
TEMPLATE = "casework/plan_summary.html"

# --- The summary ---------------------------------------------------------------------------------


def default_language(client: Client) -> str:
    """The client's first language of service, else their mother tongue if the catalogue
    has it, else Finnish."""
    first = normalise(client.service_languages[0]) if client.service_languages else ""
    if first and languages.is_valid_code(first):
        return first
    mother_tongue = normalise(client.mother_tongue)
    return mother_tongue if mother_tongue in summary_catalogue.languages() else "fi"


def requested_language(request: HttpRequest, client: Client) -> str:
    """`?lang=` when it is a language code, else the client's default."""
    code = normalise(request.GET.get("lang"))
    if code and languages.is_valid_code(code):
        return code
    return default_language(client)


def next_review(plan: Plan) -> datetime.date | None:
    """When the plan in force is next reviewed: the stored review deadline within the plan
    (`casework.rules.deadlines` sets it, `actions.refresh_deadlines` keeps it), not a second
    count of it here. A client's plans do not overlap, so the one within the plan is its."""
    if plan.status != PlanStatus.ACTIVE:
        return None
    return (
        Deadline.objects.filter(
            client_id=plan.client_id,
            kind=rules.Kind.REVIEW,
            due__gte=plan.start,
            due__lte=plan.end,
        )
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )


def text_direction(text: str, default: str = "ltr") -> str:
    """The direction of a text typed in any language, by its first strong character (as
    HTML's dir="auto" decides it; WeasyPrint does not, so the page says it explicitly)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def _dates(
    start: datetime.date | None, end: datetime.date | None, lang: str, fallback: str
) -> list[Label]:
    return [d for d in (format_day(start, lang, fallback), format_day(end, lang, fallback)) if d]


def _organisation_name(texts: dict[str, str], lang: str) -> Label:
    text = pick(texts, lang)
    return Label(text.value, text.lang, lang, marked=False)


# --- The plan's texts written for the client ----------------------------------------------------


def _client_version(texts: dict[str, str] | None, lang: str) -> str:
    """The counsellor's text for the client in `lang` (plain Finnish may take the Finnish)."""
    texts = texts or {}
    for code in dict.fromkeys((lang, lang.split("-")[0])):
        if (texts.get(code) or "").strip():
            return texts[code].strip()
    return ""


def client_text(
    texts: dict[str, str] | None, staff_text: str, lang: str, page_dir: str
) -> dict[str, Any]:
    """A goal or commitment as the client reads it: the counsellor's text in the client's
    language, else the staff text as typed, marked as not translated (`translated` False)."""
    written = _client_version(texts, lang)
    text = written or staff_text.strip()
    return {"text": text, "dir": text_direction(text, page_dir), "translated": bool(written)}


def untranslated_count(plan: Plan, goals: list[Goal], lang: str) -> int:
    """How many of the plan's texts for the client have no version in `lang` (the counsellor
    is warned before printing)."""
    missing = sum(1 for goal in goals if not _client_version(goal.client_texts, lang))
    if plan.client_responsibilities.strip() and not _client_version(
        plan.client_responsibilities_texts, lang
    ):
        missing += 1
    return missing


def summary_context(
    client: Client, plan: Plan, lang: str, *, fallback: str = "fi"
) -> dict[str, Any]:
    """Everything the summary shows, in `lang` (labels falling back to `fallback`)."""
    lang = normalise(lang) or "fi"
    fallback = fallback if fallback in FALLBACKS else "fi"
    found, fell_back = labels(lang, fallback)
    page_dir = languages.direction(lang)
    goals: list[Goal] = list(plan.goals.all())
    services: list[PlannedService] = list(
        plan.services.select_related("provider", "catalog_service")
        .prefetch_related("catalog_service__times", "catalog_service__places")
        .order_by(F("start").asc(nulls_last=True), "name")
    )
    counsellor = client.current_counsellor
    today = timezone.localdate()
    responsibilities = (
        client_text(
            plan.client_responsibilities_texts, plan.client_responsibilities, lang, page_dir
        )
        if plan.client_responsibilities.strip() or plan.client_responsibilities_texts
        else None
    )
    untranslated = untranslated_count(plan, goals, lang)
    service_rows = []
    for service in services:
        if service.provider is not None:
            provider: Label | None = _organisation_name(service.provider.name, lang)
        elif service.provider_name:
            provider = Label(service.provider_name, lang, lang, marked=False)
        else:
            provider = None
        # a service chosen from the offering tray, still named as its entry is, is named as
        # the entry is in the summary's language (when it has that version); a name the
        # counsellor changed is the plan's and is kept
        entry = service.catalog_service
        names = (entry.name or {}) if entry is not None else {}
        name = names.get(lang) if service.name in names.values() else None
        name = name or service.name
        service_rows.append(
            {
                "name": name,
                "name_dir": text_direction(name, page_dir),
                "provider": provider,
                "start": format_day(service.start, lang, fallback),
                "end": format_day(service.end, lang, fallback),
                "status": found[f"service_{service.status}"],
                # when and where come from the tray entry the service was chosen from
                "times": service_times(entry, service, lang, fallback, today) if entry else [],
                "schedule": picked_label(entry.schedule_text, lang, fallback) if entry else None,
                "places": service_places(entry, lang, fallback) if entry else [],
                "bring": picked_label(entry.what_to_bring, lang, fallback) if entry else None,
                "contact": service_contact(service, entry, plan, counsellor),
            }
        )
    return {
        "lang": lang,
        "dir": page_dir,
        "fallback": fallback,
        "L": found,
        "fell_back": fell_back,
        "notice": fallback_notice(lang, fallback) if fell_back else None,
        "client_name": client.full_name,
        "county_takes_part": plan.kind == CaseKind.COUNTY_ON_REQUEST,
        "period": _dates(plan.start, plan.end, lang, fallback),
        "plan_status": None
        if plan.status == PlanStatus.ACTIVE
        else found.get(f"plan_{plan.status}"),
        "agreed_on": format_day(plan.agreed_on, lang, fallback),
        "explained_in": language_name(plan.explained_in, lang, fallback)
        if plan.explained_in
        else None,
        "interpreter_used": plan.interpreter_used,
        "official_reference": plan.official_reference
        if plan.recorded_in == RecordedIn.OFFICIAL
        else "",
        "goals": [
            {
                **client_text(g.client_texts, g.text, lang, page_dir),
                "status": found[f"goal_{g.status}"],
            }
            for g in goals
        ],
        "services": service_rows,
        "goals_untranslated": any(not _client_version(g.client_texts, lang) for g in goals),
        "responsibilities_text": responsibilities,
        "untranslated": untranslated,
        "follow_up": plan.follow_up.strip(),
        "follow_up_dir": text_direction(plan.follow_up, page_dir),
        "job_search": plan.job_search_obligation.strip(),
        "job_search_dir": text_direction(plan.job_search_obligation, page_dir),
        "counsellor": counsellor_contact(counsellor) if counsellor is not None else None,
        "office": _organisation_name(plan.unit.organisation.name, lang),
        "next_review": format_day(next_review(plan), lang, fallback),
        "printed_on": format_day(today, lang, fallback),
    }


def _toolbar(
    request: HttpRequest, lang: str, fallback: str, fell_back: bool, client_texts_url: str
) -> dict[str, Any]:
    """The counsellor's links above the page (not printed): languages, PDF, fallback."""

    def url(**query: str) -> str:
        return f"{request.path}?{urlencode(query)}"

    supported = summary_catalogue.languages()
    codes = list(supported) if lang in supported else [*supported, lang]
    keep = {"fallback": fallback} if fell_back and fallback != "fi" else {}
    ui = (get_language() or "fi").split("-")[0]
    return {
        "ui_lang": ui,
        "ui_dir": languages.direction(ui),
        "languages": [
            {
                "code": code,
                "name": languages.AUTONYMS.get(code, code),
                "dir": languages.direction(code),
                "url": url(lang=code),
                "current": code == lang,
            }
            for code in codes
        ],
        "fallbacks": [
            {
                "code": code,
                "name": languages.AUTONYMS[code],
                "url": url(lang=lang, fallback=code),
                "current": code == fallback,
            }
            for code in FALLBACKS
        ]
        if fell_back
        else [],
        "pdf_url": url(lang=lang, format="pdf", **keep),
        "client_texts_url": client_texts_url,
    }


def client_texts_url(client: Client, plan: Plan, lang: str) -> str:
    """Where the counsellor writes the plan's texts for the client in `lang`."""
    path = reverse("casework:plan_detail", kwargs={"client_id": client.pk, "plan_id": plan.pk})
    return f"{path}?{urlencode({'client_texts': lang})}#client-texts"


def stylesheet_path() -> Path:
    """The summary's stylesheet on disk, found as `collectstatic` finds it."""
    return static_path(STYLESHEET)


def render_html(
    request: HttpRequest,
    client: Client,
    plan: Plan,
    lang: str,
    *,
    fallback: str = "fi",
    pdf: bool = False,
) -> str:
    """The summary page; `pdf=True` for WeasyPrint (stylesheet relative to the file on disk,
    no counsellor's toolbar)."""
    context = summary_context(client, plan, lang, fallback=fallback)
    context["pdf"] = pdf
    if pdf:
        context["stylesheet"] = stylesheet_path().name
    else:
        context["stylesheet"] = static(STYLESHEET)
        context["toolbar"] = _toolbar(
            request,
            context["lang"],
            context["fallback"],
            context["fell_back"],
            client_texts_url(client, plan, context["lang"]),
        )
    return render_to_string(TEMPLATE, context, request=request)


def render_document(
    request: HttpRequest, client: Client, plan: Plan, lang: str, *, fallback: str = "fi"
) -> Any:
    """The laid-out WeasyPrint document (its `pages` tell how many pages the PDF has)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    css = stylesheet_path()
    html = render_html(request, client, plan, lang, fallback=fallback, pdf=True)
    return HTML(
        string=html, base_url=css.parent.as_uri() + "/", url_fetcher=local_fetcher(css.parent)
    ).render()


def render_pdf(
    request: HttpRequest, client: Client, plan: Plan, lang: str, *, fallback: str = "fi"
) -> bytes:
    """The summary as a PDF (A4, one page for a plan of normal size)."""
    pdf: bytes = render_document(request, client, plan, lang, fallback=fallback).write_pdf()
    return pdf


# --- The page ----------------------------------------------------------------------------------


@require_GET
def plan_summary_view(
    request: AuthenticatedRequest, client_id: uuid.UUID | str, plan_id: uuid.UUID | str
) -> HttpResponse:
    """The summary for the client: HTML (`?lang=ar`) or PDF (`&format=pdf`)."""
    client = client_scopes.get_client_for_user(request.user, client_id)
    plan = get_object_or_404(
        Plan.objects.select_related("unit__organisation"), pk=plan_id, client=client
    )
    lang = requested_language(request, client)
    fallback = request.GET.get("fallback", "fi")
    fallback = fallback if fallback in FALLBACKS else "fi"
    as_pdf = request.GET.get("format") == "pdf"
    record_read(
        "plan",
        [plan.pk],
        client_ids=[client.pk],
        kind=AccessEvent.Kind.PRINT if as_pdf else AccessEvent.Kind.VIEW,
        purpose="plan summary (PDF)" if as_pdf else "plan summary",
    )
    if as_pdf:
        response = HttpResponse(
            render_pdf(request, client, plan, lang, fallback=fallback),
            content_type="application/pdf",
        )
        # The file name carries no personal data: the plan's start date and the language.
        response["Content-Disposition"] = (
            f'inline; filename="integration-plan-{plan.start.isoformat()}-{lang}.pdf"'
        )
    else:
        response = HttpResponse(render_html(request, client, plan, lang, fallback=fallback))
    response["Cache-Control"] = "private, no-store"
    return response
