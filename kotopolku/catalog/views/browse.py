"""Finding services: the tray's search page and an entry's page (both public).

Anyone sees published entries; drafts and archived entries only their owner's editors and
the coordinators of their region (`catalog.scopes`), everyone else gets 404. A caseworker
who comes with `?for_client=<id>` of a client they may see gets the tray filtered and ranked
for the client (`catalog.matching`; each filter shown with a link that removes it: `drop`,
and `need` for one need of the assessment), the read logged; a referrer also gets a "refer"
link on every result and on the entry's page. The client's name is never shown here, and an
invisible or unknown client id is silently ignored.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotopolku.access import scopes
from kotopolku.audit.recorder import record_read
from kotopolku.catalog import hooks, matching
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.models import (
    SOURCE_TEXT_FIELDS,
    TEXT_FIELDS,
    ProgrammeElement,
    Service,
    ServiceFacet,
    TargetGroup,
    TrayCategory,
)
from kotopolku.catalog.search.query import SearchQuery
from kotopolku.catalog.search.query import search as run_search
from kotopolku.clients.forms import municipality_choices
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.clients.scopes import (
    may_write_casework,
    own_clients,
    referable_client,
    visible_clients,
)
from kotopolku.core import languages
from kotopolku.core.forms import Form
from kotopolku.core.params import page_number
from kotopolku.core.translated import Text, pick
from kotopolku.orgs.models import Municipality

PAGE_SIZE = 20
OPTIONS_TTL = 300
LANG_CODE = re.compile(r"^[a-z]{2,3}(-x-[a-z]{2,8})?$")
WHEN_CHOICES = (
    ("now", gettext_lazy("Open now")),
    ("upcoming", gettext_lazy("Upcoming (next 30 days)")),
)


def _ui() -> str:
    return (get_language() or "fi").split("-")[0]


def _staff(request: HttpRequest) -> Any:
    """The logged-in (and, where required, verified) user, else None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if settings.REQUIRE_2FA and not user.is_verified():
        return None
    return user


def referral_client_id(request: HttpRequest) -> uuid.UUID | None:
    """The `for_client` of the request when the user may refer that client
    (`clients.scopes.referable_client`); None otherwise (existence is never revealed)."""
    raw = request.GET.get("for_client", "")
    user = _staff(request)
    if not raw or user is None:
        return None
    try:
        client_id = uuid.UUID(raw)
    except ValueError:
        return None
    return client_id if referable_client(user, client_id) is not None else None


def tray_client(request: HttpRequest) -> Client | None:
    """The client of `for_client` when the user sees them, else None (never saying which)."""
    raw = request.GET.get("for_client", "")
    user = _staff(request)
    if not raw or user is None:
        return None
    try:
        client_id = uuid.UUID(raw)
    except ValueError:
        return None
    return visible_clients(user).select_related("municipality").filter(pk=client_id).first()


def _refer_url(client_id: uuid.UUID | None, service_id: uuid.UUID) -> str:
    if client_id is None:
        return ""
    return reverse("referrals:create", args=[client_id, service_id])


# How many of the user's own clients "choose client…" lists (a caseload is far smaller).
CLIENT_CHOICES = 300


def client_choices(user: Any) -> list[Client]:
    """The user's own active clients whom they may refer (`referable_client`), for "choose
    client…" on an entry opened without a client; their names are logged as read."""
    if user is None or not scopes.may_refer(user):
        return []
    rows = [
        client
        for client in own_clients(user)
        .filter(status=ClientStatus.ACTIVE)
        .select_related("responsible_unit")
        .order_by("last_name", "first_name", "id")[:CLIENT_CHOICES]
        if may_write_casework(user, client)
    ]
    if rows:
        record_read("client", [c.pk for c in rows], purpose="choose a client for the tray")
    return rows


def _add_to_plan_url(client_id: uuid.UUID | None, service: Service) -> str:
    """The link that adds this published entry to the client's plan (`hooks.plan_link`;
    `for_client` was already checked: the user writes the client's casework)."""
    if client_id is None or service.status != Service.Status.PUBLISHED:
        return ""
    return next((url for url in hooks.plan_link(client_id, service) if url), "")


def _autonym(code: str, ui: str) -> str:
    return languages.AUTONYMS.get(code) or languages.name(code, ui)


