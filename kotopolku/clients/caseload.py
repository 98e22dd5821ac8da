"""The caseload pages: the counsellor's own clients (`caseload`) and the unit manager's view
of the clients of their units (`unit_caseload`), 50 rows a page with filter menus, counts and
the casework steps; the hot path of the start page (docs/performance.md)."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import uuid
from typing import Any, TypedDict
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotopolku.access import scopes
from kotopolku.accounts import scopes as account_scopes
from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.clients import hooks, rules, search
from kotopolku.clients import queries as caseload_queries
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus, ResponsibleAuthority
from kotopolku.core import languages
from kotopolku.core.formatting import short_date_formatter
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.queries import municipality_labels

PAGE_SIZE = 50

CASELOAD_COLUMNS = (
    "id",
    "status",
    "first_name",
    "last_name",
    "birth_date",
    "mother_tongue",
    "no_municipality_reason",
    "responsible_authority",
    "municipality_id",
    "civic_orientation_pending",
    "integration_window_end",
)
UNIT_VIEW_COLUMNS = ("current_counsellor__first_name", "current_counsellor__last_name")


def STEP_CHOICES() -> list[tuple[str, str]]:  # noqa: N802 (a constant, translated when used)
    return [
        ("overdue", _("Overdue steps")),
        ("lapsed", _("Rights lapsed")),
        ("soon", _("Due within 30 days")),
        ("none", _("No open steps")),
    ]


def LAPSED_EXPLAINED() -> str:  # noqa: N802 (a constant, translated when used)
    return _(
        "Right lapsed: the step could only be taken within the client's integration window "
        "(three years from the first residence permit), and the window has ended. It is not "
        "an overdue task: it can no longer be done."
    )


def _step_columns() -> dict[str, hooks.StepsColumn]:
    """The steps columns of the apps that keep steps (`hooks.caseload_steps`), by the name
    the page query reads each under."""
    return {f"_steps_{i}": column for i, column in enumerate(hooks.caseload_steps())}


def _steps_by_client(
    rows: list[dict[str, Any]], columns: dict[str, hooks.StepsColumn]
) -> hooks.Steps:
    """The open steps of the page's clients, from the steps columns read with the rows."""
    by_client: dict[Any, list[tuple[str, datetime.date]]] = {}
    for row in rows:
        items: list[tuple[str, datetime.date]] = []
        for name, column in columns.items():
            items.extend(column.parse(row.pop(name)))
        if len(columns) > 1:
            items.sort(key=lambda item: item[1])
        if items:
            by_client[row["id"]] = items
    return hooks.Steps(by_client, {k: v for c in columns.values() for k, v in c.labels.items()})


class CaseloadStep(TypedDict):
    """One casework step of a caseload row: its label and due date, and its badge (`badge`
    the class suffix, "danger" when overdue, "lapsed" when the right to the step has lapsed
    with the integration window, "warn" when due soon, "" without a badge; `badge_text` the
    badge's words, `badge_title` what they mean)."""

    badge: str
    badge_text: str
    badge_title: str
    label: str
    due: str


class CaseloadRow(TypedDict):
    """One row of the caseload table as `clients/_caseload_rows.html` shows it: plain texts,
    escaped by the template. (Dicts, not objects: the template engine finds a key at its
    first try, an attribute only after a failed key lookup, which is measurable on the
    start page.)"""

    url: str
    name: str  # "Last, First"
    status: str  # "" for an active client
    born: str
    place: str
    no_place_reason: str
    tongue: str
    authority: str
    counsellor: str  # the unit view's column
    steps: list[CaseloadStep]
    civic_pending: bool


def _caseload_rows(
    rows: Any,
    today: datetime.date,
    labels: dict[int, tuple[str, str]],
    steps: hooks.Steps,
) -> list[CaseloadRow]:
    """The caseload's table rows for the template: the hot path of the start page. Rows come
    as dicts (no model instances). The steps column lists every overdue step and the next one
    due."""
    ui = (get_language() or "fi")[:2]
    names = languages.names(ui)
    blank = str(uuid.UUID(int=0))
    detail = reverse("clients:detail", args=[blank]).replace(blank, "{}")
    authority = {value: str(label) for value, label in ResponsibleAuthority.choices}
    status = {value: str(label) for value, label in ClientStatus.choices}
    kinds = {kind: str(label) for kind, label in steps.labels.items()}
    short_date = short_date_formatter()
    soon = today + datetime.timedelta(days=caseload_queries.SOON_DAYS)
    overdue, due_soon, lapsed = (
        ("danger", _("overdue"), ""),
        ("warn", _("due soon"), ""),
        (
            "lapsed",
            _("right lapsed"),
            str(LAPSED_EXPLAINED()),
        ),
    )
    out: list[CaseloadRow] = []
    for row in rows:
        items: list[CaseloadStep] = []
        upcoming_shown = False
        window_end = row.get("integration_window_end")
        for kind, due in steps.by_client.get(row["id"], ()):
            if due >= today:
                if upcoming_shown:
                    break
                upcoming_shown = True
            badge, badge_text, badge_title = (
                (lapsed if rules.step_lapsed(kind, due, window_end, today) else overdue)
                if due < today
                else due_soon
                if due <= soon
                else ("", "", "")
            )
            items.append(
                {
                    "badge": badge,
                    "badge_text": badge_text,
                    "badge_title": badge_title,
                    "label": kinds.get(kind, kind),
                    "due": short_date(due),
                }
            )
        place = labels[row["municipality_id"]][1] if row["municipality_id"] in labels else ""
        tongue = row["mother_tongue"]
        first = row.get("current_counsellor__first_name") or ""
        last = row.get("current_counsellor__last_name") or ""
        out.append(
            {
                "url": detail.format(row["id"]),
                "name": f"{row['last_name']}, {row['first_name']}",
                "status": "" if row["status"] == ClientStatus.ACTIVE else status[row["status"]],
                "born": short_date(row["birth_date"]),
                "place": place,
                "no_place_reason": row["no_municipality_reason"],
                "tongue": names.get(tongue, tongue),
                "authority": authority.get(row["responsible_authority"], ""),
                "counsellor": f"{first} {last}".strip() or "–",
                "steps": items,
                "civic_pending": bool(row.get("civic_orientation_pending")),
            }
        )
    return out


