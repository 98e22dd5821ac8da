"""Casework pages: the assessment, the wellbeing county taking part on request, the integration plan, guidance
contacts, hand-overs, consents and the export, and the casework part of the client page.

Every view fetches the client through `access.scopes` (404 outside the user's view) and child
objects through that client (404 when they belong to another). Writing also needs the
responsible authority's side (`clients.scopes.may_write_casework`): others get a 403 page that names
who is responsible. Actions check the rules and write; a refusal re-renders the form with the
errors on their fields and nothing written.
"""

from kotopolku.casework.views.assessment import (
    assessment_create,
    assessment_detail,
    assessment_edit,
    contribution_add,
    language_level_add,
    wellbeing_close,
    wellbeing_request,
)
from kotopolku.casework.views.client_page import client_casework_context
from kotopolku.casework.views.contacts import (
    civic_orientation_add,
    civic_orientation_edit,
    contact_create,
    walk_in,
)
from kotopolku.casework.views.deadline_rules import deadline_rules
from kotopolku.casework.views.plan import (
    goal_add,
    goal_status,
    plan_client_texts,
    plan_create,
    plan_detail,
    plan_edit,
    plan_extension_add,
    plan_summary,
    review_add,
    service_add,
    service_edit,
)
from kotopolku.casework.views.records import (
    consent_create,
    consent_withdraw,
    export,
    hand_over_accept,
)
from kotopolku.casework.views.training import training_add, training_edit

__all__ = [
    "assessment_create",
    "assessment_detail",
    "assessment_edit",
    "civic_orientation_add",
    "civic_orientation_edit",
    "client_casework_context",
    "consent_create",
    "consent_withdraw",
    "contact_create",
    "contribution_add",
    "deadline_rules",
    "export",
    "goal_add",
    "goal_status",
    "hand_over_accept",
    "language_level_add",
    "plan_client_texts",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_extension_add",
    "plan_summary",
    "review_add",
    "service_add",
    "service_edit",
    "training_add",
    "training_edit",
    "walk_in",
    "wellbeing_close",
    "wellbeing_request",
]
