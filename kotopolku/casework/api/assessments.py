"""The assessments of a client."""

from __future__ import annotations

import uuid
from typing import Any

from ninja.responses import Status

from kotopolku.accounts import scopes as account_scopes
from kotopolku.casework import actions
from kotopolku.casework.api.common import (
    Refused,
    casework_unit,
    check_choice,
    check_language,
    check_order,
    get_client,
    invalid,
    listed,
    router,
    writable_client,
)
from kotopolku.casework.api.schemas import (
    LEVELS,
    AssessmentIn,
    AssessmentOut,
    AssessmentPage,
)
from kotopolku.casework.models import (
    LEGACY_VALUES,
    Assessment,
    CaseKind,
    DigitalSkills,
    IntegrationLanguage,
    LanguageSkill,
    LevelSource,
    Literacy,
    Need,
)
from kotopolku.clients.models import Client
from kotopolku.core.types import AuthenticatedRequest

# --- Assessments --------------------------------------------------------------------------------

# the fields taken as they are (the others are parsed: kind, dates, interviewer, language)
ASSESSMENT_PLAIN_FIELDS = actions.ASSESSMENT_FIELDS[
    actions.ASSESSMENT_FIELDS.index("interpreter_used") :
]


def _assessment_out(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "kind": assessment.kind,
        "started": assessment.started,
        "completed": assessment.completed,
        "interviewer": assessment.interviewer.username,
        "unit": assessment.unit_id,
        "interview_language": assessment.interview_language,
        **{name: getattr(assessment, name) for name in ASSESSMENT_PLAIN_FIELDS},
        "language_levels": [
            {
                "language": level.language,
                "skill": level.skill,
                "level": level.level,
                "source": level.source,
                "measured_on": level.measured_on,
            }
            for level in assessment.language_levels.all()
        ],
        "created_at": assessment.created_at,
    }


def _assessment_input(
    request: AuthenticatedRequest, client: Client, payload: AssessmentIn
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The values and language levels for `do_create_assessment`, or 422 naming every
    field the handler can judge (the action checks the dates and the rules)."""
    errors = actions.Errors()
    kind = LEGACY_VALUES.get(payload.kind, payload.kind)  # "multiprofessional" before v2
    check_choice(errors, "kind", kind, CaseKind.values)
    check_order(errors, payload.started, payload.completed, "completed")
    check_language(errors, "interview_language", payload.interview_language)
    check_language(errors, "interpreter_language", payload.interpreter_language, blank=True)
    for name in ("literacy_mother_tongue", "literacy_latin"):
        check_choice(errors, name, getattr(payload, name), Literacy.values)
    check_choice(errors, "digital_skills", payload.digital_skills, DigitalSkills.values)
    check_choice(
        errors, "integration_language", payload.integration_language, IntegrationLanguage.values
    )
    unknown_needs = [code for code in payload.needs if code not in Need.values]
    if unknown_needs:
        errors.add(
            "needs",
            f"Unknown need {', '.join(map(repr, unknown_needs))}: choose from "
            f"{', '.join(Need.values)}.",
        )
    values: dict[str, Any] = {
        "kind": kind,
        "started": payload.started,
        "completed": payload.completed,
        "interview_language": payload.interview_language or client.mother_tongue,
        **{name: getattr(payload, name) for name in ASSESSMENT_PLAIN_FIELDS},
    }
    if payload.interviewer is not None:
        interviewer = (
            account_scopes.colleagues(request.user).filter(username=payload.interviewer).first()
        )
        if interviewer is None:
            errors.add("interviewer", "Name a public official of your organisation.")
        values["interviewer"] = interviewer
    levels: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for index, level in enumerate(payload.language_levels):
        prefix = f"language_levels[{index}]."
        value = level.level.strip().upper()
        check_language(errors, prefix + "language", level.language)
        check_choice(errors, prefix + "skill", level.skill, LanguageSkill.values)
        check_choice(errors, prefix + "source", level.source, LevelSource.values)
        if value not in LEVELS:
            errors.add(
                prefix + "level",
                "Use a CEFR level (A1-C2), a Finnish sub-level (A1.1-C1.1) or 0.",
            )
        if (level.language, level.skill) in seen:
            errors.add(prefix + "skill", "This skill in this language is already given.")
        seen.add((level.language, level.skill))
        levels.append(
            {
                "language": level.language,
                "skill": level.skill,
                "level": value,
                "source": level.source,
                "measured_on": level.measured_on,
            }
        )
    if errors.errors:
        raise invalid(errors.errors)
    return values, levels


@router.get(
    "/clients/{client_id}/assessments",
    response=AssessmentPage,
    summary="The client's assessments, latest first",
)
def list_assessments(request: AuthenticatedRequest, client_id: uuid.UUID) -> dict[str, Any]:
    client = get_client(request, client_id)
    rows = listed(
        "assessment",
        client,
        client.assessments.select_related("interviewer").prefetch_related("language_levels"),
    )
    return {"count": len(rows), "results": [_assessment_out(a) for a in rows]}


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AssessmentOut},
    summary="Record an assessment (Act 681/2023 s. 14)",
)
def create_assessment(
    request: AuthenticatedRequest, client_id: uuid.UUID, payload: AssessmentIn
) -> Status[dict[str, Any]]:
    client = writable_client(request, client_id)
    values, levels = _assessment_input(request, client, payload)
    with Refused():
        assessment = actions.do_create_assessment(
            client,
            values,
            unit=casework_unit(request, client),
            acting_user=request.user,
            levels=levels,
        )
    return Status(201, _assessment_out(assessment))
