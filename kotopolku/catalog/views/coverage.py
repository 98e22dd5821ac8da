"""Gaps and overlaps of the offering tray, for the coordinators (and casework roles) of a
region: the coverage matrix, the languages clients need, probable overlaps, and their
XLSX / CSV exports. The figures come from `catalog.coverage`; everything is aggregate, so
nothing here is a read of personal data (no access-log rows), and every query is kept to the
municipalities the user's organisations serve."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotopolku.catalog.coverage import export
from kotopolku.catalog.coverage.gaps import (
    CLIENTS_PER_SERVICE,
    category_label,
    coverage_matrix,
    language_label,
    language_needs,
    municipality_summary,
    region_target_groups,
    target_group_label,
)
from kotopolku.catalog.coverage.overlaps import Overlap, describe_time, find_overlaps
from kotopolku.catalog.coverage.region import Entry, Region, region_for_user
from kotopolku.core.translated import Text, pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Organisation

OVERLAPS_PER_PAGE = 50


def _ui() -> str:
    return (get_language() or "fi").split("-")[0]


@dataclass
class Scope:
    """The region of the user and the municipality the page is narrowed to (if any)."""

    region: Region
    municipality: str  # "" for the whole region
    error: str  # a message when the ?municipality= value is not one of the region's

    @property
    def codes(self) -> set[str]:
        return {self.municipality} if self.municipality else self.region.codes

    @property
    def area(self) -> str:
        if self.municipality:
            return self.region.name(self.municipality)
        return _("the whole region")


def _scope(request: AuthenticatedRequest) -> Scope:
    region = region_for_user(request.user, _ui())
    value = request.GET.get("municipality", "").strip()
    if not value:
        return Scope(region, "", "")
    if value in region.codes:
        return Scope(region, value, "")
    return Scope(
        region,
        "",
        _(
            "Municipality: “%(value)s” is not a municipality of your region; "
            "the whole region is shown."
        )
        % {"value": value[:20]},
    )


def _export_request(request: AuthenticatedRequest) -> tuple[Scope, str] | HttpResponse:
    """The scope and file format of an export, or the 400 that names what is wrong."""
    scope = _scope(request)
    fmt = request.GET.get("format", "xlsx")
    if scope.error:
        return _bad_request(scope.error)
    if fmt not in export.FORMATS:
        return _bad_request(_("Format: choose xlsx or csv."))
    return scope, fmt


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _query(scope: Scope, **extra: str) -> str:
    params = {"municipality": scope.municipality, **extra}
    return "&".join(f"{k}={v}" for k, v in params.items() if v)


@require_GET
def coverage(request: AuthenticatedRequest) -> HttpResponse:
    ui = _ui()
    scope = _scope(request)
    region_entries = scope.region.entries()
    entries = [e for e in region_entries if e.codes & scope.codes]
    categories, municipality_rows = municipality_summary(scope.region, region_entries)
    return render(
        request,
        "catalog/coverage.html",
        {
            "scope": scope,
            "matrix": coverage_matrix(entries, ui, region_target_groups(region_entries)),
            "categories": categories,
            "municipality_rows": municipality_rows,
            "needs": language_needs(scope.region, region_entries, ui),
            "clients_per_service": CLIENTS_PER_SERVICE,
            "export_query": _query(scope),
        },
    )


@require_GET
def coverage_export(request: AuthenticatedRequest) -> HttpResponse:
    ui = _ui()
    asked = _export_request(request)
    if isinstance(asked, HttpResponse):
        return asked
    scope, fmt = asked
    region_entries = scope.region.entries()
    entries = [e for e in region_entries if e.codes & scope.codes]
    categories, municipality_rows = municipality_summary(scope.region, region_entries)
    tables = {
        "matrix": export.matrix_table(
            coverage_matrix(entries, ui, region_target_groups(region_entries)), scope.area, ui
        ),
        "municipalities": export.municipality_table(categories, municipality_rows),
        "languages": export.language_table(
            language_needs(scope.region, region_entries, ui), _("the whole region")
        ),
    }
    if fmt == "xlsx":
        return export.xlsx_response(list(tables.values()), export.filename("coverage", "xlsx"))
    table = request.GET.get("table", "matrix")
    if table not in tables:
        return _bad_request(_("Table: choose matrix, municipalities or languages."))
    return export.csv_response(tables[table], export.filename(f"coverage-{table}", "csv"))


# --- Overlaps -----------------------------------------------------------------------------------


@dataclass
class OverlapRow:
    """One probable overlap as the page shows it."""

    similarity: int
    category: str
    a_name: Text
    a_url: str
    a_provider: str
    b_name: Text
    b_url: str
    b_provider: str
    municipalities: str
    languages: str
    target_groups: str
    time: str
    times_overlap: bool


def _owner_names(overlaps: list[Overlap], ui: str) -> dict[Any, str]:
    ids = {e.owner_id for o in overlaps for e in (o.a, o.b)}
    return {org.pk: str(org.display_name(ui)) for org in Organisation.objects.filter(pk__in=ids)}


def _detail_url(entry: Entry) -> str:
    return reverse("catalog:service_detail", args=[entry.id])


def _rows(overlaps: list[Overlap], region: Region, ui: str) -> list[OverlapRow]:
    owners = _owner_names(overlaps, ui)
    return [
        OverlapRow(
            similarity=o.percent,
            category=category_label(o.a.category),
            a_name=pick(o.a.name, ui),
            a_url=_detail_url(o.a),
            a_provider=owners.get(o.a.owner_id, ""),
            b_name=pick(o.b.name, ui),
            b_url=_detail_url(o.b),
            b_provider=owners.get(o.b.owner_id, ""),
            municipalities=", ".join(region.name(c) for c in o.municipalities),
            languages=", ".join(language_label(lang, ui) for lang in o.languages),
            target_groups=", ".join(target_group_label(g) for g in o.target_groups),
            time=describe_time(o.time),
            times_overlap=o.time.kind == "overlap",
        )
        for o in overlaps
    ]


@require_GET
def overlaps(request: AuthenticatedRequest) -> HttpResponse:
    ui = _ui()
    scope = _scope(request)
    found = find_overlaps(scope.region.entries(scope.codes), scope.codes)
    page = Paginator(found, OVERLAPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/overlaps.html",
        {
            "scope": scope,
            "page_obj": page,
            "rows": _rows(list(page.object_list), scope.region, ui),
            "count": len(found),
            "export_query": _query(scope),
        },
    )


@require_GET
def overlaps_export(request: AuthenticatedRequest) -> HttpResponse:
    ui = _ui()
    asked = _export_request(request)
    if isinstance(asked, HttpResponse):
        return asked
    scope, fmt = asked
    found = find_overlaps(scope.region.entries(scope.codes), scope.codes)
    table = export.overlap_table(
        found,
        scope.region,
        ui,
        _owner_names(found, ui),
        lambda entry: request.build_absolute_uri(_detail_url(entry)),
    )
    if fmt == "xlsx":
        return export.xlsx_response([table], export.filename("overlaps", "xlsx"))
    return export.csv_response(table, export.filename("overlaps", "csv"))
