"""Session expiry (idle and absolute) and the two-factor gate."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

LOGIN_AT = "kotopolku_login_at"
SEEN_AT = "kotopolku_seen_at"
# Only refresh the idle timestamp when it is older than this, so most requests do not
# write the session row.
SEEN_RESOLUTION = 60


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class SessionExpiryMiddleware:
    """Log out a session after SESSION_IDLE_SECONDS idle or SESSION_ABSOLUTE_SECONDS in all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.get(LOGIN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            if (
                now - login_at > settings.SESSION_ABSOLUTE_SECONDS
                or now - seen_at > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
                if _is_api(request):
                    return JsonResponse(
                        {"error": {"code": "session_expired", "message": "Session expired."}},
                        status=401,
                    )
                messages.info(request, _("Your session ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if LOGIN_AT not in request.session:
                request.session[LOGIN_AT] = now
            if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in request.session:
                request.session[SEEN_AT] = now
        return self.get_response(request)


# Paths a logged-in user without a verified second factor may still use.
_TWO_FACTOR_OPEN = (
    "accounts:two_factor_setup",
    "accounts:logout",
    "set_language",
    "core:healthz",
    "core:accessibility",
    "core:privacy",
)


class TwoFactorMiddleware:
    """Where two-factor login is required, send unverified sessions to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: object) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        if not settings.REQUIRE_2FA:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _TWO_FACTOR_OPEN:
            return None
        if _is_api(request):
            if request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
                return None  # token requests do not use the session
            return JsonResponse(
                {"error": {"code": "two_factor_required", "message": "Two-factor login required."}},
                status=401,
            )
        return HttpResponseRedirect(reverse("accounts:two_factor_setup"))


__all__ = ["LOGIN_AT", "SessionExpiryMiddleware", "TwoFactorMiddleware"]
