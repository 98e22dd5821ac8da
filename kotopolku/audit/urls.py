from django.urls import path

from kotopolku.audit import views

app_name = "audit"

urlpatterns = [
    path("access/", views.access_events, name="access_events"),
    path("changes/", views.change_events, name="change_events"),
    path("clients/", views.client_search, name="client_search"),
    path("users/<str:username>/", views.user_report, name="user_report"),
]
