"""Course pages, under `courses/`. Every name has an entry in `kotopolku.access.policy.PAGES`."""

from django.urls import path

from kotopolku.courses import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("<uuid:course_id>/", views.course_detail, name="detail"),
    path("<uuid:course_id>/enrol/", views.enrol, name="enrol"),
    path("client/<uuid:client_id>/", views.client_courses, name="client_courses"),
    path("enrolments/<uuid:enrolment_id>/cancel/", views.cancel_enrolment, name="cancel"),
    path("sessions/<uuid:session_id>/attendance/", views.attendance, name="attendance"),
    path("runs/", views.runs, name="runs"),
    path("runs/start/", views.run_start, name="run_start"),
    path("runs/<uuid:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<uuid:run_id>/stop/", views.run_stop, name="run_stop"),
    path("runs/<uuid:run_id>/publish/", views.run_publish, name="run_publish"),
]
