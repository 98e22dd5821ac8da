"""The programme pages: the list, the read view of one version, the editor and the approval page.

Every programme is fetched through `access.programmes` (a version outside the user's rights
answers 404). The actions write; this module parses, calls and renders. The pages of the
documents and the completeness check (17c) and of the import (17b) are linked when their URL
names exist.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotopolku.access import programmes as permissions
from kotopolku.catalog.models import Service, ServiceFacet
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Organisation
from kotopolku.programme import actions, completeness, derived
from kotopolku.programme.document import OPENING_FIELDS, from_programme
from kotopolku.programme.forms import (
    ApprovalForm,
    CreateForm,
    OpeningForm,
    PartnersForm,
    ResponsibilityForm,
    SectionForm,
)
from kotopolku.programme.models import Programme
from kotopolku.programme.template import template

S = Programme.Status

# --- Fetching ---------------------------------------------------------------------------------


def visible(user: Any) -> QuerySet[Programme]:
    """The versions the user may read (access.programmes), newest first."""
    own = permissions.coordinating_organisation_ids(user)
    staff = permissions.staff_codes(user)
    partner = permissions.partner_codes(user)
    if not (own or staff or partner):
        return Programme.objects.none()
    return (
        Programme.objects.filter(
            Q(organisation_id__in=own)
            | Q(municipalities__code__in=staff)
            | Q(municipalities__code__in=partner, status=S.PUBLISHED)
        )
        .distinct()
        .select_related("organisation")
        .prefetch_related("municipalities")
    )


def codes(programme: Programme) -> list[str]:
    return sorted(m.code for m in programme.municipalities.all())


def get_readable(user: Any, programme_id: uuid.UUID) -> Programme:
    programme = (
        Programme.objects.select_related("organisation", "previous")
        .prefetch_related("municipalities")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None or not permissions.may_read(
        user,
        organisation_id=programme.organisation_id,
        municipality_codes=codes(programme),
        status=programme.status,
    ):
        raise Http404
    return programme


def get_writable(user: Any, programme_id: uuid.UUID) -> Programme:
    programme = get_readable(user, programme_id)
    if not permissions.may_write(user, organisation_id=programme.organisation_id):
        raise Http404
    return programme


def optional_url(name: str, *args: Any) -> str | None:
    """The URL of a page another part of the work adds (17b, 17c), or None while it is not
    there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _redirect(name: str, programme: Programme, anchor: str = "") -> HttpResponseRedirect:
    url = reverse(name, args=[programme.pk])
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _latest(programme: Programme) -> bool:
    return not Programme.objects.filter(
        series=programme.series, version__gt=programme.version
    ).exists()


# --- The list ---------------------------------------------------------------------------------


@require_http_methods(["GET"])
def programme_list(request: AuthenticatedRequest) -> HttpResponse:
    rows = list(visible(request.user).order_by("-created_at"))
    may_create = bool(permissions.coordinating_organisation_ids(request.user))
    return render(
        request,
        "programme/list.html",
        {
            "rows": rows,
            "may_create": may_create,
            "import_url": optional_url("programme:import") if may_create else None,
        },
    )


@require_http_methods(["GET", "POST"])
def programme_create(request: AuthenticatedRequest) -> HttpResponse:
    ids = permissions.coordinating_organisation_ids(request.user)
    organisations = list(Organisation.objects.filter(id__in=ids, is_active=True).order_by("slug"))
    if not organisations:
        raise Http404
    form = CreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.organisations.get(form.cleaned_data["organisation"])
        if organisation is None:
            raise Http404
        try:
            programme = actions.do_create_programme(
                organisation=organisation,
                municipalities=form.cleaned_data["municipalities"],
                language=form.cleaned_data["language"],
                title=form.cleaned_data["title"],
                acting_user=request.user,
            )
        except actions.InvalidError as exc:
            form.refuse(exc)
        except actions.NotAllowedError:
            raise Http404 from None
        else:
            messages.success(request, _("The programme was created as a draft."))
            return _redirect("programme:edit", programme)
    return render(request, "programme/create.html", {"form": form})


# --- The read view ----------------------------------------------------------------------------


def _services_by_id(ids: set[uuid.UUID]) -> dict[uuid.UUID, Service]:
    return {s.pk: s for s in Service.objects.filter(pk__in=ids).select_related("owner")}


