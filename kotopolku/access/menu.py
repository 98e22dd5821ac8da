"""The menu and the start pages: what the page shell shows each user, from the policy
(registered into `core.shell` in `AccessConfig.ready()`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotopolku.access.policy import START_PAGES, page_rule

if TYPE_CHECKING:
    from kotopolku.core.types import AuthenticatedRequest

# Navigation entries in display order; each is shown only to users the policy lets in.
# "Overview" (`core:dashboard`) is not here: it listed only the user's roles, the same for
# every role, so it is the start page of a user without a role, not a menu item (issue 15).
NAV: tuple[tuple[str, Any], ...] = (
    ("clients:caseload", _("My clients")),
    ("clients:unit_caseload", _("Clients of the unit")),
    ("casework:walk_in", _("Walk-in visits")),
    ("referrals:sent", _("Referrals")),
    ("referrals:received", _("Referrals received")),
    ("courses:list", _("Courses")),
    ("catalog:search", _("Offering tray")),
    ("catalog:my_services", _("Our services")),
    ("catalog:approvals", _("Approvals")),
    ("catalog:coverage", _("Gaps and overlaps")),
    ("programme:list", _("Integration programme")),
    ("orgs:region", _("Region")),
    ("audit:access_events", _("Access log")),
    ("audit:change_events", _("Change log")),
    ("audit:client_search", _("Find a client's report")),
    ("accounts:user_list", _("Users")),
    ("orgs:organisation_list", _("Organisations")),
    ("orgs:municipality_list", _("Municipalities")),
)


def menu_items(request: HttpRequest) -> list[dict[str, Any]]:
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


def start_page(request: AuthenticatedRequest) -> str | None:
    """The start page of the user's first role."""
    return START_PAGES.get(request.user.primary_role or "")
