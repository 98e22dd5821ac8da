"""Enforce the API policy on every operation (installed with `api.add_decorator`)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError

from kotopolku.access.middleware import set_acting
from kotopolku.access.policy import api_rule

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def operation_id(func: Callable[..., Any]) -> str:
    """`<app>.<function>` for a view function in `kotopolku.<app>.api`."""
    parts = func.__module__.split(".")
    app = parts[1] if len(parts) > 2 and parts[0] == "kotopolku" else parts[0]
    return f"{app}.{func.__name__}"


class NotFoundError(HttpError):
    def __init__(self) -> None:
        super().__init__(404, "Not found")


def enforce_policy(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an operation so that it runs only when the policy allows the caller."""
    op_id = operation_id(func)

    @functools.wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        rule = api_rule(op_id)
        if rule is None:
            logger.error("no access policy for API operation %r: refusing", op_id)
            raise NotFoundError
        user = getattr(request, "auth", None)
        if rule.needs_login:
            if user is None or not user.is_authenticated:
                raise AuthenticationError
            request.user = user
            if not rule.allows_role(user.roles):
                raise NotFoundError
            token = getattr(request, "api_token", None)
            if token is not None and token.read_only and request.method not in SAFE_METHODS:
                raise HttpError(403, "This token is read-only.")
        set_acting(request, rule, op_id)
        return func(request, *args, **kwargs)

    return wrapper
