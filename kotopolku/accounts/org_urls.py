from django.urls import path

from kotopolku.accounts import org_views as views

app_name = "orgs"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("region/", views.region, name="region"),
    path("municipalities/", views.municipality_list, name="municipality_list"),
    path("<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<slug:slug>/units/new/", views.unit_create, name="unit_create"),
]
