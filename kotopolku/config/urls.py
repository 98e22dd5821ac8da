"""Root URLs. Every named route here has an entry in `kotopolku.access.policy`."""

from django.urls import include, path
from django.views.i18n import set_language

from kotopolku.config.api import api

urlpatterns = [
    path("", include("kotopolku.core.urls")),
    path("accounts/", include("kotopolku.accounts.urls")),
    path("organisations/", include("kotopolku.accounts.org_urls")),
    path("audit/", include("kotopolku.audit.urls")),
    path("clients/", include("kotopolku.clients.urls")),
    path("clients/", include("kotopolku.casework.urls")),
    path("tray/", include("kotopolku.catalog.urls")),
    path("referrals/", include("kotopolku.referrals.urls")),
    path("courses/", include("kotopolku.courses.urls")),
    path("programme/", include("kotopolku.programme.urls")),
    path("path/", include("kotopolku.public.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]

handler400 = "kotopolku.core.views.bad_request"
handler404 = "kotopolku.core.views.not_found"
handler500 = "kotopolku.core.views.server_error"
