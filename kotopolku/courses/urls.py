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
]