def _caseload_page(
    request: AuthenticatedRequest, base: Any, *, template: str, title: str, unit_view: bool
) -> HttpResponse:
    if request.method == "POST" or "q" in request.GET:
        # a search (or an old link with the text in it): the text goes into the session
        params, address = search.search_redirect(request)
        if request.method == "GET" or not request.headers.get("HX-Request"):
            return HttpResponseRedirect(address, status=303)
    else:
        params, address = search.caseload_params(request), ""
    f = caseload_queries.CaseloadFilter.from_params(params)
    if not unit_view and f.counsellor:  # the own caseload is one counsellor's already
        f = dataclasses.replace(f, counsellor="")
    columns = CASELOAD_COLUMNS + (UNIT_VIEW_COLUMNS if unit_view else ())
    qs = caseload_queries.apply(base, f)
    ui = (get_language() or "fi")[:2]
    labels = municipality_labels(ui)
    today = timezone.localdate()
    # the unit view's counts per counsellor come from the same grouped query
    unit = caseload_queries.unit_groups(base, today) if unit_view else None
    found = unit.groups if unit is not None else caseload_queries.groups(base, today)
    known = caseload_queries.count_from_groups(
        unit.of(f.counsellor) if unit is not None and f.counsellor else found,
        f,
        {pk: code for pk, (code, _n) in labels.items()},
    )
    # the unit view sorts thousands of clients: ids first from the covering index
    # the steps are read with the rows (a subquery per row of the page), not by a query of their own
    steps = _step_columns()
    listing: Any = caseload_queries.Listing(
        qs,
        columns,
        known,
        two_step=unit_view,
        annotations={k: c.expression for k, c in steps.items()},
    )
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    ids = [row["id"] for row in rows]
    record_read("client", ids, kind=AccessEvent.Kind.LIST)
    table_rows = _caseload_rows(rows, today, labels, _steps_by_client(rows, steps))
    context = {
        "title": title,
        "page_obj": page,
        "rows": table_rows,
        "has_lapsed": any(s["badge"] == "lapsed" for r in table_rows for s in r["steps"]),
        "filter": f,
        "sort_links": _sort_links(params, f),
        "pagination_query": QueryDict(
            urlencode({k: v for k, v in params.items() if k != "q"}), mutable=True
        ),
        "unit_view": unit_view,
        "options": _filter_options(found, labels, ui, f),
        "steps_options": _choices(STEP_CHOICES(), f.steps),
        "civic_options": _choices([("pending", _("Not offered yet"))], f.civic),
        "overdue_count": caseload_queries.overdue_count(found) if unit_view else None,
        "lapsed_count": caseload_queries.lapsed_count(found) if unit_view else None,
        "lapsed_explained": LAPSED_EXPLAINED(),
        "pending_grants": account_scopes.grants_to_confirm(request.user).count()
        if unit_view and not request.headers.get("HX-Request")
        else 0,
    }
    if unit is not None:
        counsellors = _counsellor_table(unit, f)
        context["counsellors"] = counsellors
        context["counsellor_sort_links"] = _counsellor_sort_links(params, f)
        context["counsellor_options"] = _choices(
            [
                (c.key, c.name)
                for c in sorted(
                    counsellors, key=lambda c: (c.counsellor_id is None, c.name.lower())
                )
            ],
            f.counsellor,
            remember=False,
        )
    if not request.headers.get("HX-Request"):
        for box in hooks.caseload_boxes(request, unit_view):
            context.update(box)
    if request.headers.get("HX-Request"):
        response = render(request, "clients/_caseload_table.html", context)
        if address:
            response["HX-Push-Url"] = address
        return response
    return render(request, template, context)


