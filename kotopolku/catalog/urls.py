"""The offering tray's pages, under `tray/`. Every name has an entry in
`kotopolku.access.policy.PAGES`."""

from django.urls import path

from kotopolku.catalog.views import browse, coverage, editing, workshop

app_name = "catalog"

SERVICE = "<uuid:service_id>/"

urlpatterns = [
    path("", browse.search, name="search"),
    path("new/", editing.service_create, name="service_create"),
    path("ours/", editing.my_services, name="my_services"),
    path("approvals/", editing.approvals, name="approvals"),
    path("approvals/<uuid:revision_id>/", editing.revision_decide, name="revision_decide"),
    path("workshop/", workshop.workshop, name="workshop"),
    path("workshop/print/", workshop.workshop_print, name="workshop_print"),
    path("workshop/wishes/", workshop.wish_add, name="wish_add"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("coverage/export/", coverage.coverage_export, name="coverage_export"),
    path("overlaps/", coverage.overlaps, name="overlaps"),
    path("overlaps/export/", coverage.overlaps_export, name="overlaps_export"),
    path(SERVICE, browse.service_detail, name="service_detail"),
    path(f"{SERVICE}edit/", editing.service_edit, name="service_edit"),
    path(f"{SERVICE}status/", editing.service_status, name="service_status"),
    path(f"{SERVICE}history/", editing.service_history, name="service_history"),
]
