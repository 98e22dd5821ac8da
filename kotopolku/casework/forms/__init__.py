"""Forms of casework pages. They parse and offer choices; `casework.actions` checks the rules
of law and writes. A refusal from an action is attached to the form's fields by `refuse`."""

from kotopolku.casework.forms.assessment import (
    AssessmentForm,
    ContributionForm,
    LanguageLevelForm,
    WellbeingRequestForm,
)
from kotopolku.casework.forms.contacts import (
    CivicOrientationForm,
    ConsentForm,
    ContactForm,
    TrainingForm,
    WalkInForm,
    WithdrawConsentForm,
)
from kotopolku.casework.forms.plan import (
    ClientTextsForm,
    ExtensionForm,
    GoalForm,
    GoalStatusForm,
    PlanForm,
    ReviewForm,
    ServiceForm,
)

__all__ = [
    "AssessmentForm",
    "CivicOrientationForm",
    "ClientTextsForm",
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
    "TrainingForm",
    "WalkInForm",
    "WellbeingRequestForm",
    "WithdrawConsentForm",
]