def document_context(programme: Programme) -> dict[str, Any]:
    """The document as the read view shows it: the opening with the template's labels, the
    parts with their A/B/C answers and linked services, and the responsibility table."""
    doc = from_programme(programme)
    tpl = template()
    lang = programme.language
    services = _services_by_id({i for s in doc.sections for i in s.service_ids})
    opening = [
        (tpl.opening[name].get(lang) or tpl.opening[name]["fi"], getattr(doc, name))
        for name in ("coordinator", "contact", "updated_text", "preparation", "approval_process")
    ]
    sections = []
    for s in doc.sections:
        spec = tpl.section(s.number)
        parts = []
        for part in ("a", "b", "c"):
            answers = []
            for a in s.answers_of(part):
                q = spec.question(a.question) if a.question else None
                answers.append(
                    {
                        "question": a.question_text or (q.in_language(lang) if q else ""),
                        "text": a.text,
                        "repealed": q.repealed if q else "",
                    }
                )
            parts.append(
                {
                    "part": part,
                    "heading": tpl.parts[part].get(lang) or tpl.parts[part]["fi"],
                    "answers": answers,
                }
            )
        sections.append(
            {
                "number": s.number,
                "title": s.title,
                "parts": parts,
                "services": [services[i] for i in s.service_ids if i in services],
            }
        )
    return {"doc": doc, "opening": opening, "sections": sections}


@require_http_methods(["GET"])
def programme_detail(request: AuthenticatedRequest, programme_id: uuid.UUID) -> HttpResponse:
    programme = get_readable(request.user, programme_id)
    writer = permissions.may_write(request.user, organisation_id=programme.organisation_id)
    versions = list(visible(request.user).filter(series=programme.series).order_by("-version"))
    pk = programme.pk
    context = {
        "programme": programme,
        "municipalities": programme.municipalities.all(),
        "versions": versions,
        "writer": writer,
        "editable": writer and programme.status == S.DRAFT,
        "latest": _latest(programme),
        "document_url": optional_url("programme:document", pk),
        "completeness_url": optional_url("programme:completeness", pk) if writer else None,
        "pdf_url": optional_url("programme:document_pdf", pk),
        "docx_url": optional_url("programme:document_docx", pk),
        **document_context(programme),
    }
    if programme.previous_id and any(v.pk == programme.previous_id for v in versions):
        context["diff_url"] = optional_url("programme:diff", pk, programme.previous_id)
    # what the law still requires, and what the tray and the register say, beside the text
    content = derived.derive(programme)
    result = completeness.check(programme, derived=content)
    by_section: dict[int, list[completeness.Warning]] = {}
    for warning in result.warnings:
        if warning.section is not None:
            by_section.setdefault(warning.section, []).append(warning)
    for section in context["sections"]:
        section["warnings"] = by_section.get(section["number"], [])
    context.update(
        {
            "result": result,
            "derived": content,
            "legal_reference": _(result.rule.legal_reference),
            # the warnings link to the editor and the approval page: for the writers of a
            # draft (a version in review is returned to draft first; later ones are not edited)
            "fix_links": writer and programme.status == S.DRAFT,
        }
    )
    return render(request, "programme/detail.html", context)


# --- The editor -------------------------------------------------------------------------------


def _tray_entries(programme: Programme) -> list[Service]:
    """Tray entries (not archived) serving one of the programme's municipalities: their own
    municipality list names one (found through the search facets), or they have none and
    their owner serves one."""
    wanted = set(codes(programme))
    by_facet = ServiceFacet.objects.filter(
        kind=ServiceFacet.Kind.MUNICIPALITY, value__in=wanted
    ).values("service_id")
    entries = (
        Service.objects.exclude(status=Service.Status.ARCHIVED)
        .filter(Q(pk__in=by_facet) | Q(owner__serves__code__in=wanted))
        .distinct()
        .select_related("owner")
        .prefetch_related("owner__serves")
    )
    found = []
    for s in entries:
        served = (
            set(s.municipality_codes)
            if s.municipality_codes
            else {m.code for m in s.owner.serves.all()}
        )
        if served & wanted:
            found.append(s)
    found.sort(key=lambda s: str(s.display_name()).lower())
    return found


def _editor_forms(
    request: AuthenticatedRequest, programme: Programme, bound: str | None
) -> dict[str, Any]:
    data = request.POST if bound else None
    doc = from_programme(programme)
    sections = list(programme.sections.prefetch_related("answers", "services").order_by("number"))
    entries = _tray_entries(programme)
    opening_initial = {
        "title": programme.title,
        "document_date": programme.document_date,
        **{name: getattr(programme, name) for name in OPENING_FIELDS},
    }
    forms: dict[str, Any] = {
        "opening": OpeningForm(
            data if bound == "opening" else None, programme=programme, initial=opening_initial
        ),
        "partners": PartnersForm(
            data if bound == "partners" else None, initial={"partners": "\n".join(doc.partners)}
        ),
        "responsibility": ResponsibilityForm(
            data if bound == "responsibility" else None, rows=doc.responsibility
        ),
        "sections": [],
    }
    for section in sections:
        name = f"s{section.number}"
        linked = {s.pk for s in section.services.all()}
        forms["sections"].append(
            SectionForm(
                data if bound == name else None,
                programme=programme,
                section=section,
                services=entries,
                linked=linked,
                initial=SectionForm.initial_for(section),
            )
        )
    return forms


