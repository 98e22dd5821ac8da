"""The programme's pages. 17c's patterns (the document, completeness and diff); 17a owns this
file and adds the list, detail, edit and approval pages."""

from __future__ import annotations

from django.urls import path

from kotopolku.programme import views_documents

app_name = "programme"

urlpatterns = [
    path(
        "<uuid:programme_id>/document/",
        views_documents.document_view,
        name="document",
    ),
    path(
        "<uuid:programme_id>/document.pdf",
        views_documents.document_pdf_view,
        name="document_pdf",
    ),
    path(
        "<uuid:programme_id>/document.docx",
        views_documents.document_docx_view,
        name="document_docx",
    ),
    path(
        "<uuid:programme_id>/completeness/",
        views_documents.completeness_view,
        name="completeness",
    ),
    path(
        "<uuid:programme_id>/diff/<uuid:other_id>/",
        views_documents.diff_view,
        name="diff",
    ),
]
