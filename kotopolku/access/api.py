"""Enforce the API policy on every operation (installed with `api.add_decorator`)."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError

from kotopolku.access.middleware import set_acting
from kotopolku.access.policy import api_rule

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def operation_id(func: Callable[..., Any]) -> str:
    """`<app>.<function>` for a view function in `kotopolku.<app>.api`; a module that moved
    keeps its operation ids (a contract) by naming the old prefix in `OPERATION_PREFIX`."""
    declared = getattr(sys.modules.get(func.__module__), "OPERATION_PREFIX", None)
    if isinstance(declared, str):
        return f"{declared}.{func.__name__}"
    parts = func.__module__.split(".")
    app = parts[1] if len(parts) > 2 and parts[0] == "kotopolku" else parts[0]
    return f"{app}.{func.__name__}"


class NotFoundError(HttpError):
    def __init__(self) -> None:
        super().__init__(404, "Not found")


def refusal(request: HttpRequest, op_id: str) -> HttpError | AuthenticationError | None:
    """Why the policy refuses this caller the operation `op_id`, or None when it allows it."""
    rule = api_rule(op_id)
    if rule is None:
        logger.error("no access policy for API operation %r: refusing", op_id)
        return NotFoundError()
    user = getattr(request, "auth", None)
    if rule.needs_login:
        if user is None or not user.is_authenticated:
            return AuthenticationError()
        if not rule.allows_role(user.roles):
            return NotFoundError()
        token = getattr(request, "api_token", None)
        if (
            token is not None
            and token.read_only
            and request.method not in SAFE_METHODS
            and not rule.read_only_post
        ):
            return HttpError(403, "This token is read-only.")
    return None


def enforce_policy(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an operation so that it runs only when the policy allows the caller."""
    op_id = operation_id(func)

    @functools.wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        refused = refusal(request, op_id)
        if refused is not None:
            raise refused
        rule = api_rule(op_id)
        if rule is not None and rule.needs_login:
            request.user = request.auth  # type: ignore[attr-defined]
        set_acting(request, rule, op_id)
        return func(request, *args, **kwargs)

    return wrapper


def refuse_before_validation(run: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an operation's whole run so that a refused caller never sees validation errors.

    Ninja authenticates, then validates the path, query and body, and only then calls the
    operation (where `enforce_policy` decides). A caller the policy refuses would otherwise
    get a 400/422 naming the fields of an operation they may not use: such an answer to such
    a caller becomes the refusal (404). Other answers stay as they are (ninja's own 401,
    the CSRF 403, a 429 with its Retry-After). The operation never ran for a refused
    caller: `enforce_policy` stopped it or validation did.
    """
    operation = getattr(run, "__self__", None)
    if operation is None:  # another view decorator wrapped `run` first
        raise ImproperlyConfigured("refuse_before_validation must wrap Operation.run directly")
    op_id = operation_id(operation.view_func)

    @functools.wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> Any:
        response = run(request, **kwargs)
        if response.status_code not in (400, 422) or getattr(request, "auth", None) is None:
            return response
        refused = refusal(request, op_id)
        if refused is None:
            return response
        return operation.api.on_exception(request, refused)

    return wrapper
