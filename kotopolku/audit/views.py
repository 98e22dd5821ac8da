"""The audit views for auditors: the access log, the change log, one user's activity."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from kotopolku.audit import queries
from kotopolku.audit.forms import ClientSearchForm, EventFilterForm
from kotopolku.audit.reports import security_summary, show_changes
from kotopolku.audit.search import BY_HETU, BY_NAME, ClientHit, record_log_browsing, search_clients
from kotopolku.core.types import AuthenticatedRequest

PAGE_SIZE = 100
VALUES_PURPOSE = "audit: change values"


def _filtered(
    request: AuthenticatedRequest, qs: QuerySet[Any]
) -> tuple[EventFilterForm, QuerySet[Any]]:
    form = EventFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        qs = queries.filter_events(
            qs,
            period=queries.Period.from_dates(data["since"], data["until"])
            if data["since"] or data["until"]
            else None,
            actor=data["actor"],
            subject_type=data["subject_type"],
            subject_id=data["subject_id"],
        )
    elif form.is_bound:
        qs = qs.none()
    return form, qs


@require_GET
def access_events(request: AuthenticatedRequest) -> HttpResponse:
    form, qs = _filtered(request, queries.access_events_for(request.user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    record_log_browsing("access", list(page))
    return render(
        request,
        "audit/access_events.html",
        {"form": form, "page_obj": page, "security": security_summary(request.user)},
    )


@require_GET
def change_events(request: AuthenticatedRequest) -> HttpResponse:
    form, qs = _filtered(request, queries.change_events_for(request.user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    record_log_browsing("changes", list(page))
    show_changes(request.user, list(page), purpose=VALUES_PURPOSE)
    return render(request, "audit/change_events.html", {"form": form, "page_obj": page})


@require_GET
def user_report(request: AuthenticatedRequest, username: str) -> HttpResponse:
    """Everything one user read and changed in the period, for a misuse investigation."""
    form = EventFilterForm(request.GET or None)
    since = until = None
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    period = queries.Period.from_dates(since, until)
    condition = queries.actor_activity(username, period)
    reads: list[Any] = []
    changes: list[Any] = []
    if valid:
        reads = list(queries.access_events_for(request.user).filter(condition)[:500])
        changes = list(queries.change_events_for(request.user).filter(condition)[:500])
    record_log_browsing(f"user:{username}"[:64], reads + changes)
    show_changes(request.user, changes, purpose=VALUES_PURPOSE)
    return render(
        request,
        "audit/user_report.html",
        {"form": form, "username": username, "reads": reads, "changes": changes, "period": period},
    )


@require_http_methods(["GET", "POST"])
def client_search(request: AuthenticatedRequest) -> HttpResponse:
    """Find a client's access-log report by name or henkilötunnus. The form is POSTed and the
    answer rendered at once, so a code never travels in a URL; the search is logged
    (`audit.search`)."""
    form = ClientSearchForm(request.POST if request.method == "POST" else None)
    hits: list[ClientHit] | None = None
    by = ""
    if form.is_bound and form.is_valid():
        hetu = form.cleaned_data["henkilotunnus"]
        by = BY_HETU if hetu else BY_NAME
        hits = search_clients(request.user, by=by, text=hetu or form.cleaned_data["name"])
    else:
        # the page shows no client's data: it says so in the log
        record_log_browsing("client search form", [])
    return render(request, "audit/client_search.html", {"form": form, "hits": hits, "by": by})
