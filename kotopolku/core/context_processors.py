"""The page shell: mode, version, UI languages and the navigation the user may use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

import kotopolku
from kotopolku.access.policy import page_rule

UI_LANGUAGES = (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))

# Navigation entries in display order; each is shown only to users the policy lets in.
NAV: tuple[tuple[str, Any], ...] = (
    ("clients:caseload", _("My clients")),
    ("clients:unit_caseload", _("Clients of the unit")),
    ("casework:walk_in", _("Walk-in visits")),
    ("referrals:sent", _("Referrals")),
    ("referrals:received", _("Referrals received")),
    ("catalog:search", _("Offering tray")),
    ("catalog:my_services", _("Our services")),
    ("catalog:approvals", _("Approvals")),
    ("catalog:coverage", _("Gaps and overlaps")),
    ("programme:list", _("Integration programme")),
    ("core:dashboard", _("Overview")),
    ("orgs:region", _("Region")),
    ("audit:access_events", _("Access log")),
    ("audit:change_events", _("Change log")),
    ("accounts:user_list", _("Users")),
    ("orgs:organisation_list", _("Organisations")),
    ("orgs:municipality_list", _("Municipalities")),
)


def _nav(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    if settings.REQUIRE_2FA and not user.is_verified():
        return []
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for name, label in NAV:
        rule = page_rule(name)
        if rule is not None and rule.allows_role(user.roles):
            items.append({"url": reverse(name), "label": label, "current": name == current})
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "shell": {
            "demo_mode": settings.DEMO_MODE,
            "version": kotopolku.__version__,
            "ui_languages": UI_LANGUAGES,
            "nav": _nav(request),
        }
    }
