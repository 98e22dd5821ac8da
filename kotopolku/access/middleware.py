"""Enforce the page policy on every request, before the view runs (fail closed)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from kotopolku.access import reauth
from kotopolku.access.policy import Audience, Rule, page_rule
from kotopolku.audit import context

logger = logging.getLogger(__name__)

API_NAMESPACE = "api"


def set_acting(request: HttpRequest, rule: Rule | None, view: str) -> None:
    """Record in the audit context who acts, in which role and unit, through which view."""
    ctx = context.current()
    ctx.view = view
    ctx.personal_data = rule is not None and rule.personal_data
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    ctx.user = user
    memberships = user.active_memberships
    chosen = None
    if rule is not None and rule.audience == Audience.ROLES:
        chosen = next((m for m in memberships if m.role in rule.roles), None)
    if chosen is None and memberships:
        chosen = memberships[0]
    if chosen is not None:
        ctx.role = chosen.role
        ctx.unit = chosen.unit


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        if (
            match is not None
            and match.namespace == API_NAMESPACE
            and view_name != "api:openapi-json"
        ):
            return None  # API operations are enforced per operation (access.api)
        rule = page_rule(view_name)
        if rule is None:
            logger.error("no access policy for route %r: refusing", view_name)
            raise Http404
        set_acting(request, rule, view_name)
        if not rule.needs_login:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not rule.allows_role(user.roles):
            raise Http404
        if rule.reauth and not reauth.is_fresh(request):
            return HttpResponseRedirect(_reauth_url(request))
        return None


def _reauth_url(request: HttpRequest) -> str:
    """Where to confirm the password, and where to come back to afterwards.

    A GET comes back to the same address. A form post cannot be replayed by a redirect,
    so the user comes back to the page the form was on and repeats the action.
    """
    target = request.get_full_path()
    if request.method != "GET":
        referer = request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(referer)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        else:
            target = reverse("core:home")
        request.session[reauth.REPEAT_KEY] = True
    return reverse("accounts:reauth") + "?" + urlencode({"next": target})
