"""The pages of the programme document: the printable document (HTML, PDF, DOCX), the
completeness check with its derived content, and the diff of two versions (issue 17, 17c)."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotopolku.core.types import AuthenticatedRequest
from kotopolku.programme import completeness, derived, diff
from kotopolku.programme import render as rendering
from kotopolku.programme.readable import get_readable_programme

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska"}


def _detail_url(programme_id: uuid.UUID) -> str:
    try:
        return reverse("programme:detail", args=[programme_id])
    except NoReverseMatch:  # 17a's page
        return f"/programme/{programme_id}/"


@require_GET
def document_view(request: AuthenticatedRequest, programme_id: uuid.UUID) -> HttpResponse:
    """The document as a page with a print stylesheet (`?lang=fi|sv`: the headings)."""
    programme = get_readable_programme(request.user, programme_id)
    lang = rendering.language(request.GET.get("lang"), programme)
    here = reverse("programme:document", args=[programme.pk])
    toolbar = {
        "label": _("Document"),
        "back": _("Back to the programme"),
        "back_url": _detail_url(programme.pk),
        "pdf_url": reverse("programme:document_pdf", args=[programme.pk])
        + "?"
        + urlencode({"lang": lang}),
        "docx_url": reverse("programme:document_docx", args=[programme.pk])
        + "?"
        + urlencode({"lang": lang}),
        "languages": [
            {
                "code": code,
                "name": name,
                "url": here + "?" + urlencode({"lang": code}),
                "current": code == lang,
            }
            for code, name in LANGUAGE_NAMES.items()
        ],
    }
    response = HttpResponse(rendering.render_html(request, programme, lang, toolbar=toolbar))
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(programme: object, lang: str) -> HttpResponse:
    response = HttpResponse(rendering.render_pdf(programme, lang), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{rendering.file_name(programme, lang, "pdf")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def docx_response(programme: object, lang: str) -> HttpResponse:
    response = HttpResponse(rendering.render_docx(programme, lang), content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{rendering.file_name(programme, lang, "docx")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def document_pdf_view(request: AuthenticatedRequest, programme_id: uuid.UUID) -> HttpResponse:
    programme = get_readable_programme(request.user, programme_id)
    return pdf_response(programme, rendering.language(request.GET.get("lang"), programme))


@require_GET
def document_docx_view(request: AuthenticatedRequest, programme_id: uuid.UUID) -> HttpResponse:
    programme = get_readable_programme(request.user, programme_id)
    return docx_response(programme, rendering.language(request.GET.get("lang"), programme))


@require_GET
def completeness_view(request: AuthenticatedRequest, programme_id: uuid.UUID) -> HttpResponse:
    """The s. 13 check with links to the fields that fix each warning, and the content
    derived from the tray and the register beside it."""
    programme = get_readable_programme(request.user, programme_id)
    content = derived.derive(programme)
    result = completeness.check(programme, derived=content)
    return render(
        request,
        "programme/completeness.html",
        {
            "programme": programme,
            "result": result,
            "derived": content,
            "detail_url": _detail_url(programme.pk),
            "legal_reference": _(result.rule.legal_reference),
        },
    )


@require_GET
def diff_view(
    request: AuthenticatedRequest, programme_id: uuid.UUID, other_id: uuid.UUID
) -> HttpResponse:
    """What changed from version `other_id` to `programme_id` (word by word)."""
    programme = get_readable_programme(request.user, programme_id)
    other = get_readable_programme(request.user, other_id)
    old, new = (other, programme) if other.version <= programme.version else (programme, other)
    try:
        fields = diff.diff(old, new)
    except diff.NotSameSeries:
        raise Http404 from None
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "programme/diff.html",
        {
            "programme": programme,
            "old": old,
            "new": new,
            "fields": fields if show_all else [f for f in fields if f.changed],
            "changed": sum(1 for f in fields if f.changed),
            "show_all": show_all,
            "detail_url": _detail_url(programme.pk),
        },
    )