def _sort_links(params: dict[str, str], f: Any) -> dict[str, str]:
    """Links that sort by a column (a second click reverses it), keeping the filters and the
    opaque search id (never the search text)."""
    kept = {k: v for k, v in params.items() if k not in ("q", "page")}
    links = {}
    for column in ("name", "municipality", "language", "due"):
        kept["sort"] = f"-{column}" if f.sort == column and column in ("name", "due") else column
        links[column] = "?" + urlencode(kept)
    return links


def _counsellor_table(
    found: caseload_queries.UnitGroups, f: Any
) -> list[caseload_queries.CounsellorCounts]:
    """The unit view's counts per counsellor (from the grouped query), with the names of the
    counsellors in one query of the users."""
    ids = {pk for pk in found.by_counsellor if pk is not None}
    names = {
        pk: f"{last}, {first}".strip(", ") or username
        for pk, first, last, username in User.objects.filter(pk__in=ids).values_list(
            "id", "first_name", "last_name", "username"
        )
    }
    rows = caseload_queries.counsellor_counts(found, names, f.counsellor_sort)
    for row in rows:
        if row.counsellor_id is None:
            row.name = _("No own counsellor")
    return rows


def _counsellor_sort_links(params: dict[str, str], f: Any) -> dict[str, str]:
    """Links that sort the table of counsellors (a second click reverses), keeping the
    caseload's own sort and filters."""
    kept = {k: v for k, v in params.items() if k not in ("q", "page")}
    links = {}
    for column in caseload_queries.COUNSELLOR_SORTS:
        kept["csort"] = f"-{column}" if f.counsellor_sort == column else column
        links[column] = "?" + urlencode(kept)
    return links


class Option(TypedDict):
    """One <option> of a filter menu, for `clients/_options.html`."""

    value: str
    label: str
    selected: bool


def _choices(pairs: Any, selected: str, *, remember: bool = True) -> SafeString:
    """A filter menu's <option>s, rendered by `clients/_options.html`; remembered per process
    (`_menu_html`) unless `remember` is false (a menu of people's names)."""
    menu = tuple((str(value), str(label), value == selected) for value, label in pairs)
    return _menu_html(menu) if remember else _render_menu(menu)


def _render_menu(menu: tuple[tuple[str, str, bool], ...]) -> SafeString:
    options: list[Option] = [
        {"value": value, "label": label, "selected": selected} for value, label, selected in menu
    ]
    html = get_template("clients/_options.html").render({"menu": options})
    assert isinstance(html, SafeString)  # a template's output: escaped by the template
    return html


@functools.lru_cache(maxsize=512)
def _menu_html(menu: tuple[tuple[str, str, bool], ...]) -> SafeString:
    """`clients/_options.html` for one menu, remembered by its exact options (their values,
    texts in the page's language and the selected one): an unchanged caseload's menus are
    rendered once per process, not on every page (docs/performance.md). Only menus without
    personal data are remembered: municipality and language names, authorities, statuses
    and step filters (the unit view's counsellors are rendered each time)."""
    return _render_menu(menu)


def _filter_options(
    found: list[Any], labels: dict[int, tuple[str, str]], ui: str, f: Any
) -> dict[str, SafeString]:
    """The filter menus' options, rendered: the municipalities and mother tongues present
    in the caseload (from its groups), the responsible authorities and the statuses."""
    names = languages.names(ui)
    municipalities = sorted(
        {labels[g.municipality_id] for g in found if g.municipality_id in labels},
        key=lambda item: item[1],
    )
    tongues = sorted(
        {(g.mother_tongue, names.get(g.mother_tongue, g.mother_tongue)) for g in found},
        key=lambda item: item[1].lower(),
    )
    return {
        "municipality": _choices(municipalities, f.municipality),
        "language": _choices(tongues, f.language),
        "authority": _choices(ResponsibleAuthority.choices, f.authority),
        "status": _choices(ClientStatus.choices, f.status),
    }


@require_http_methods(["GET", "POST"])
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """The counsellor's start page: their own clients, next due date first."""
    # A counsellor's own clients are visible to them by definition (client_scopes.visible_clients);
    # a wellbeing-county worker's are those whose multi-professional process their county
    # has been asked to join.
    base = client_scopes.own_clients(request.user)
    return _caseload_page(
        request, base, template="clients/caseload.html", title=_("My clients"), unit_view=False
    )


@require_http_methods(["GET", "POST"])
def unit_caseload(request: AuthenticatedRequest) -> HttpResponse:
    """The unit manager's view: every client of the units they manage."""
    # the clients of a manager's units (and sub-units) are visible to them by definition
    # (client_scopes.visible_clients); filtering on the unit alone keeps the query on its index
    units = scopes.managed_unit_ids(request.user)
    base = Client.objects.filter(responsible_unit_id__in=units)
    return _caseload_page(
        request,
        base,
        template="clients/caseload.html",
        title=_("Clients of the unit"),
        unit_view=True,
    )
