from django.urls import path

from kotopolku.clients import caseload, views

app_name = "clients"

urlpatterns = [
    path("", caseload.caseload, name="caseload"),
    path("unit/", caseload.unit_caseload, name="unit_caseload"),
    path("new/", views.client_create, name="create"),
    path("<uuid:client_id>/", views.client_detail, name="detail"),
    path("<uuid:client_id>/edit/", views.client_edit, name="edit"),
    path("<uuid:client_id>/counsellor/", views.assign_counsellor, name="assign_counsellor"),
    path("<uuid:client_id>/jobseeker/", views.jobseeker_start, name="jobseeker_start"),
    path(
        "<uuid:client_id>/jobseeker/<uuid:period_id>/end/",
        views.jobseeker_end,
        name="jobseeker_end",
    ),
    path("<uuid:client_id>/household/", views.household_add, name="household_add"),
    path("<uuid:client_id>/merge/", views.client_merge, name="merge"),
    path("<uuid:client_id>/access-log/", views.access_log, name="access_log"),
]
