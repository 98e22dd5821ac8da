"""Referral pages, under `referrals/`. Every name has an entry in
`kotopolku.access.policy.PAGES`."""

from django.urls import path

from kotopolku.referrals import views

app_name = "referrals"

urlpatterns = [
    path("new/<uuid:client_id>/<uuid:service_id>/", views.create, name="create"),
    path(
        "new/<uuid:client_id>/<uuid:service_id>/consent/",
        views.consent_print,
        name="consent_print",
    ),
    path(
        "plan/<uuid:client_id>/<uuid:plan_id>/<uuid:catalog_service_id>/",
        views.plan_refer,
        name="plan_refer",
    ),
    path("sent/", views.sent, name="sent"),
    path("received/", views.received, name="received"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/respond/", views.respond, name="respond"),
    path("<uuid:referral_id>/cancel/", views.cancel, name="cancel"),
]
