"""Readable labels for the log reports (issue 15): an auditor reads "NGO partner" and
"Referrals: detail", not `ngo_partner` and `referrals:detail`. The codes stay beside the labels
for an investigation (and in the API). Audit does not import the apps above it: orgs registers
its role labels here (`OrgsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import pgettext_lazy

_roles: dict[str, Any] = {}

# The sections of the site by URL namespace (a view name is "namespace:page"); own msgctxt, so
# that these entries never collide with the apps' own texts in the catalogues.
SECTIONS: dict[str, Any] = {
    "accounts": pgettext_lazy("site section", "Accounts"),
    "audit": pgettext_lazy("site section", "Log reports"),
    "casework": pgettext_lazy("site section", "Casework"),
    "catalog": pgettext_lazy("site section", "Offering tray"),
    "clients": pgettext_lazy("site section", "Client register"),
    "core": pgettext_lazy("site section", "Kotopolku"),
    "orgs": pgettext_lazy("site section", "Organisations"),
    "referrals": pgettext_lazy("site section", "Referrals"),
    "programme": pgettext_lazy("site section", "Integration programme"),
    "courses": pgettext_lazy("site section", "Courses"),
    "api": pgettext_lazy("site section", "API"),
}


# The kinds of record in the log ("subject type"); an unknown code is shown as it is.
SUBJECTS: dict[str, Any] = {
    "client": pgettext_lazy("log subject", "client"),
    "plan": pgettext_lazy("log subject", "plan"),
    "planned_service": pgettext_lazy("log subject", "service in a plan"),
    "plan_extension": pgettext_lazy("log subject", "plan extension"),
    "goal": pgettext_lazy("log subject", "goal"),
    "assessment": pgettext_lazy("log subject", "assessment"),
    "contact": pgettext_lazy("log subject", "guidance contact"),
    "consent": pgettext_lazy("log subject", "consent"),
    "referral": pgettext_lazy("log subject", "referral"),
    "course_enrolment": pgettext_lazy("log subject", "course enrolment"),
    "course_attendance": pgettext_lazy("log subject", "course attendance"),
    "hand_over": pgettext_lazy("log subject", "hand-over"),
    "jobseeker_period": pgettext_lazy("log subject", "jobseeker period"),
    "household_member": pgettext_lazy("log subject", "household member"),
    "language_level": pgettext_lazy("log subject", "language level"),
    "wellbeing_request": pgettext_lazy("log subject", "wellbeing county request"),
    "user": pgettext_lazy("log subject", "user account"),
    "membership": pgettext_lazy("log subject", "role membership"),
    "role_grant": pgettext_lazy("log subject", "role grant"),
    "api_token": pgettext_lazy("log subject", "API token"),
    "organisation": pgettext_lazy("log subject", "organisation"),
    "unit": pgettext_lazy("log subject", "unit"),
    "municipality": pgettext_lazy("log subject", "municipality"),
    "service": pgettext_lazy("log subject", "tray entry"),
    "service_revision": pgettext_lazy("log subject", "tray entry change"),
    "client_search": pgettext_lazy("log subject", "client search"),
    "audit_log": pgettext_lazy("log subject", "log rows"),
}


def subject_label(code: str) -> str:
    """A log subject type in words ("planned_service" -> "service in a plan")."""
    label = SUBJECTS.get(code)
    return str(label) if label is not None else code


def register_role_labels(labels: Mapping[str, Any]) -> None:
    """Set the role codes' labels (lazy texts: shown in the reader's language)."""
    _roles.clear()
    _roles.update(labels)


def role_label(code: str) -> str:
    """A membership role as the reader's language names it; an unknown code as it is."""
    if not code:
        return ""
    label = _roles.get(code)
    return str(label) if label is not None else code


def view_label(name: str) -> str:
    """A view name as "Section: page" ("referrals:detail" -> "Referrals: detail")."""
    if not name:
        return ""
    namespace, _sep, page = name.partition(":")
    section = SECTIONS.get(namespace)
    if section is None or not page:
        return name
    return f"{section}: {page.replace('_', ' ')}"