@dataclass(frozen=True)
class Shown:
    """A translated text ready for a template: the value, its language and direction,
    whether it needs `lang`/`dir` marking (its language is not the page's UI language), and
    for a fallback (not the language asked for) the language's own name to show next to it."""

    value: str
    lang: str
    dir: str
    marked: bool
    is_fallback: bool
    language_name: str

    @classmethod
    def of(cls, text: Text, ui: str) -> Shown:
        return cls(
            value=text.value,
            lang=text.lang,
            dir=text.dir,
            marked=text.lang != ui,
            is_fallback=text.is_fallback,
            language_name=_autonym(text.lang, ui),
        )

    def __str__(self) -> str:
        return self.value


def _municipality_names(codes: set[str], ui: str) -> dict[str, str]:
    if not codes:
        return {}
    return {m.code: str(m.name(ui)) for m in Municipality.objects.valid_on().filter(code__in=codes)}


# --- The search form ----------------------------------------------------------------------------


def _facet_values(kind: str) -> list[str]:
    """The values of a filter that published entries have (the options offered), cached
    for `OPTIONS_TTL` seconds: a value that is new since is still accepted, only not listed."""
    key = f"catalog:search-options:{kind}"
    values: list[str] | None = cache.get(key)
    if values is None:
        values = sorted(
            set(
                ServiceFacet.objects.filter(kind=kind, service__status=Service.Status.PUBLISHED)
                .order_by()
                .values_list("value", flat=True)
                .distinct()
            )
        )
        cache.set(key, values, OPTIONS_TTL)
    return values


