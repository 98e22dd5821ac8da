"""Casework pages, under the `clients/` prefix. Every name has an entry in
`kotopolku.access.policy.PAGES`."""

from django.urls import path

from kotopolku.casework import views

app_name = "casework"

ASSESSMENT = "<uuid:client_id>/assessments/<uuid:assessment_id>/"
WELLBEING = "<uuid:client_id>/wellbeing/<uuid:request_id>/"
PLAN = "<uuid:client_id>/plans/<uuid:plan_id>/"

urlpatterns = [
    path("walk-in/", views.walk_in, name="walk_in"),
    path("deadline-rules/", views.deadline_rules, name="deadline_rules"),
    # assessment
    path("<uuid:client_id>/assessments/new/", views.assessment_create, name="assessment_create"),
    path(ASSESSMENT, views.assessment_detail, name="assessment_detail"),
    path(f"{ASSESSMENT}edit/", views.assessment_edit, name="assessment_edit"),
    path(f"{ASSESSMENT}levels/", views.language_level_add, name="language_level_add"),
    # the wellbeing county takes part on request
    path("<uuid:client_id>/wellbeing/new/", views.wellbeing_request, name="wellbeing_request"),
    path(f"{WELLBEING}close/", views.wellbeing_close, name="wellbeing_close"),
    path(f"{WELLBEING}contribute/", views.contribution_add, name="contribution_add"),
    # plan
    path("<uuid:client_id>/plans/new/", views.plan_create, name="plan_create"),
    path(PLAN, views.plan_detail, name="plan_detail"),
    path(f"{PLAN}edit/", views.plan_edit, name="plan_edit"),
    path(f"{PLAN}summary/", views.plan_summary, name="plan_summary"),
    path(f"{PLAN}client-texts/", views.plan_client_texts, name="plan_client_texts"),
    path(f"{PLAN}goals/", views.goal_add, name="goal_add"),
    path(f"{PLAN}goals/<uuid:goal_id>/", views.goal_status, name="goal_status"),
    path(f"{PLAN}services/", views.service_add, name="service_add"),
    path(f"{PLAN}services/<uuid:service_id>/", views.service_edit, name="service_edit"),
    path(f"{PLAN}reviews/", views.review_add, name="review_add"),
    path(f"{PLAN}extensions/", views.plan_extension_add, name="plan_extension_add"),
    # integration training and its final language test
    path("<uuid:client_id>/training/new/", views.training_add, name="training_add"),
    path(
        "<uuid:client_id>/training/<uuid:training_id>/",
        views.training_edit,
        name="training_edit",
    ),
    # contacts, hand-overs, consents, export
    path("<uuid:client_id>/contacts/new/", views.contact_create, name="contact_create"),
    # multilingual civic orientation offered (s. 25)
    path(
        "<uuid:client_id>/civic-orientation/new/",
        views.civic_orientation_add,
        name="civic_orientation_add",
    ),
    path(
        "<uuid:client_id>/civic-orientation/<uuid:offer_id>/",
        views.civic_orientation_edit,
        name="civic_orientation_edit",
    ),
    path(
        "<uuid:client_id>/hand-overs/<uuid:hand_over_id>/accept/",
        views.hand_over_accept,
        name="hand_over_accept",
    ),
    path("<uuid:client_id>/consents/new/", views.consent_create, name="consent_create"),
    path(
        "<uuid:client_id>/consents/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:client_id>/casework.json", views.export, name="export"),
]
