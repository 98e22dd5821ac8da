"""Every state change of casework. Each checks the rules of law (`casework.rules`) before it
writes, writes its change-log row in the same transaction, and rewrites the client's
deadlines, so the worklist is never stale and never typed in.

Callers (pages and API) have checked the permission; they catch `InvalidError` (bad
input, a message per field) and `RuleViolationError` (a rule of law, with the rule
version's id) and show them. Nothing is written when either is raised.

The modules, by responsibility: `common` (refusals, exceptions), `deadlines`, `assessment`
(with the wellbeing county's participation on request), `plan`, `contacts`, `civic` (civic orientation offered),
`training` (integration training), `handover`, `consents`.
"""

from kotopolku.casework.actions.assessment import (
    ASSESSMENT_FIELDS,
    LEVEL_FIELDS,
    counties_for,
    county_for,
    do_add_contribution,
    do_close_wellbeing_request,
    do_create_assessment,
    do_request_wellbeing,
    do_set_language_level,
    do_update_assessment,
)
from kotopolku.casework.actions.civic import (
    CIVIC_FIELDS,
    do_record_civic_orientation,
    do_update_civic_orientation,
)
from kotopolku.casework.actions.common import (
    Errors,
    InvalidError,
    RuleException,
    RuleViolationError,
    exempt_bases,
    is_public_official,
)
from kotopolku.casework.actions.consents import (
    active_consents,
    do_record_consent,
    do_withdraw_consent,
)
from kotopolku.casework.actions.contacts import (
    CONTACT_FIELDS,
    do_record_contact,
    fee_chargeable,
    interpreting_gaps,
)
from kotopolku.casework.actions.deadlines import (
    PLAN_PREFETCH,
    compute_deadlines,
    refresh_all_deadlines,
    refresh_deadlines,
)
from kotopolku.casework.actions.handover import (
    do_accept_hand_over,
    do_open_hand_over,
)
from kotopolku.casework.actions.plan import (
    PLAN_FIELDS,
    SERVICE_FIELDS,
    do_add_goal,
    do_add_review,
    do_add_service,
    do_create_plan,
    do_record_plan_extension,
    do_set_client_texts,
    do_set_goal_status,
    do_update_plan,
    do_update_service,
    employment_area_for,
    extension_months,
    plan_maximum_of,
    plan_record_mode,
)
from kotopolku.casework.actions.training import (
    TRAINING_FIELDS,
    do_record_training,
    do_update_training,
    latest_result,
    review_initial,
)

__all__ = [
    "ASSESSMENT_FIELDS",
    "CIVIC_FIELDS",
    "CONTACT_FIELDS",
    "LEVEL_FIELDS",
    "PLAN_FIELDS",
    "PLAN_PREFETCH",
    "SERVICE_FIELDS",
    "TRAINING_FIELDS",
    "Errors",
    "InvalidError",
    "RuleException",
    "RuleViolationError",
    "active_consents",
    "compute_deadlines",
    "counties_for",
    "county_for",
    "do_accept_hand_over",
    "do_add_contribution",
    "do_add_goal",
    "do_add_review",
    "do_add_service",
    "do_close_wellbeing_request",
    "do_create_assessment",
    "do_create_plan",
    "do_open_hand_over",
    "do_record_civic_orientation",
    "do_record_consent",
    "do_record_contact",
    "do_record_plan_extension",
    "do_record_training",
    "do_request_wellbeing",
    "do_set_client_texts",
    "do_set_goal_status",
    "do_set_language_level",
    "do_update_assessment",
    "do_update_civic_orientation",
    "do_update_plan",
    "do_update_service",
    "do_update_training",
    "do_withdraw_consent",
    "employment_area_for",
    "exempt_bases",
    "extension_months",
    "fee_chargeable",
    "interpreting_gaps",
    "is_public_official",
    "latest_result",
    "plan_maximum_of",
    "plan_record_mode",
    "refresh_all_deadlines",
    "refresh_deadlines",
    "review_initial",
]
