"""Casework: the assessment, the integration plan, guidance contacts, hand-overs and the
deadlines the rules derive from them (`casework.rules`, kept current by `casework.actions`).

One module per record family; this package re-exports the models and their choices so that
`from kotopolku.casework.models import Plan` keeps working (Django's convention: the app's
models are found under `<app>.models`).
"""

from kotopolku.casework.models.assessment import (
    CEFR_LEVELS,
    FINNISH_SUBLEVELS,
    LANGUAGE_LEVELS,
    LEGACY_VALUES,
    LEVELS_IN_ORDER,
    Assessment,
    CaseKind,
    DigitalSkills,
    IntegrationLanguage,
    LanguageLevel,
    LanguageSkill,
    LevelSource,
    Literacy,
    Need,
    level_rank,
)
from kotopolku.casework.models.contact import (
    Channel,
    CivicOrientationOffer,
    CivicOrientationTaken,
    Contact,
    ContactTopic,
)
from kotopolku.casework.models.deadline import (
    Deadline,
    ReminderSent,
)
from kotopolku.casework.models.handover import (
    HandOver,
    HandOverStatus,
)
from kotopolku.casework.models.plan import (
    DIRECTED_STATUSES,
    Agreement,
    ExtensionReason,
    Goal,
    GoalStatus,
    Plan,
    PlanExtension,
    PlannedService,
    PlanStatus,
    RecordedIn,
    Review,
    ServiceStatus,
    plan_in_force,
)
from kotopolku.casework.models.training import (
    LEVEL_SKILLS,
    IntegrationTraining,
)
from kotopolku.casework.models.wellbeing import (
    Contribution,
    WellbeingRequest,
)

__all__ = [
    "CEFR_LEVELS",
    "DIRECTED_STATUSES",
    "FINNISH_SUBLEVELS",
    "LANGUAGE_LEVELS",
    "LEGACY_VALUES",
    "LEVELS_IN_ORDER",
    "LEVEL_SKILLS",
    "Agreement",
    "Assessment",
    "CaseKind",
    "Channel",
    "CivicOrientationOffer",
    "CivicOrientationTaken",
    "Contact",
    "ContactTopic",
    "Contribution",
    "Deadline",
    "DigitalSkills",
    "ExtensionReason",
    "Goal",
    "GoalStatus",
    "HandOver",
    "HandOverStatus",
    "IntegrationLanguage",
    "IntegrationTraining",
    "LanguageLevel",
    "LanguageSkill",
    "LevelSource",
    "Literacy",
    "Need",
    "Plan",
    "PlanExtension",
    "PlanStatus",
    "PlannedService",
    "RecordedIn",
    "ReminderSent",
    "Review",
    "ServiceStatus",
    "WellbeingRequest",
    "level_rank",
    "plan_in_force",
]
