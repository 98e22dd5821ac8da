"""Where the service answers and in which language it writes to a user (for e-mails and links
made outside a request)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

LANGUAGES = ("fi", "sv", "en")


def default_base_url() -> str:
    """Where the service answers: `settings.BASE_URL` when set, else the first allowed host
    (https unless cookies may travel without TLS, as in the demo)."""
    if settings.BASE_URL:
        return str(settings.BASE_URL).rstrip("/")
    host = next(
        (h.lstrip(".") for h in settings.ALLOWED_HOSTS if h and h not in ("*", ".")),
        "localhost",
    )
    scheme = "https" if settings.SESSION_COOKIE_SECURE else "http"
    return f"{scheme}://{host}"


def language_of(user: Any) -> str:
    """The user's preferred language among the UI languages (Finnish when none)."""
    language = (getattr(user, "preferred_language", "") or "fi")[:2]
    return language if language in LANGUAGES else "fi"
