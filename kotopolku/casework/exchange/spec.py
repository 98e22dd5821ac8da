"""The document's identity, version and field specifications."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kotopolku.casework.models import (
    LANGUAGE_LEVELS,
    Agreement,
    CaseKind,
    Channel,
    CivicOrientationTaken,
    DigitalSkills,
    GoalStatus,
    IntegrationLanguage,
    LanguageSkill,
    LevelSource,
    Literacy,
    Need,
    PlanStatus,
    RecordedIn,
    ServiceStatus,
)
from kotopolku.clients.models import ImmigrationBasis, ResponsibleAuthority

SCHEMA_ID = "https://kotopolku.fi/schemas/casework-export/v2"
VERSION = 2  # version 1 documents are read too (`exchange.versions.upgrade`)

SMALL_INT_MAX = 32767  # PositiveSmallIntegerField
COUNT_KEYS = (
    "assessments",
    "language_levels",
    "plans",
    "goals",
    "services",
    "reviews",
    "contacts",
    "civic_orientation",
    "trainings",
)

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


class DocumentError(ValueError):
    """The document was refused: messages by JSON path (`plans[0].end`). Nothing was written."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


# --- Field specifications ---------------------------------------------------------------------
# The plain fields of each record, in the order the document lists them. Export and import
# share these tables, so what is written is what is read back.


@dataclass(frozen=True)
class Spec:
    kind: str  # text | bool | date | choice | language | integer
    required: bool = False
    nonblank: bool = False
    nullable: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = SMALL_INT_MAX


def text_spec(max_length: int | None = None, *, required: bool = False) -> Spec:
    return Spec("text", required=required, nonblank=required, max_length=max_length)


def choice_spec(values: Iterable[str], *, required: bool = False) -> Spec:
    return Spec("choice", required=required, choices=tuple(values))


def language_spec(*, required: bool = False) -> Spec:
    return Spec("language", required=required, nonblank=required, max_length=12)


def date_spec(*, required: bool = False) -> Spec:
    return Spec("date", required=required, nullable=not required)


BOOL = Spec("bool")

ASSESSMENT_SPEC: dict[str, Spec] = {
    "kind": choice_spec(CaseKind.values, required=True),
    "started": date_spec(required=True),
    "completed": date_spec(),
    "interview_language": language_spec(required=True),
    "interpreter_used": BOOL,
    "interpreter_language": language_spec(),
    "other_participants": text_spec(300),
    "education": text_spec(),
    "work_history": text_spec(),
    "literacy_mother_tongue": choice_spec(Literacy.values),
    "literacy_latin": choice_spec(Literacy.values),
    "digital_skills": choice_spec(DigitalSkills.values),
    "family_situation": text_spec(),
    "childcare_needed": BOOL,
    "health_social_needs": BOOL,
    "learning_skills": text_spec(),
    "special_skills": text_spec(),
    "integration_language": choice_spec(IntegrationLanguage.values),
    "county_needs": text_spec(),
    "goals": text_spec(),
    "recommended_services": text_spec(),
    "plan_needed": BOOL,
}


def needs_in_order(codes: Iterable[str]) -> list[str]:
    """The assessment's `needs` in the order of the list (`casework.models.Need`): the
    document does not depend on the order they were ticked in."""
    chosen = set(codes)
    return [code for code in Need.values if code in chosen]


LEVEL_SPEC: dict[str, Spec] = {
    "language": language_spec(required=True),
    "skill": choice_spec(LanguageSkill.values, required=True),
    "level": choice_spec(LANGUAGE_LEVELS, required=True),
    "source": choice_spec(LevelSource.values),
    "measured_on": date_spec(),
}
PLAN_SPEC: dict[str, Spec] = {
    "kind": choice_spec(CaseKind.values, required=True),
    "start": date_spec(required=True),
    "end": date_spec(required=True),
    "status": choice_spec(PlanStatus.values),
    "authority": choice_spec(ResponsibleAuthority.values),
    "recorded_in": choice_spec(RecordedIn.values),
    "official_reference": text_spec(100),
    "client_responsibilities": text_spec(),
    "follow_up": text_spec(),
    "job_search_obligation": text_spec(),
    "explained_in": Spec("language", nonblank=True, max_length=12),
    "interpreter_used": BOOL,
    "agreement": choice_spec(["", *Agreement.values]),
    "agreed_on": date_spec(),
}
GOAL_SPEC: dict[str, Spec] = {
    "text": text_spec(required=True),
    "status": choice_spec(GoalStatus.values),
    "position": Spec("integer"),
}
SERVICE_SPEC: dict[str, Spec] = {
    "name": text_spec(200, required=True),
    "provider_name": text_spec(200),
    "start": date_spec(),
    "end": date_spec(),
    "status": choice_spec(ServiceStatus.values),
    "directed_on": date_spec(),
}
REVIEW_SPEC: dict[str, Spec] = {
    "held_on": date_spec(required=True),
    "note": text_spec(),
    "levels_language": choice_spec(IntegrationLanguage.values),
    "level_listening": choice_spec(["", *LANGUAGE_LEVELS]),
    "level_speaking": choice_spec(["", *LANGUAGE_LEVELS]),
    "level_reading": choice_spec(["", *LANGUAGE_LEVELS]),
    "level_writing": choice_spec(["", *LANGUAGE_LEVELS]),
}
CONTACT_SPEC: dict[str, Spec] = {
    "day": date_spec(required=True),
    "channel": choice_spec(Channel.values, required=True),
    "language": language_spec(required=True),
    "interpreter_used": BOOL,
    "interpreter_needed": BOOL,
    "minutes": Spec("integer", nullable=True),
    "note": text_spec(),
    "visitors": Spec("integer", minimum=1),
    "interpreter_booked": BOOL,
    "missed": BOOL,
    "cancelled": BOOL,
    "fee_charged": BOOL,
}
CIVIC_SPEC: dict[str, Spec] = {
    "offered_on": date_spec(required=True),
    "language": language_spec(required=True),
    "taken": choice_spec(CivicOrientationTaken.values),
    "note": text_spec(300),
}
TRAINING_SPEC: dict[str, Spec] = {
    "language": choice_spec(IntegrationLanguage.values),
    "provider_name": text_spec(200),
    "referred_on": date_spec(required=True),
    "start": date_spec(),
    "interrupted_on": date_spec(),
    "interruption_reason": text_spec(300),
    "end": date_spec(),
    "test_on": date_spec(),
    "level_listening": choice_spec(["", *LANGUAGE_LEVELS]),
    "level_speaking": choice_spec(["", *LANGUAGE_LEVELS]),
    "level_reading": choice_spec(["", *LANGUAGE_LEVELS]),
    "level_writing": choice_spec(["", *LANGUAGE_LEVELS]),
}
# The informational "client" member: checked for shape only, never applied.
CLIENT_SPEC: dict[str, Spec] = {
    "birth_date": date_spec(),
    "first_permit_date": date_spec(),
    "immigration_basis": Spec("choice", nullable=True, choices=tuple(ImmigrationBasis.values)),
    "responsible_authority": Spec(
        "choice", nullable=True, choices=tuple(ResponsibleAuthority.values)
    ),
}

# Members that only describe where a record came from; the import records them anew (the
# importing user, now) and the change log says so.
PROVENANCE = ("id", "created_by", "created_at")
