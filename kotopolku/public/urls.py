"""The public service path, under `path/`. Every name has an entry in
`kotopolku.access.policy.PAGES` (all public: no login, nothing personal)."""

from django.urls import path

from kotopolku.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<str:lang>/", views.path_page, name="path"),
    path("<str:code>/<str:lang>/leaflet.pdf", views.leaflet, name="leaflet"),
]
