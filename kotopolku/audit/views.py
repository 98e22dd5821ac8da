"""The audit views for auditors: the access log, the change log, one user's activity."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kotopolku.audit import queries
from kotopolku.audit.forms import EventFilterForm
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.audit.reports import security_summary, show_changes
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


def _log_client_rows(rows: list[Any]) -> None:
    """Reading log rows about clients is itself a read of their data: log it."""
    client_ids = [row.client_id for row in rows if row.client_id is not None]
    # called with no ids too: the page read no client's data, and says so
    record_read("client", client_ids, kind=AccessEvent.Kind.LIST, purpose="audit")


@require_GET
def access_events(request: AuthenticatedRequest) -> HttpResponse:
    form, qs = _filtered(request, queries.access_events_for(request.user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _log_client_rows(list(page))
    return render(
        request,
        "audit/access_events.html",
        {"form": form, "page_obj": page, "security": security_summary(request.user)},
    )


@require_GET
def change_events(request: AuthenticatedRequest) -> HttpResponse:
    form, qs = _filtered(request, queries.change_events_for(request.user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _log_client_rows(list(page))
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
    _log_client_rows(reads + changes)
    show_changes(request.user, changes, purpose=VALUES_PURPOSE)
    return render(
        request,
        "audit/user_report.html",
        {"form": form, "username": username, "reads": reads, "changes": changes, "period": period},
    )
