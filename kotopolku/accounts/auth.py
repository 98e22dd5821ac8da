"""API authentication: `Authorization: Bearer kp_<prefix>_<secret>`, or the browser session."""

from __future__ import annotations

import datetime
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from kotopolku.accounts.models import ApiToken, User

# Refresh `last_used_at` at most this often, so reads do not write on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def user_for_token(text: str) -> tuple[User, ApiToken] | None:
    """Return the user and token for a token text, or None if unknown, expired or revoked."""
    parts = text.split("_")
    if len(parts) < 3 or parts[0] != "kp" or len(parts[1]) != ApiToken.PREFIX_LENGTH:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.token_hash, ApiToken.hash(text)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = user_for_token(token)
        if found is None:
            return None
        user, api_token = found
        request.api_token = api_token  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session (CSRF-checked for unsafe methods)."""

    param_name = "kotopolku_session"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        # Without a signed-in session there is nothing for CSRF to protect: the caller is
        # anonymous and gets the 401 the API promises, not a 403 CSRF refusal.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if settings.REQUIRE_2FA and not user.is_verified():
            return None  # half-way through the login: no API access
        return user
