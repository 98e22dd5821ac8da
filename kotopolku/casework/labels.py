"""Human labels for the deadline kinds of `casework.rules.Kind` (one place, used by the
caseload, the client page and the reminder e-mails)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kotopolku.casework.rules import Kind

DEADLINE_LABELS = {
    Kind.ASSESSMENT_START: _("Start the assessment"),
    Kind.INITIAL_INTERVIEW: _("Initial interview with the employment authority"),
    Kind.PLAN_AFTER_ASSESSMENT: _("Make the integration plan"),
    Kind.SERVICES_DIRECTED: _("Direct the client to services"),
    Kind.REVIEW: _("Review the plan"),
    Kind.PLAN_ENDING: _("Plan ends"),
    Kind.PLAN_MAXIMUM: _("The two-year maximum of the plans ends"),
    Kind.WINDOW_ENDING: _("Three years from the first residence permit end"),
}
