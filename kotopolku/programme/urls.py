"""The programme pages, under `programme/`. Every name has an entry in
`kotopolku.access.policy.PAGES`. The import (17b) and the documents and completeness pages
(17c) add their own paths here."""

from django.urls import path

from kotopolku.programme import views

app_name = "programme"

PROGRAMME = "<uuid:programme_id>/"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path(PROGRAMME, views.programme_detail, name="detail"),
    path(f"{PROGRAMME}edit/", views.programme_edit, name="edit"),
    path(f"{PROGRAMME}approve/", views.programme_approve, name="approve"),
]
