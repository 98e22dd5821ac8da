"""The public service path (no login, nothing personal): the municipality chooser, a
municipality's steps of early integration in one language, and the same as an A4 leaflet (PDF).

The page's language comes from the URL (`/path/<code>/<lang>/`, the chooser's `?lang=`), never
from the session: its labels and step texts come from the path's data files
(`public.texts`), tray texts in that language where the entry has them (else marked with
their own language), and the programme's texts in the language the programme is written in
(marked likewise).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from kotopolku.catalog.models import Service
from kotopolku.core import languages
from kotopolku.core.pdf import local_fetcher, static_path
from kotopolku.orgs.models import Municipality
from kotopolku.programme.models import Programme
from kotopolku.public import queries
from kotopolku.public.texts import LanguageTexts, available, step_rules

LEAFLET_CSS = "kotopolku/css/public_leaflet.css"
MAX_QUERY = 100

# The order in which a tray text falls back when the page's language is missing; the page's
# own language comes first (plain Finnish before standard Finnish on the Finnish page).
_FALLBACKS = {
    "fi": ("fi-x-plain", "fi", "sv", "en"),
    "sv": ("sv", "fi", "en"),
    "en": ("en", "fi", "sv"),
}


# --- Texts in the page's language ---------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A text with the language it is in; `marked` when that is not the page's language."""

    value: str
    lang: str
    dir: str
    marked: bool
    language_name: str = ""

    def __str__(self) -> str:
        return self.value


def _base(code: str) -> str:
    return "fi" if code == "fi-x-plain" else code


@cache
def _language_names(page: str) -> dict[str, str]:
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(page).languages)
    except (UnknownLocaleError, ValueError):
        return {}


def language_name(code: str, page: str) -> str:
    """The name of language `code` written in the page's language (CLDR), else its autonym."""
    code = _base(code)
    return _language_names(page).get(code) or languages.AUTONYMS.get(code) or code


def shown(texts: dict[str, str] | None, page: str) -> Shown:
    """The best text of a translated field for the page's language."""
    texts = texts or {}
    order = _FALLBACKS.get(page, (page, "en", "fi", "sv"))
    for code in (*order, *sorted(texts)):
        value = (texts.get(code) or "").strip()
        if value:
            base = _base(code)
            marked = base != page
            return Shown(
                value,
                base,
                languages.direction(base),
                marked,
                language_name(base, page) if marked else "",
            )
    return Shown("", page, languages.direction(page), False)


def _written(value: str, lang: str, page: str) -> Shown:
    marked = lang != page
    return Shown(
        value, lang, languages.direction(lang), marked, language_name(lang, page) if marked else ""
    )


def _babel_locale(page: str) -> str:
    return {"en": "en_GB"}.get(page, page)


def format_day(day: datetime.date, page: str) -> str:
    from babel.dates import format_date

    try:
        return str(format_date(day, "long", locale=_babel_locale(page)))
    except (ValueError, LookupError):
        return day.isoformat()


@cache
def _weekday_names(page: str) -> dict[int, str]:
    from babel.dates import get_day_names

    try:
        return {
            int(k): str(v)
            for k, v in get_day_names(
                "wide", context="stand-alone", locale=_babel_locale(page)
            ).items()
        }
    except (ValueError, LookupError):
        return {}


