"""Start pages, health check, and the public statements."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kotopolku.core.shell import start_page
from kotopolku.core.types import AuthenticatedRequest


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Send the user to the start page of their first role."""
    target = next((name for name in start_page(request) if name), "core:dashboard")
    return HttpResponseRedirect(reverse(target))


@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The user's roles and units, and where each one leads."""
    return render(
        request,
        "core/dashboard.html",
        {"memberships": request.user.active_memberships},
    )


@require_GET
def whoami(request: AuthenticatedRequest) -> HttpResponse:
    """A small page for the logged-in user that reads nothing else (the benchmark's floor)."""
    return render(request, "core/whoami.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/accessibility.html",
        {"feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL},
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"controller": settings.PRIVACY_CONTROLLER})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A parameter out of its bounds (`core.params`): 400, never a 500."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "bad_request", "message": "A parameter is not valid."}}, status=400
        )
    return render(request, "core/400.html", status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": "Not found."}}, status=404)
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "server_error", "message": "Server error."}}, status=500
        )
    return render(request, "core/500.html", status=500)
