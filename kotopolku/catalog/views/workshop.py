"""The tray workshop: one page per region where every organisation fills its column, and the
printable one-page tray (organisations x the three categories, plus wishes and ideas).

A region here is a region (maakunta) of the municipalities the user's organisations serve
(`?region=12`; default: the first of them). Its organisations are the active ones serving a
municipality of the region; its entries are their published entries, plus the drafts of the
user's own organisations (marked). Wishes belong to an organisation, so a region shows the
wishes of its organisations. The printable tray is HTML with its print stylesheet
(`static/kotopolku/css/workshop_print.css`) or, with `?format=pdf`, a PDF made by WeasyPrint from
the same HTML, fetching only that stylesheet from disk (A4 landscape). To keep a full tray on one page the
type gets denser with the amount of text (`density`); the PDF steps to denser type until it
fits one page (the densest step may still overflow for a very large region).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kotopolku.catalog import actions
from kotopolku.catalog import scopes as permissions
from kotopolku.catalog.forms import WishForm
from kotopolku.catalog.models import Service, TrayCategory, Wish
from kotopolku.core.pdf import local_fetcher, static_path
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Organisation, Region

CATEGORIES = (TrayCategory.EARLY, TrayCategory.DOERS, TrayCategory.OPEN)
PRINT_CSS = "kotopolku/css/workshop_print.css"
# The seed's numbering of the three categories.
NUMBERS = {TrayCategory.EARLY: 1, TrayCategory.DOERS: 2, TrayCategory.OPEN: 3}


def _region(request: AuthenticatedRequest) -> Region:
    codes = permissions.workshop_region_codes(request.user)
    wanted = request.GET.get("region") or request.POST.get("region") or ""
    if wanted:
        if wanted not in codes:
            raise Http404
        code = wanted
    elif codes:
        code = sorted(codes)[0]
    else:
        raise Http404
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    return region


def tray(request: AuthenticatedRequest, region: Region) -> dict[str, Any]:
    """The region's organisations with their entries by category, and their wishes."""
    own = permissions.editable_organisation_ids(request.user)
    orgs = list(
        Organisation.objects.filter(is_active=True, serves__region=region)
        .distinct()
        .order_by("kind", "slug")
    )
    org_ids = [o.pk for o in orgs]
    services = (
        Service.objects.filter(owner_id__in=org_ids)
        .filter(
            Q(status=Service.Status.PUBLISHED) | Q(status=Service.Status.DRAFT, owner_id__in=own)
        )
        .order_by("name")
    )
    by_org: dict[Any, dict[str, list[dict[str, Any]]]] = {o.pk: {} for o in orgs}
    for s in services:
        by_org[s.owner_id].setdefault(s.tray_category, []).append(
            {"service": s, "name": s.display_name(), "draft": s.status != "published"}
        )
    wishes: dict[Any, list[Wish]] = {}
    for wish in Wish.objects.filter(organisation_id__in=org_ids).order_by("created_at"):
        wishes.setdefault(wish.organisation_id, []).append(wish)
    columns = [
        {
            "organisation": o,
            "name": o.display_name(),
            "own": o.pk in own,
            "categories": [
                {
                    "value": c.value,
                    "label": c.label,
                    "number": NUMBERS[c],
                    "entries": by_org[o.pk].get(c.value, []),
                }
                for c in CATEGORIES
            ],
            "authority": by_org[o.pk].get(TrayCategory.AUTHORITY.value, []),
            "wishes": wishes.get(o.pk, []),
        }
        for o in orgs
    ]
    return {
        "region": region,
        "region_name": region.name(),
        "columns": columns,
        "categories": [
            {"value": c.value, "label": c.label, "number": NUMBERS[c]} for c in CATEGORIES
        ],
        "authority_label": TrayCategory.AUTHORITY.label,
        "has_wishes": any(c["wishes"] for c in columns),
        "today": timezone.localdate(),
    }


def _regions(request: AuthenticatedRequest) -> list[Region]:
    return list(
        Region.objects.filter(code__in=permissions.workshop_region_codes(request.user)).order_by(
            "code"
        )
    )


@require_GET
def workshop(request: AuthenticatedRequest) -> HttpResponse:
    region = _region(request)
    context = tray(request, region)
    writable = [
        o
        for o in permissions.editable_organisations(request.user)
        if o.pk in {c["organisation"].pk for c in context["columns"]}
    ]
    context["regions"] = _regions(request)
    context["wish_form"] = (
        WishForm(organisations=writable, initial={"region": region.code}) if writable else None
    )
    return render(request, "catalog/workshop.html", context)


@require_GET
def workshop_print(request: AuthenticatedRequest) -> HttpResponse:
    region = _region(request)
    context = tray(request, region)
    as_pdf = request.GET.get("format") == "pdf"
    context["pdf"] = as_pdf
    context["density"] = density(context)
    if as_pdf:
        pdf = one_page_pdf(request, context)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="tray-{region.code}-{context["today"].isoformat()}.pdf"'
        )
        return response
    context["pdf_url"] = reverse("catalog:workshop_print") + f"?region={region.code}&format=pdf"
    context["stylesheet"] = static(PRINT_CSS)
    return render(request, "catalog/workshop_print.html", context)


DENSITIES = ("d0", "d1", "d2", "d3", "d4")
# Characters of the tray per density step (a rough measure of how full the page is).
DENSITY_STEP = 1500


def density(context: dict[str, Any]) -> str:
    """The type density for the tray's amount of text (the screen view ignores it)."""
    chars = 0
    for col in context["columns"]:
        chars += len(str(col["name"])) + 40
        for cat in col["categories"]:
            chars += sum(len(str(e["name"])) + 3 for e in cat["entries"])
        chars += sum(len(str(e["name"])) + 3 for e in col["authority"])
        chars += sum(len(w.text) + 3 for w in col["wishes"])
    return DENSITIES[min(chars // DENSITY_STEP, len(DENSITIES) - 1)]


def one_page_pdf(request: AuthenticatedRequest, context: dict[str, Any]) -> bytes:
    """The tray as a PDF: denser type until it fits one page (or the densest is reached)."""
    start = DENSITIES.index(context["density"])
    css = static_path(PRINT_CSS)
    context["stylesheet"] = css.name
    document: Any = None
    for step in DENSITIES[start:]:
        context["density"] = step
        html = render_to_string("catalog/workshop_print.html", context, request=request)
        document = render_document(html, css.parent)
        if len(document.pages) <= 1:
            break
    pdf: bytes = document.write_pdf()
    return pdf


def render_document(html: str, here: Path) -> Any:
    """The laid-out WeasyPrint document (fetches only the stylesheet under `here`)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    return HTML(string=html, base_url=here.as_uri() + "/", url_fetcher=local_fetcher(here)).render()


@require_POST
def wish_add(request: AuthenticatedRequest) -> HttpResponse:
    region = _region(request)
    organisations = permissions.editable_organisations(request.user)
    if not organisations:
        raise Http404
    form = WishForm(request.POST, organisations=organisations)
    target = reverse("catalog:workshop") + f"?region={region.code}#wishes"
    if form.is_valid():
        organisation = form.organisations[form.cleaned_data["organisation"]]
        try:
            actions.do_add_wish(organisation, form.cleaned_data["text"], acting_user=request.user)
        except actions.InvalidError as exc:
            for problems in exc.errors.values():
                for problem in problems:
                    messages.error(request, _(problem))
        else:
            messages.success(request, _("Thank you: the wish or idea is added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return HttpResponseRedirect(target)