def _span(starts: datetime.time, ends: datetime.time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"


def municipality_name(m: Municipality, page: str) -> Shown:
    """The municipality's official name: Swedish on the Swedish page (when it has one),
    Finnish on the others (the name a client sees on signs and letters)."""
    if page == "sv" and m.name_sv:
        return _written(m.name_sv, "sv", page)
    return _written(m.name_fi, "fi", page) if page != "fi" else Shown(m.name_fi, "fi", "ltr", False)


# --- The page's parts ----------------------------------------------------------------------------


@dataclass
class PlaceShown:
    name: Shown
    address: str
    accessibility: Shown


@dataclass
class ServiceShown:
    id: str
    name: Shown
    summary: Shown
    provider: Shown
    schedule: str
    weekly: list[tuple[str, str]]  # (weekday, "10:00–15:00")
    upcoming: list[tuple[str, str]]  # (date, "10:00–15:00" or "")
    places: list[PlaceShown]
    languages: str
    phone: str
    email: str
    url: str
    detail_url: str
    in_programme: bool


@dataclass
class StepShown:
    key: str
    number: int
    number_label: str
    title: str
    paragraphs: tuple[str, ...]
    links: tuple[Any, ...]
    services: list[ServiceShown]
    responsible: list[Shown] = field(default_factory=list)
    programme_marked: Shown | None = None


def _service(
    service: Service, t: LanguageTexts, today: datetime.date, in_programme: bool
) -> ServiceShown:
    page = t.code
    days = _weekday_names(page)
    schedule_labels = {
        "one_off": t.labels["schedule_one_off"],
        "recurring": t.labels["schedule_recurring"],
        "appointment": t.labels["schedule_appointment"],
        "drop_in": t.labels["schedule_drop_in"],
    }
    weekly = [
        (days.get(time.weekday, str(time.weekday)), _span(time.starts_at, time.ends_at))
        for time in queries.weekly_times(service, today)
        if time.weekday is not None
    ]
    upcoming = [
        (format_day(time.date, page), _span(time.starts_at, time.ends_at))
        for time in queries.upcoming_times(service, today)
        if time.date is not None
    ]
    if service.starts_on and service.starts_on >= today and not upcoming:
        upcoming.append((format_day(service.starts_on, page), ""))
    places = []
    for place in service.places.all():
        street = " ".join(p for p in (place.postal_code, place.post_office) if p)
        address = ", ".join(p for p in (place.street_address, street) if p)
        places.append(
            PlaceShown(shown(place.name, page), address, shown(place.accessibility, page))
        )
    return ServiceShown(
        id=str(service.pk),
        name=shown(service.name, page),
        summary=shown(service.summary, page),
        provider=shown(service.owner.name, page),
        schedule=schedule_labels.get(service.schedule_kind, ""),
        weekly=weekly,
        upcoming=upcoming,
        places=places,
        languages=("، " if t.dir == "rtl" else ", ").join(
            language_name(code, page)
            for code in dict.fromkeys(_base(c) for c in service.languages or [])
        ),
        phone=service.contact_phone,
        email=service.contact_email,
        url=service.url,
        detail_url=reverse("catalog:service_detail", args=[service.pk])
        + "?"
        + urlencode({"lang": page}),
        in_programme=in_programme,
    )


def approval_text(programme: Programme, t: LanguageTexts) -> Shown | None:
    """ "Approved by <body> on <date>", the body as the programme writes it."""
    if not programme.approved_on or not programme.approved_by_body:
        return None
    return Shown(
        t.label(
            "programme_approved",
            body=programme.approved_by_body,
            date=format_day(programme.approved_on, t.code),
        ),
        t.code,
        t.dir,
        False,
    )


def path_context(code: str, lang: str, today: datetime.date | None = None) -> dict[str, Any]:
    """Everything the path page and the leaflet show; Http404 for an unknown municipality or
    a language without texts."""
    texts = available()
    t = texts.get(lang)
    m = queries.municipality(code)
    if t is None or m is None:
        raise Http404
    today = today or timezone.localdate()
    programme = queries.published_programme(code)
    parts = queries.programme_parts(programme) if programme else {}
    services = queries.municipality_services(code)
    steps = []
    for number, found in enumerate(queries.steps_for(step_rules(), services, parts), start=1):
        text = t.steps[found.rule.key]
        step = StepShown(
            key=found.rule.key,
            number=number,
            number_label=t.label("step_number", number=str(number)),
            title=text.title,
            paragraphs=text.paragraphs,
            links=text.links,
            services=[_service(s, t, today, s.pk in found.in_programme) for s in found.services],
        )
        if found.part is not None and programme is not None:
            step.responsible = [
                _written(r, programme.language, lang) for r in found.part.responsible
            ]
            if programme.language != lang:
                step.programme_marked = Shown(
                    t.label("text_language", language=language_name(programme.language, lang)),
                    lang,
                    t.dir,
                    False,
                )
        steps.append(step)
    name = municipality_name(m, lang)
    return {
        "t": t,
        "municipality": m,
        "municipality_name": name,
        "title": t.label("path_title", municipality=name.value),
        "steps": steps,
        "programme": programme,
        "approval": approval_text(programme, t) if programme else None,
        "printed": t.label("leaflet_printed", date=format_day(today, lang)),
        "languages": [
            {
                "code": other.code,
                "name": other.name,
                "dir": other.dir,
                "url": reverse("public:path", args=[m.code, other.code]),
                "current": other.code == lang,
            }
            for other in texts.values()
        ],
        "index_url": reverse("public:index") + "?" + urlencode({"lang": lang}),
        "leaflet_url": reverse("public:leaflet", args=[m.code, lang]),
    }


def _respond(response: HttpResponse, lang: str) -> HttpResponse:
    response["Content-Language"] = lang
    return response


# --- The pages -----------------------------------------------------------------------------------


def _index_language(request: HttpRequest) -> LanguageTexts:
    texts = available()
    asked = request.GET.get("lang", "")
    if asked in texts:
        return texts[asked]
    ui = (get_language() or "fi").split("-")[0]
    return texts.get(ui) or texts["fi"]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Choose a municipality: the ones this installation serves first, then the rest."""
    t = _index_language(request)
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    served = queries.served_codes()
    wanted = q.casefold()
    rows = []
    for m in Municipality.objects.valid_on().order_by("name_fi"):
        if wanted and not (
            wanted in m.name_fi.casefold() or wanted in m.name_sv.casefold() or wanted == m.code
        ):
            continue
        rows.append(
            {
                "code": m.code,
                "name": municipality_name(m, t.code),
                "other_name": m.name_sv if m.name_sv and m.name_sv != m.name_fi else "",
                "url": reverse("public:path", args=[m.code, t.code]),
                "served": m.code in served,
            }
        )
    texts = available()
    context = {
        "t": t,
        "q": q,
        "served": [r for r in rows if r["served"]],
        "others": [r for r in rows if not r["served"]],
        "languages": [
            {
                "code": other.code,
                "name": other.name,
                "dir": other.dir,
                "url": reverse("public:index") + "?" + urlencode({"lang": other.code}),
                "current": other.code == t.code,
            }
            for other in texts.values()
        ],
    }
    return _respond(render(request, "public/index.html", context), t.code)


@require_GET
def path_page(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    """A municipality's service path in one language."""
    context = path_context(code, lang)
    return _respond(render(request, "public/path.html", context), lang)


def leaflet_pdf(request: HttpRequest, code: str, lang: str) -> bytes:
    """The path as an A4 leaflet (WeasyPrint; no fetch but the stylesheet on disk)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    context = path_context(code, lang)
    css = static_path(LEAFLET_CSS)
    context["stylesheet"] = css.name
    context["address"] = request.build_absolute_uri(reverse("public:path", args=[code, lang]))
    html = render_to_string("public/leaflet.html", context, request=request)
    pdf: bytes = HTML(
        string=html, base_url=css.parent.as_uri() + "/", url_fetcher=local_fetcher(css.parent)
    ).write_pdf()
    return pdf


@require_GET
def leaflet(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    response = HttpResponse(leaflet_pdf(request, code, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="service-path-{code}-{lang}.pdf"'
    return _respond(response, lang)
