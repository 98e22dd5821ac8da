"""The caseload, the client page, corrections, and the client's access-log report."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import uuid
from typing import Any, TypedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kotopolku.access import scopes
from kotopolku.accounts import scopes as account_scopes
from kotopolku.accounts.models import User
from kotopolku.audit import queries as audit_queries
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.audit.reports import show_changes
from kotopolku.clients import actions, hooks, rules, search
from kotopolku.clients import queries as caseload_queries
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
    ResponsibleAuthority,
)
from kotopolku.core import authorities, languages
from kotopolku.core.formatting import short_date_formatter
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.queries import municipality_labels

PAGE_SIZE = 50
LOG_VALUES_PURPOSE = "access-log report: change values"


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


def _steps_by_client(ids: list[Any]) -> hooks.Steps:
    """The open steps of the listed clients, from the apps that keep them (`hooks`)."""
    found = hooks.caseload_steps(ids)
    if len(found) == 1:
        return found[0]
    merged = hooks.Steps()
    for steps in found:
        for client_id, items in steps.by_client.items():
            merged.by_client.setdefault(client_id, []).extend(items)
    for items in merged.by_client.values():
        items.sort(key=lambda item: item[1])
    return hooks.Steps(merged.by_client, {k: v for s in found for k, v in s.labels.items()})


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
    listing: Any = caseload_queries.Listing(qs, columns, known, two_step=unit_view)
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    ids = [row["id"] for row in rows]
    record_read("client", ids, kind=AccessEvent.Kind.LIST)
    table_rows = _caseload_rows(rows, today, labels, _steps_by_client(ids))
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
