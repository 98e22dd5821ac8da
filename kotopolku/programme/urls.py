"""The programme pages, under `programme/`. Every name has an entry in
`kotopolku.access.policy.PAGES`. The import (17b) and the documents and completeness pages
(17c) add their own paths here."""

from django.urls import path

from kotopolku.programme import views, views_documents, views_import

app_name = "programme"

PROGRAMME = "<uuid:programme_id>/"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("import/", views_import.programme_import, name="import"),  # 17b's page
    path(PROGRAMME, views.programme_detail, name="detail"),
    path(f"{PROGRAMME}edit/", views.programme_edit, name="edit"),
    path(f"{PROGRAMME}approve/", views.programme_approve, name="approve"),
    # the document, its completeness and the diff of versions (17c)
    path(f"{PROGRAMME}document/", views_documents.document_view, name="document"),
    path(f"{PROGRAMME}document.pdf", views_documents.document_pdf_view, name="document_pdf"),
    path(f"{PROGRAMME}document.docx", views_documents.document_docx_view, name="document_docx"),
    path(f"{PROGRAMME}completeness/", views_documents.completeness_view, name="completeness"),
    path(f"{PROGRAMME}diff/<uuid:other_id>/", views_documents.diff_view, name="diff"),
]
