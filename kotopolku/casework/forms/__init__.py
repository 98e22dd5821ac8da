"""Forms of casework pages. They parse and offer choices; `casework.actions` checks the rules
of law and writes. A refusal from an action is attached to the form's fields by `refuse`."""

from kotopolku.casework.forms.assessment import (
    AssessmentForm,
    ContributionForm,
    LanguageLevelForm,
    WellbeingRequestForm,
)
from kotopolku.casework.forms.contacts import (
    ConsentForm,
    ContactForm,
    WalkInForm,
    WithdrawConsentForm,
)
from kotopolku.casework.forms.plan import (
    ExtensionForm,
    GoalForm,
    GoalStatusForm,
    PlanForm,
    ReviewForm,
    ServiceForm,
)

__all__ = [
    "AssessmentForm",
    "ConsentForm",
    "ContactForm",
    "ContributionForm",
    "ExtensionForm",
    "GoalForm",
    "GoalStatusForm",
    "LanguageLevelForm",
    "PlanForm",
    "ReviewForm",
    "ServiceForm",
    "WalkInForm",
    "WellbeingRequestForm",
    "WithdrawConsentForm",
]
