"""Re-authentication ("sudo mode") before dangerous actions: a short-lived session flag."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "kotopolku_reauth_at"
# Set when the confirmed action was a form post: the user must submit it again.
REPEAT_KEY = "kotopolku_reauth_repeat"


def mark(request: HttpRequest) -> None:
    """Record that the user has just proved their identity again."""
    request.session[SESSION_KEY] = int(time.time())


def is_fresh(request: HttpRequest) -> bool:
    """True when the user re-authenticated within REAUTH_SECONDS."""
    at = request.session.get(SESSION_KEY)
    return isinstance(at, int) and time.time() - at < settings.REAUTH_SECONDS


def clear(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