def _save_group(
    request: AuthenticatedRequest, programme: Programme, group: str, forms: dict[str, Any]
) -> tuple[bool, str]:
    """Validate and save one group; (saved, the anchor to return to)."""
    user = request.user
    if group == "opening":
        form = forms["opening"]
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in actions.OPENING_EDITABLE}
            try:
                actions.do_update_opening(programme, values, acting_user=user)
                return True, "opening"
            except actions.InvalidError as exc:
                form.refuse(exc)
        return False, "opening"
    if group == "partners":
        form = forms["partners"]
        if form.is_valid():
            try:
                actions.do_set_partners(programme, form.names(), acting_user=user)
                return True, "partners"
            except actions.InvalidError as exc:
                form.refuse(exc)
        return False, "partners"
    if group == "responsibility":
        form = forms["responsibility"]
        if form.is_valid():
            try:
                actions.do_set_responsibility(programme, form.rows(), acting_user=user)
                return True, "responsibility"
            except actions.InvalidError as exc:
                form.refuse(exc)
        return False, "responsibility"
    for form in forms["sections"]:
        if group == f"{form.prefix}-template_title":
            # "Use the template's title": only the title changes, to the template's title in
            # the document's language
            try:
                actions.do_set_section_title(
                    programme,
                    form.section.number,
                    actions.template_title(programme, form.section.number),
                    acting_user=user,
                )
                return True, form.prefix
            except actions.InvalidError as exc:
                for message_list in exc.errors.values():
                    for message in message_list:
                        messages.error(request, _(message))
            return False, form.prefix
        if group == form.prefix:
            if form.is_valid():
                try:
                    actions.do_update_section(
                        programme,
                        form.section.number,
                        answers=form.answers(),
                        service_ids=form.service_ids(),
                        title=form.title_value(),
                        acting_user=user,
                    )
                    return True, form.prefix
                except actions.InvalidError as exc:
                    form.refuse(exc)
            return False, form.prefix
    raise Http404


@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedRequest, programme_id: uuid.UUID) -> HttpResponse:
    programme = get_writable(request.user, programme_id)
    if programme.status != S.DRAFT:
        messages.warning(
            request,
            _("Only a draft can be edited. Make a new version to change this programme."),
        )
        return _redirect("programme:detail", programme)
    group = request.POST.get("group", "") if request.method == "POST" else None
    forms = _editor_forms(request, programme, group)
    status = 200
    if group is not None:
        saved, anchor = _save_group(request, programme, group, forms)
        if saved:
            messages.success(request, _("Saved."))
            return _redirect("programme:edit", programme, anchor)
        status = 422
    return render(
        request,
        "programme/edit.html",
        {
            "programme": programme,
            "forms": forms,
            "bound": group,
            "completeness_url": optional_url("programme:completeness", programme.pk),
        },
        status=status,
    )


# --- Review, approval, publication, versions -------------------------------------------------

STEPS = ("submit", "return", "approve", "publish", "new_version")


@require_http_methods(["GET", "POST"])
def programme_approve(request: AuthenticatedRequest, programme_id: uuid.UUID) -> HttpResponse:
    programme = get_writable(request.user, programme_id)
    form = ApprovalForm(
        initial={
            "approved_by_body": programme.approved_by_body,
            "approved_on": programme.approved_on,
            "decision_reference": programme.decision_reference,
        }
    )
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in STEPS:
            raise Http404
        user = request.user
        try:
            if step == "submit":
                actions.do_submit_for_review(programme, acting_user=user)
                messages.success(request, _("The programme was sent to review."))
            elif step == "return":
                actions.do_return_to_draft(programme, acting_user=user)
                messages.success(request, _("The programme was returned to draft."))
            elif step == "publish":
                actions.do_publish(programme, acting_user=user)
                messages.success(request, _("The programme was published."))
                return _redirect("programme:detail", programme)
            elif step == "new_version":
                new = actions.do_new_version(programme, acting_user=user)
                messages.success(request, _("A new version was made as a draft."))
                return _redirect("programme:edit", new)
            else:
                form = ApprovalForm(request.POST)
                if form.is_valid():
                    actions.do_approve(
                        programme,
                        body=form.cleaned_data["approved_by_body"],
                        date=form.cleaned_data["approved_on"],
                        reference=form.cleaned_data["decision_reference"],
                        acting_user=user,
                    )
                    messages.success(request, _("The approval was recorded."))
                else:
                    status = 422
        except actions.InvalidError as exc:
            status = 422
            if step == "approve":
                form.refuse(exc)
            else:
                for message_list in exc.errors.values():
                    for message in message_list:
                        messages.error(request, _(message))
        if status == 200:
            return _redirect("programme:approve", programme, "approval")
        programme.refresh_from_db()
    return render(
        request,
        "programme/approve.html",
        {
            "programme": programme,
            "form": form,
            "latest": _latest(programme),
            "completeness_url": optional_url("programme:completeness", programme.pk),
        },
        status=status,
    )
