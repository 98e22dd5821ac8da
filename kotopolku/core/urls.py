from django.urls import path

from kotopolku.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("whoami/", views.whoami, name="whoami"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
