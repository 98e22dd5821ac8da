"""Human labels of the register's derived facts: why the municipality must (or need not)
offer a client an assessment (`clients.rules.assessment_duty`), and the education stage of
a child in the household (`clients.rules.education_stage`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kotopolku.clients.rules import DutyReason, EducationStage, NoDuty

DUTY_REASONS = {
    DutyReason.PROTECTION: _("beneficiary of international protection or quota refugee"),
    DutyReason.PROTECTION_FAMILY: _("family member of a beneficiary of international protection"),
    DutyReason.SOCIAL_ASSISTANCE: _("receives social assistance other than temporarily"),
    DutyReason.HOME_CARE_ALLOWANCE: _("receives child home care allowance"),
    DutyReason.UNACCOMPANIED_MINOR: _("arrived as an unaccompanied minor"),
    DutyReason.TRAFFICKING_VICTIM: _("victim of human trafficking"),
    DutyReason.REQUESTED: _("asked for an assessment"),
    DutyReason.NEED_ASSESSED: _("found to need an assessment"),
    DutyReason.JOBSEEKER: _("registered jobseeker: the employment authority assesses"),
}

NO_DUTY = {
    NoDuty.CHILD: _(
        "A child is not assessed as a client in their own right unless they arrived as an "
        "unaccompanied minor, are a victim of trafficking, or an assessment was asked for or "
        "found needed. The child's needs (school, early childhood education) are part of the "
        "household's."
    ),
    NoDuty.WINDOW_PASSED: _(
        "Three years from the first residence permit or registration have passed."
    ),
    NoDuty.NO_GROUP: _(
        "None of the groups the municipality must assess applies. The person may ask for "
        "an assessment, or be found to need one."
    ),
}

EDUCATION_STAGES = {
    EducationStage.EARLY_CHILDHOOD: _("early childhood education"),
    EducationStage.PRE_PRIMARY: _("pre-primary education"),
    EducationStage.BASIC: _("basic education (school)"),
    EducationStage.UPPER_SECONDARY: _("upper secondary or preparatory education"),
}
