"""Organisations, units and municipalities: browsing for staff, editing for system admins.

The pages of `orgs` live here, above `access` (they ask it which organisations a user sees),
under the URL namespace `orgs`; `orgs` itself keeps the models and their actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kotopolku.access import scopes
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs import actions
from kotopolku.orgs.forms import OrganisationForm, UnitForm
from kotopolku.orgs.models import Membership, Municipality, Organisation, Region


@require_GET
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    organisations = (
        scopes.visible_organisations(request.user)
        .annotate(
            municipality_count=Count("serves", distinct=True),
            unit_count=Count("units", distinct=True),
        )
        .order_by("slug")
    )
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    return render(
        request,
        "orgs/organisation_list.html",
        {
            "organisations": organisations,
            "kinds": Organisation.Kind.choices,
            "kind": kind,
            "can_create": scopes.is_system_admin(request.user),
        },
    )


@require_GET
def organisation_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(scopes.visible_organisations(request.user), slug=slug)
    units = org.units.annotate(
        member_count=Count("memberships", filter=Q(memberships__in=Membership.objects.active()))
    ).order_by("slug")
    return render(
        request,
        "orgs/organisation_detail.html",
        {
            "org": org,
            "units": units,
            "serves": org.serves.select_related("region").order_by("name_fi"),
            "is_admin": scopes.is_system_admin(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = actions.do_create_organisation(
            slug=form.cleaned_data["slug"],
            kind=form.cleaned_data["kind"],
            name=form.translated_name(),
            business_id=form.cleaned_data["business_id"] or "",
            wellbeing_county=form.cleaned_data["wellbeing_county"],
            plan_record=form.cleaned_data["plan_record"] or Organisation.PlanRecord.FULL,
            serves=list(form.cleaned_data["serves"]),
            acting_user=request.user,
        )
        messages.success(request, _("Organisation created."))
        return HttpResponseRedirect(reverse("orgs:organisation_detail", args=[org.slug]))
    return render(request, "orgs/organisation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    initial = {
        "slug": org.slug,
        "kind": org.kind,
        "business_id": org.business_id,
        "wellbeing_county": org.wellbeing_county_id,
        "plan_record": org.plan_record,
        "serves": list(org.serves.all()),
        **{f"name_{code}": org.name.get(code, "") for code in ("fi", "sv", "en")},
    }
    form = OrganisationForm(request.POST or None, instance=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_update_organisation(
            org,
            {
                "kind": form.cleaned_data["kind"],
                "name": form.translated_name(),
                "business_id": form.cleaned_data["business_id"] or "",
                "wellbeing_county": form.cleaned_data["wellbeing_county"],
                "plan_record": form.cleaned_data["plan_record"] or org.plan_record,
                "serves": list(form.cleaned_data["serves"]),
            },
            acting_user=request.user,
        )
        messages.success(request, _("Changes saved."))
        return HttpResponseRedirect(reverse("orgs:organisation_detail", args=[org.slug]))
    return render(request, "orgs/organisation_form.html", {"form": form, "org": org})


@require_http_methods(["GET", "POST"])
def unit_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=slug)
    form = UnitForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        actions.do_create_unit(
            org,
            slug=form.cleaned_data["slug"],
            name=form.translated_name(),
            parent=form.cleaned_data["parent"],
            acting_user=request.user,
        )
        messages.success(request, _("Unit created."))
        return HttpResponseRedirect(reverse("orgs:organisation_detail", args=[org.slug]))
    return render(request, "orgs/unit_form.html", {"form": form, "org": org})


@require_GET
def municipality_list(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    region = request.GET.get("region", "")
    municipalities = Municipality.objects.valid_on().select_related("region", "wellbeing_county")
    if query:
        municipalities = municipalities.filter(
            Q(name_fi__icontains=query) | Q(name_sv__icontains=query) | Q(code=query)
        )
    if region:
        municipalities = municipalities.filter(region__code=region)
    page = Paginator(municipalities.order_by("name_fi"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/municipality_list.html",
        {"page_obj": page, "query": query, "region": region, "regions": Region.objects.all()},
    )


@require_GET
def region(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinator's start page: the municipalities of the region and who serves them."""
    municipalities = (
        scopes.served_municipalities(request.user)
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "organisations",
                queryset=Organisation.objects.filter(is_active=True).order_by("kind", "slug"),
            )
        )
        .order_by("name_fi")
    )
    own = Organisation.objects.filter(id__in=scopes.organisation_ids(request.user))
    return render(
        request,
        "orgs/region.html",
        {"municipalities": municipalities, "own": own},
    )
