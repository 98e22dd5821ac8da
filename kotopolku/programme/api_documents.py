"""The programme document's API (issue 17, 17c): the completeness check, the document as PDF
and DOCX, and the diff of two versions. A programme the caller may not read answers 404
(`programme.readable`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpResponse
from ninja import Router, Schema

from kotopolku.core.api_errors import ApiError
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.programme import completeness, diff
from kotopolku.programme import render as rendering
from kotopolku.programme.readable import get_readable_programme
from kotopolku.programme.views_documents import docx_response, pdf_response

documents_router = Router()


class CompletenessRuleOut(Schema):
    id: str
    title: str
    legal_reference: str
    valid_from: str
    valid_to: str | None


class CompletenessWarningOut(Schema):
    code: str
    message: str
    section: int | None
    part: str
    field: str
    url: str


class CompletenessOut(Schema):
    id: uuid.UUID
    version: int
    status: str
    rule: CompletenessRuleOut
    day: str
    judged: bool
    complete: bool
    content_complete: bool
    warnings: list[CompletenessWarningOut]


class ChunkOut(Schema):
    op: str
    text: str


class FieldDiffOut(Schema):
    field: str
    label: str
    section: int | None
    part: str
    changed: bool
    chunks: list[ChunkOut]


class VersionRef(Schema):
    id: str
    version: int


class DiffOut(Schema):
    old: VersionRef
    new: VersionRef
    changed: int
    fields: list[FieldDiffOut]


@documents_router.get(
    "/programmes/{programme_id}/completeness",
    response=CompletenessOut,
    summary="The completeness check of a programme document (Act 681/2023 s. 13)",
    description="The rule version in force today, whether the document is complete, and "
    "each warning with its code, message (in the request's language), part and the editor "
    "field (anchor and URL) that fixes it.",
)
def programme_completeness(
    request: AuthenticatedRequest, programme_id: uuid.UUID
) -> dict[str, Any]:
    programme = get_readable_programme(request.user, programme_id)
    result = completeness.check(programme)
    return {
        "id": programme.pk,
        "version": programme.version,
        "status": programme.status,
        **result.as_json(),
    }


@documents_router.get(
    "/programmes/{programme_id}/document.pdf",
    summary="The programme document as PDF",
    description="`lang` (fi or sv) sets the template's headings; default the document's.",
)
def programme_document_pdf(
    request: AuthenticatedRequest, programme_id: uuid.UUID, lang: str = ""
) -> HttpResponse:
    programme = get_readable_programme(request.user, programme_id)
    return pdf_response(programme, rendering.language(lang, programme))


@documents_router.get(
    "/programmes/{programme_id}/document.docx",
    summary="The programme document as DOCX",
    description="`lang` (fi or sv) sets the template's headings; default the document's.",
)
def programme_document_docx(
    request: AuthenticatedRequest, programme_id: uuid.UUID, lang: str = ""
) -> HttpResponse:
    programme = get_readable_programme(request.user, programme_id)
    return docx_response(programme, rendering.language(lang, programme))


@documents_router.get(
    "/programmes/{programme_id}/diff/{other_id}",
    response=DiffOut,
    summary="The word-level differences between two versions of one programme",
    description="From the older of the two versions to the newer, field by field.",
)
def programme_diff(
    request: AuthenticatedRequest, programme_id: uuid.UUID, other_id: uuid.UUID
) -> dict[str, Any]:
    programme = get_readable_programme(request.user, programme_id)
    other = get_readable_programme(request.user, other_id)
    old, new = (other, programme) if other.version <= programme.version else (programme, other)
    try:
        fields = diff.diff(old, new)
    except diff.NotSameSeries as exc:
        raise ApiError(
            422, str(exc), code="not_same_series", fields={"other_id": [str(exc)]}
        ) from None
    return diff.as_json(old, new, fields)
