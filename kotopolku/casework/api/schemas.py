"""The request and response schemas of the casework API."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from ninja import Field, Schema

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

LEVELS = frozenset(LANGUAGE_LEVELS)

EMPTY = "This field cannot be empty."


class LanguageLevelIn(Schema):
    language: str = Field(..., description="ISO 639 code of the language measured, e.g. fi, sv")
    skill: str = Field(..., description=", ".join(LanguageSkill.values))
    level: str = Field(..., description="CEFR A1..C2, a Finnish sub-level A1.1..C1.1, or 0")
    source: str = Field(LevelSource.ASSESSMENT, description=", ".join(LevelSource.values))
    measured_on: datetime.date | None = None


class LanguageLevelOut(Schema):
    language: str
    skill: str
    level: str
    source: str
    measured_on: datetime.date | None


class AssessmentIn(Schema):
    kind: str = Field(..., description=", ".join(CaseKind.values))
    started: datetime.date
    completed: datetime.date | None = None
    interviewer: str | None = Field(
        None,
        description="Username of the public official who did the initial interview "
        "(default: the caller)",
    )
    interview_language: str | None = Field(
        None, description="ISO 639 code (default: the client's mother tongue)"
    )
    interpreter_used: bool = False
    interpreter_language: str = ""
    other_participants: str = Field("", max_length=300)
    education: str = ""
    work_history: str = ""
    literacy_mother_tongue: str = Field("", description=", ".join(v for v in Literacy.values if v))
    literacy_latin: str = Field("", description=", ".join(v for v in Literacy.values if v))
    digital_skills: str = Field("", description=", ".join(v for v in DigitalSkills.values if v))
    family_situation: str = ""
    childcare_needed: bool = False
    health_social_needs: bool = False
    learning_skills: str = ""
    special_skills: str = ""
    integration_language: str = Field(
        "", description="fi or sv: the national language the client integrates in (s. 14)"
    )
    county_needs: str = Field(
        "", description="Preliminary social and health needs noted for the wellbeing county"
    )
    goals: str = ""
    needs: list[str] = Field(
        [], description="Service needs found: " + ", ".join(Need.values) + " (docs/catalog.md)"
    )
    recommended_services: str = Field("", description="Free text beside the needs")
    plan_needed: bool = True
    language_levels: list[LanguageLevelIn] = []


class AssessmentOut(Schema):
    id: uuid.UUID
    kind: str
    started: datetime.date
    completed: datetime.date | None
    interviewer: str
    unit: uuid.UUID
    interview_language: str
    interpreter_used: bool
    interpreter_language: str
    other_participants: str
    education: str
    work_history: str
    literacy_mother_tongue: str
    literacy_latin: str
    digital_skills: str
    family_situation: str
    childcare_needed: bool
    health_social_needs: bool
    learning_skills: str
    special_skills: str
    integration_language: str
    county_needs: str
    goals: str
    needs: list[str] = Field(description="Service needs found: " + ", ".join(Need.values))
    recommended_services: str
    plan_needed: bool
    language_levels: list[LanguageLevelOut]
    created_at: datetime.datetime


class AssessmentPage(Schema):
    count: int
    results: list[AssessmentOut]


class GoalIn(Schema):
    text: str


class GoalChange(Schema):
    id: uuid.UUID | None = Field(None, description="An existing goal; omit to add a new goal")
    text: str | None = Field(None, description="The text of a new goal")
    status: str | None = Field(None, description=", ".join(GoalStatus.values))


class ServiceIn(Schema):
    name: str = ""
    provider: str | None = Field(None, description="Slug of the providing organisation")
    provider_name: str = Field("", description="The provider when it is not a listed organisation")
    start: datetime.date | None = None
    end: datetime.date | None = None
    status: str = Field(ServiceStatus.PLANNED, description=", ".join(ServiceStatus.values))
    directed_on: datetime.date | None = None
    consent: uuid.UUID | None = Field(
        None, description="The client's consent to disclose to an NGO provider"
    )
    catalog_service: uuid.UUID | None = Field(
        None,
        description="A published offering tray entry (GET /api/v1/services); its name and "
        "owner are used when name and provider are not given",
    )


class ExceptionIn(Schema):
    rule: str = Field(
        ...,
        description="Id of a rule version that allows an exception (none does since the "
        "two-year maximum is lengthened by an extension decision: POST plan-extensions)",
    )
    reason: str = Field(..., description="Why the exception is needed (stored with the plan)")


class ExtensionIn(Schema):
    decided_on: datetime.date
    months: int = Field(..., description="The length of the extension in whole months")
    reason: str = Field(
        ..., description="family_leave, illness, service, literacy or other (explain in note)"
    )
    note: str = ""
    decided_by: str | None = Field(
        None, description="Username of the colleague who decided (default: the caller)"
    )


class ExtensionOut(Schema):
    id: uuid.UUID
    decided_on: datetime.date
    months: int
    reason: str
    note: str
    decided_by: str
    maximum_end: datetime.date | None = Field(
        None, description="The last day of the client's plans with every extension"
    )


class ExceptionOut(Schema):
    rule: str
    reason: str


class PlanIn(Schema):
    kind: str = Field(..., description=", ".join(CaseKind.values))
    start: datetime.date
    end: datetime.date
    goals: list[GoalIn] = []
    services: list[ServiceIn] = []
    exception: ExceptionIn | None = None
    assessment: uuid.UUID | None = Field(None, description="The assessment the plan is based on")
    client_responsibilities: str = ""
    follow_up: str = Field("", description="How the implementation of the plan is followed")
    job_search_obligation: str = Field(
        "",
        description="The job-search obligation (Act 380/2023): only for a registered jobseeker, "
        "else refused with the rule job-search-obligation-jobseekers-681-2023",
    )
    explained_in: str | None = Field(
        None, description="ISO 639 code (default: the client's mother tongue)"
    )
    interpreter_used: bool = False
    agreement: str = Field("", description=", ".join(Agreement.values))
    agreed_on: datetime.date | None = None
    recorded_in: str | None = Field(
        None,
        description=", ".join(RecordedIn.values)
        + " (default: by the employment area's choice for a jobseeker, else kotopolku)",
    )
    official_reference: str = Field("", max_length=100)


class PlanPatch(Schema):
    kind: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    status: str | None = Field(None, description=", ".join(PlanStatus.values))
    assessment: uuid.UUID | None = None
    client_responsibilities: str | None = None
    follow_up: str | None = None
    job_search_obligation: str | None = None
    explained_in: str | None = None
    interpreter_used: bool | None = None
    agreement: str | None = None
    agreed_on: datetime.date | None = None
    recorded_in: str | None = None
    official_reference: str | None = Field(None, max_length=100)
    goals: list[GoalChange] | None = Field(
        None, description="Status changes of goals by id, and new goals (text, no id)"
    )
    exception: ExceptionIn | None = Field(
        None, description="A documented exception to a rule; null removes the plan's exception"
    )


class GoalOut(Schema):
    id: uuid.UUID
    text: str
    status: str
    # the goal written for the client by the counsellor, by language code (read-only here;
    # written on the plan page); the summary falls back to `text` where a language is missing
    client_texts: dict[str, str] = Field(
        default_factory=dict, description="The goal for the client: {language code: text}"
    )


class ServiceReferralOut(Schema):
    id: uuid.UUID
    status: str  # the referral's status code, as `/api/v1/referrals` names it


class ServiceOut(Schema):
    id: uuid.UUID
    name: str
    provider: str | None
    provider_name: str
    status: str
    start: datetime.date | None
    end: datetime.date | None
    directed_on: datetime.date | None
    consent: uuid.UUID | None
    catalog_service: uuid.UUID | None
    # the latest referral that carries out the service; null when it was never referred
    referral: ServiceReferralOut | None


class PlanOut(Schema):
    id: uuid.UUID
    kind: str
    start: datetime.date
    end: datetime.date
    status: str
    authority: str
    unit: uuid.UUID
    assessment: uuid.UUID | None
    recorded_in: str
    official_reference: str
    client_responsibilities: str
    follow_up: str
    job_search_obligation: str
    explained_in: str
    interpreter_used: bool
    agreement: str
    agreed_on: datetime.date | None
    exception: ExceptionOut | None
    goals: list[GoalOut]
    services: list[ServiceOut]
    created_at: datetime.datetime
    client_responsibilities_texts: dict[str, str] = Field(
        default_factory=dict,
        description="What the client agreed to do, written for the client: {language code: text}",
    )


class PlanPage(Schema):
    count: int
    results: list[PlanOut]


class RuleOut(Schema):
    id: str
    title: str
    legal_reference: str
    verified: bool


class DeadlineOut(Schema):
    kind: str
    due: datetime.date
    overdue: bool = Field(..., description="The last day has passed (also when the right lapsed)")
    state: Literal["open", "overdue", "lapsed"] = Field(
        ...,
        description="open: the last day has not passed; overdue: it has, and the step can "
        "still be taken; lapsed: a step that may only be taken within the integration window "
        "(three years from the first permit), and the window has ended",
    )
    rule: RuleOut


class DeadlinePage(Schema):
    today: datetime.date
    results: list[DeadlineOut]


class ContactIn(Schema):
    day: datetime.date
    channel: str = Field(..., description=", ".join(Channel.values))
    language: str = Field(..., description="ISO 639 code of the language of the contact")
    interpreter_used: bool = False
    interpreter_needed: bool = False
    topics: list[str] = Field([], description="Codes of active guidance topics")
    minutes: int | None = Field(None, ge=0, le=1440)
    note: str = ""
    interpreter_booked: bool = False
    missed: bool = False
    cancelled: bool = False
    fee_charged: bool = Field(
        False,
        description="A missed-appointment fee is charged (Act 681/2023 s. 32 a): refused with "
        "the rule missed-appointment-fee-681-2023-32a unless the day is from 1.1.2025, an "
        "interpreter was booked and the client neither came nor cancelled",
    )


class ContactOut(Schema):
    id: uuid.UUID
    day: datetime.date
    channel: str
    language: str
    interpreter_used: bool
    interpreter_needed: bool
    topics: list[str]
    minutes: int | None
    note: str
    interpreter_booked: bool
    missed: bool
    cancelled: bool
    fee_charged: bool
    fee_chargeable: bool = Field(
        ..., description="A missed appointment with a booked interpreter (Act 681/2023 s. 32 a)"
    )
    unit: uuid.UUID
    recorded_by: str
    created_at: datetime.datetime


class ImportOut(Schema):
    imported: dict[str, Any]


class CivicOrientationIn(Schema):
    offered_on: datetime.date = Field(..., description="The day civic orientation was offered")
    language: str = Field(
        ..., max_length=12, description="ISO 639 code of the language of the orientation"
    )
    taken: str = Field(
        "",
        description="Whether the client took part: "
        + ", ".join(v or '"" (not known yet)' for v in CivicOrientationTaken.values),
    )
    note: str = Field("", max_length=300)


class CivicOrientationOut(Schema):
    id: uuid.UUID
    offered_on: datetime.date
    language: str
    taken: str
    note: str
    recorded_by: str
    created_at: datetime.datetime


class CivicOrientationPage(Schema):
    count: int
    civic_orientation_pending: bool = Field(
        ...,
        description="A kotoutuja-asiakas who has not been offered civic orientation "
        "(Act 681/2023 s. 25)",
    )
    results: list[CivicOrientationOut]


class TrainingIn(Schema):
    language: str = Field(
        "",
        description="Finnish or Swedish: "
        + ", ".join(v or '"" (not known)' for v in IntegrationLanguage.values),
    )
    provider_name: str = Field("", max_length=200)
    referred_on: datetime.date = Field(..., description="The day of the referral")
    start: datetime.date | None = None
    interrupted_on: datetime.date | None = None
    interruption_reason: str = Field("", max_length=300)
    end: datetime.date | None = None
    test_on: datetime.date | None = Field(
        None, description="The day of the final language test (kielitaidon päättötestaus)"
    )
    level_listening: str = Field("", description="CEFR A1..C2, a Finnish sub-level A1.1..C1.1, 0")
    level_speaking: str = Field("", description="as level_listening")
    level_reading: str = Field("", description="as level_listening")
    level_writing: str = Field("", description="as level_listening")


class TrainingOut(Schema):
    id: uuid.UUID
    status: str = Field(..., description="referred, started, interrupted or ended")
    language: str
    provider_name: str
    referred_on: datetime.date
    start: datetime.date | None
    interrupted_on: datetime.date | None
    interruption_reason: str
    end: datetime.date | None
    test_on: datetime.date | None
    level_listening: str
    level_speaking: str
    level_reading: str
    level_writing: str
    recorded_by: str
    created_at: datetime.datetime


class TrainingPage(Schema):
    count: int
    results: list[TrainingOut]