class SearchForm(Form):
    q = forms.CharField(label=gettext_lazy("Words"), required=False, max_length=200)
    municipality = forms.ChoiceField(label=gettext_lazy("Municipality"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language of service"), required=False)
    target_group = forms.ChoiceField(label=gettext_lazy("Target group"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Tray category"), required=False)
    element = forms.ChoiceField(label=gettext_lazy("Programme element"), required=False)
    when = forms.ChoiceField(label=gettext_lazy("When"), required=False)

    def __init__(self, data: Any, ui: str, user: Any = None) -> None:
        super().__init__(data, auto_id="f-%s")
        every = [("", _("All"))]
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
        codes = set(_facet_values(ServiceFacet.Kind.MUNICIPALITY))
        wanted = (data.get("municipality") or "").strip()
        # the municipalities with entries (and a known one without: a valid choice that finds
        # nothing), the user's region first: the client form's picker order (issue 15)
        signed_in = user is not None and user.is_authenticated
        self._choices(
            "municipality",
            municipality_choices(
                scopes.home_region_ids(user) if signed_in else (),
                codes=codes | ({wanted} if wanted else set()),
                blank=_("All"),
            ),
        )
        langs = set(_facet_values(ServiceFacet.Kind.LANGUAGE))
        wanted_lang = (data.get("language") or "").strip()
        if wanted_lang and languages.is_valid_code(wanted_lang):
            langs.add(wanted_lang)
        labelled = [(code, self._language_label(code, ui)) for code in langs]
        self._choices("language", every + sorted(labelled, key=lambda i: i[1].casefold()))
        self._choices("target_group", every + list(TargetGroup.choices))
        self._choices("category", every + list(TrayCategory.choices))
        self._choices("element", every + list(ProgrammeElement.choices))
        self._choices("when", [("", _("Any time")), *WHEN_CHOICES])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        choice_field: forms.ChoiceField = self.fields[name]  # type: ignore[assignment]
        choice_field.choices = choices

    @staticmethod
    def _language_label(code: str, ui: str) -> str:
        name = languages.name(code, ui)
        autonym = languages.AUTONYMS.get(code, "")
        return f"{name} – {autonym}" if autonym and autonym != name else name

    def query(self, ui: str) -> SearchQuery:
        data = self.cleaned_data
        return SearchQuery(
            q=data.get("q") or "",
            lang=ui,
            municipality=data.get("municipality") or None,
            language=data.get("language") or None,
            target_group=data.get("target_group") or None,
            category=data.get("category") or None,
            element=data.get("element") or None,
            when=data.get("when") or None,
        )

    @property
    def has_filters(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields if name != "q")


class _Hits:
    """The search as a sequence for Django's Paginator: one `search` call gives the count
    and the page asked for; other slices search again."""

    def __init__(self, query: SearchQuery, first_offset: int) -> None:
        self.query = query
        self.first_offset = first_offset
        self._pages: dict[tuple[int, int], list[Service]] = {}
        self._count: int | None = None

    def _fetch(self, offset: int, limit: int) -> list[Service]:
        if (offset, limit) not in self._pages:
            page = run_search(self.query, limit=limit, offset=offset)
            self._count = page.count
            self._pages[(offset, limit)] = page.results
        return self._pages[(offset, limit)]

    def count(self) -> int:
        if self._count is None:
            self._fetch(self.first_offset, PAGE_SIZE)
        assert self._count is not None
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[Service]:
        start = item.start or 0
        stop = item.stop if item.stop is not None else start + PAGE_SIZE
        return self._fetch(start, stop - start)


@dataclass
class Result:
    """One search result as the page shows it."""

    service: Service
    name: Shown
    summary: Shown
    provider: Shown
    url: str
    refer_url: str
    languages: list[tuple[str, str]] = field(default_factory=list)  # (code, autonym)
    municipalities: list[str] = field(default_factory=list)
    category: str = ""
    schedule: str = ""
    matched_on: list[str] = field(default_factory=list)  # labels of the reasons
    open_now: bool = False
    starts_soon: bool = False


def _results(
    services: list[Service], ui: str, client_id: uuid.UUID | None, detail_query: str
) -> list[Result]:
    codes = {c for s in services for c in (s.municipality_codes or [])}
    names = _municipality_names(codes, ui)
    out = []
    for s in services:
        out.append(
            Result(
                service=s,
                name=Shown.of(s.display_name(ui), ui),
                summary=Shown.of(s.text("summary", ui), ui),
                provider=Shown.of(s.owner.display_name(ui), ui),
                url=reverse("catalog:service_detail", args=[s.pk]) + detail_query,
                refer_url=_refer_url(client_id, s.pk),
                languages=[(code, _autonym(code, ui)) for code in s.languages or []],
                municipalities=[names.get(c, c) for c in s.municipality_codes or []],
                category=s.get_tray_category_display(),
                schedule=s.get_schedule_kind_display(),
            )
        )
    return out


REASON_LABELS = {
    matching.MUNICIPALITY: gettext_lazy("Municipality of residence"),
    matching.LANGUAGE: gettext_lazy("Languages the client speaks"),
    matching.TARGET_GROUP: gettext_lazy("Target groups that fit"),
    matching.NEED: gettext_lazy("Needs found in the assessment"),
}


def _client_filters(request: HttpRequest) -> matching.ClientFilters:
    """The `drop` and `need` of the address (unknown values are left out)."""
    drop = {d for d in request.GET.getlist("drop") if d in matching.REASONS}
    need = request.GET.get("need", "")
    return matching.ClientFilters(
        active=frozenset(matching.REASONS) - drop,
        need=need if need in matching.need_table() else None,
    )


def _with(request: HttpRequest, *, drop: set[str], need: str | None) -> str:
    """This address with other `drop` and `need` (and the first page)."""
    pairs = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in ("drop", "need", "page")
        for value in values
    ]
    pairs += [("drop", d) for d in matching.REASONS if d in drop]
    if need:
        pairs.append(("need", need))
    return reverse("catalog:search") + "?" + urlencode(pairs)


def _chip_value(reason: str, client: Client, found: matching.ClientResults, ui: str) -> str:
    if reason == matching.MUNICIPALITY and client.municipality is not None:
        return str(client.municipality.name(ui))
    if reason == matching.LANGUAGE:
        return ", ".join(_autonym(code, ui) for code in matching.client_languages(client))
    if reason == matching.NEED:
        return ", ".join(str(need.label) for need in found.needs)
    return ""


def _chips(
    request: HttpRequest,
    client: Client,
    filters: matching.ClientFilters,
    found: matching.ClientResults,
    ui: str,
) -> dict[str, list[dict[str, str]]]:
    """The client's filters in force, each with the address that removes it, and the
    removed ones, each with the address that puts it back."""
    dropped = set(matching.REASONS) - filters.active
    on = [
        {
            "reason": reason,
            "label": str(REASON_LABELS[reason]),
            "value": _chip_value(reason, client, found, ui),
            "url": _with(request, drop=dropped | {reason}, need=filters.need),
        }
        for reason in found.on
    ]
    off = [
        {
            "reason": reason,
            "label": str(REASON_LABELS[reason]),
            "url": _with(request, drop=dropped - {reason}, need=filters.need),
        }
        for reason in found.off
        if reason in dropped
    ]
    return {"on": on, "off": off}


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    ui = _ui()
    form = SearchForm(request.GET, ui, request.user)
    client_id = referral_client_id(request)
    client = tray_client(request)
    filters = _client_filters(request)
    context: dict[str, Any] = {
        "form": form,
        "for_client": client_id,
        "tray_client": client.pk if client is not None else None,
        "drop": sorted(set(matching.REASONS) - filters.active),
        "need": filters.need or "",
        "searched": False,
    }
    if client is not None:
        record_read("client", [client.pk], purpose="tray for the client")
    if form.is_valid():
        number = page_number(request.GET.get("page"))
        keep = client_id or (client.pk if client is not None else None)
        detail_query = "?" + urlencode({"for_client": str(keep)}) if keep else ""
        if client is not None:
            found = matching.client_search(
                form.query(ui),
                matching.profile(client),
                filters,
                limit=matching.CANDIDATE_LIMIT,
                offset=0,
            )
            page: Any = Paginator(found.matches, PAGE_SIZE).get_page(number)
            shown = list(page.object_list)
            results = _results([m.service for m in shown], ui, client_id, detail_query)
            for result, m in zip(results, shown, strict=True):
                result.matched_on = [str(REASON_LABELS[r]) for r in m.reasons]
                result.open_now, result.starts_soon = m.open_now, m.starts_soon
            context.update(
                {
                    "searched": True,
                    "for_client_ranked": True,
                    "chips": _chips(request, client, filters, found, ui),
                    "page_obj": page,
                    "count": found.count,
                    "results": results,
                }
            )
        else:
            hits = _Hits(form.query(ui), (number - 1) * PAGE_SIZE)
            page = Paginator(cast(Any, hits), PAGE_SIZE).get_page(number)
            context.update(
                {
                    "searched": bool(form.cleaned_data.get("q")) or form.has_filters,
                    "ranked": bool(form.cleaned_data.get("q")),
                    "page_obj": page,
                    "count": page.paginator.count,
                    "results": _results(list(page.object_list), ui, client_id, detail_query),
                }
            )
    context["htmx"] = bool(request.headers.get("HX-Request"))
    template = "catalog/_results.html" if context["htmx"] else "catalog/search.html"
    return render(request, template, context)


# --- An entry's page ----------------------------------------------------------------------------


def _available_languages(service: Service) -> list[str]:
    found: set[str] = set()
    for name in TEXT_FIELDS:
        found |= {code for code, text in (getattr(service, name) or {}).items() if text}
    first = [code for code in ("fi", "sv", "en") if code in found]
    return first + sorted(found - set(first))


@require_GET
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = (
        Service.objects.select_related("owner")
        .prefetch_related("places", "times")
        .filter(pk=service_id)
        .first()
    )
    user = _staff(request)
    if service is None or not permissions.may_see_entry(user, service):
        raise Http404
    ui = _ui()
    available = _available_languages(service)
    asked = request.GET.get("lang", "")
    lang = asked if asked in available else ui
    client_id = referral_client_id(request)
    keep = {"for_client": str(client_id)} if client_id else {}
    versions = [
        {
            "code": code,
            "autonym": _autonym(code, ui),
            "url": "?" + urlencode({**keep, "lang": code}),
            "current": code == lang,
            "dir": languages.direction(code),
        }
        for code in available
    ]
    places = []
    place_codes = {p.municipality_code for p in service.places.all() if p.municipality_code}
    names = _municipality_names(set(service.municipality_codes or []) | place_codes, ui)
    for place in service.places.all():
        places.append(
            {
                "name": Shown.of(place.display_name(lang), ui),
                "place": place,
                "municipality": names.get(place.municipality_code, place.municipality_code),
                "accessibility": Shown.of(pick(place.accessibility, lang), ui),
            }
        )
    times = [
        {
            "day": str(WEEKDAYS[t.weekday]) if t.weekday is not None else "",
            "date": t.date,
            "starts_at": t.starts_at,
            "ends_at": t.ends_at,
        }
        for t in service.times.all()
    ]
    groups = dict(TargetGroup.choices)
    return render(
        request,
        "catalog/service_detail.html",
        {
            "service": service,
            "texts": {
                name: Shown.of(service.text(name, lang), ui)
                for name in (*TEXT_FIELDS, *SOURCE_TEXT_FIELDS)
            },
            "lang": lang,
            "lang_dir": languages.direction(lang),
            "versions": versions,
            "provider": Shown.of(service.owner.display_name(lang), ui),
            "languages": [(code, _autonym(code, ui)) for code in service.languages or []],
            "municipalities": [names.get(c, c) for c in service.municipality_codes or []],
            "target_groups": [groups.get(g, g) for g in service.target_groups or []],
            "places": places,
            "times": times,
            "refer_url": _refer_url(client_id, service.pk),
            "plan_url": _add_to_plan_url(client_id, service),
            "is_referrer": user is not None and scopes.may_refer(user),
            "client_choices": (
                client_choices(user)
                if client_id is None and service.status == Service.Status.PUBLISHED
                else []
            ),
            "may_edit": user is not None and permissions.may_edit(user, service),
            "published": service.status == Service.Status.PUBLISHED,
        },
    )
