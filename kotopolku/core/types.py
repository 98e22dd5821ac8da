"""Typed request classes for views that run only for logged-in users."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from kotopolku.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
