"""The assessment (Act 681/2023 s. 14) and the wellbeing county's participation on request
(ss. 14 and 16 as amended by Act 1100/2024; DOMAIN.md 0.1 C1)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from kotopolku.accounts import scopes as account_scopes
from kotopolku.audit.recorder import diff, record_change, snapshot
from kotopolku.casework import rules
from kotopolku.casework.models import (
    LANGUAGE_LEVELS,
    Assessment,
    Contribution,
    LanguageLevel,
    LanguageSkill,
    LevelSource,
    Need,
    WellbeingRequest,
)
from kotopolku.clients.models import Client
from kotopolku.core.languages import is_valid_code
from kotopolku.orgs.models import Membership, Organisation, Unit

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

from kotopolku.casework.actions.common import (
    A,
    Errors,
    InvalidError,
    RuleViolationError,
    check_dates,
    exempt_bases,
    is_public_official,
)
from kotopolku.casework.actions.deadlines import refresh_deadlines

ASSESSMENT_FIELDS = (
    "kind",
    "started",
    "completed",
    "interviewer",
    "interview_language",
    "interpreter_used",
    "interpreter_language",
    "other_participants",
    "education",
    "work_history",
    "literacy_mother_tongue",
    "literacy_latin",
    "digital_skills",
    "family_situation",
    "childcare_needed",
    "health_social_needs",
    "learning_skills",
    "special_skills",
    "integration_language",
    "county_needs",
    "goals",
    "needs",
    "recommended_services",
    "plan_needed",
)


def _check_interviewer(interviewer: User, acting_user: User) -> None:
    """The interviewer is an active colleague: a user of one of the recorder's organisations."""

    if not account_scopes.colleagues(acting_user).filter(pk=interviewer.pk).exists():
        raise InvalidError({"interviewer": ["Name a public official of your organisation."]})


def clean_needs(values: dict[str, Any]) -> None:
    """`needs` as a list of `Need` codes in the list's order, each once; an unknown code is
    refused naming the field (nothing is saved)."""
    if "needs" not in values:
        return
    given = values["needs"]
    if given is None:
        given = []
    if isinstance(given, str) or not all(isinstance(code, str) for code in given):
        raise InvalidError({"needs": ["Give the needs as a list of codes."]})
    unknown = [code for code in given if code not in Need.values]
    if unknown:
        raise InvalidError(
            {
                "needs": [
                    f"Unknown need {', '.join(map(repr, unknown))}: choose from "
                    f"{', '.join(Need.values)}."
                ]
            }
        )
    values["needs"] = [code for code in Need.values if code in given]


def _check_assessment(client: Client, values: dict[str, Any]) -> None:
    errors = Errors()
    check_dates(errors, "started", "completed", values)
    errors.raise_if_any()
    violations = rules.check_assessment(
        started=values["started"],
        first_permit_date=client.first_permit_date,
        basis=client.immigration_basis,
        exempt_bases=exempt_bases(),
        interviewer_is_public_official=is_public_official(values["interviewer"], values["started"]),
    )
    if violations:
        raise RuleViolationError(violations)


@transaction.atomic
def do_create_assessment(
    client: Client,
    values: dict[str, Any],
    *,
    unit: Unit,
    acting_user: User,
    levels: Sequence[dict[str, Any]] = (),
) -> Assessment:
    """Record an assessment from validated values (the interviewer defaults to the user)."""
    values = {"interviewer": acting_user, **values}
    clean_needs(values)
    _check_interviewer(values["interviewer"], acting_user)
    _check_assessment(client, values)
    assessment = Assessment(client=client, unit=unit, created_by=acting_user)
    for name in ASSESSMENT_FIELDS:
        if name in values:
            setattr(assessment, name, values[name])
    assessment.save()
    record_change(
        "assessment",
        assessment.pk,
        A.CREATE,
        diff({}, snapshot(assessment, ASSESSMENT_FIELDS)),
        client_id=client.pk,
        actor=acting_user,
    )
    for level in levels:
        do_set_language_level(assessment, level, acting_user=acting_user)
    refresh_deadlines(client)
    return assessment


@transaction.atomic
def do_update_assessment(
    assessment: Assessment, values: dict[str, Any], *, acting_user: User
) -> dict[str, Any]:
    values = dict(values)
    clean_needs(values)
    merged = {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS} | values
    if "interviewer" in values and values["interviewer"] != assessment.interviewer:
        _check_interviewer(values["interviewer"], acting_user)
    if any(
        values.get(name, getattr(assessment, name)) != getattr(assessment, name)
        for name in ("started", "interviewer", "completed")
    ):
        _check_assessment(assessment.client, merged)
    old = snapshot(assessment, ASSESSMENT_FIELDS)
    for name, value in values.items():
        setattr(assessment, name, value)
    changed = diff(old, snapshot(assessment, ASSESSMENT_FIELDS))
    if changed:
        assessment.save()
        record_change(
            "assessment",
            assessment.pk,
            A.UPDATE,
            changed,
            client_id=assessment.client_id,
            actor=acting_user,
        )
        refresh_deadlines(assessment.client)
    return changed


LEVEL_FIELDS = ("language", "skill", "level", "source", "measured_on")


@transaction.atomic
def do_set_language_level(
    assessment: Assessment, values: dict[str, Any], *, acting_user: User
) -> LanguageLevel:
    """Record (or correct) the level of one skill in one language."""
    errors = Errors()
    if not is_valid_code(values.get("language", "")):
        errors.add("language", "Unknown language code.")
    if values.get("skill") not in LanguageSkill.values:
        errors.add("skill", "Choose reading, listening, writing or speaking.")
    if values.get("level") not in LANGUAGE_LEVELS:
        errors.add("level", "Use a CEFR level (A1-C2), a Finnish sub-level (A1.1-C1.1) or 0.")
    if values.get("source", LevelSource.ASSESSMENT) not in LevelSource.values:
        errors.add("source", "Unknown source.")
    errors.raise_if_any()
    level, created = LanguageLevel.objects.get_or_create(
        assessment=assessment,
        language=values["language"],
        skill=values["skill"],
        defaults={k: v for k, v in values.items() if k in LEVEL_FIELDS},
    )
    old = {} if created else snapshot(level, LEVEL_FIELDS)
    if not created:
        for name in LEVEL_FIELDS:
            if name in values:
                setattr(level, name, values[name])
        level.save()
    changed = diff(old, snapshot(level, LEVEL_FIELDS))
    if changed:
        record_change(
            "language_level",
            level.pk,
            A.CREATE if created else A.UPDATE,
            changed,
            client_id=assessment.client_id,
            actor=acting_user,
        )
    return level


# --- The wellbeing county's participation on request ----------------------------------------------------------------


def county_for(client: Client) -> Organisation | None:
    """The wellbeing services county serving the client's municipality."""
    if client.municipality_id is None:
        return None
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.WELLBEING_COUNTY, serves=client.municipality_id, is_active=True
        )
        .order_by("slug")
        .first()
    )


def counties_for(client: Client) -> list[Organisation]:
    """The wellbeing counties that may be asked to take part: those serving the client's
    municipality; for a client without one, those serving the municipalities of the
    client's responsible organisation (never every county of the country)."""
    counties = Organisation.objects.filter(kind=Organisation.Kind.WELLBEING_COUNTY, is_active=True)
    if client.municipality_id is not None:
        serving = counties.filter(serves=client.municipality_id)
    else:
        served = client.responsible_unit.organisation.serves.values("pk")
        serving = counties.filter(serves__in=served)
    return list(serving.distinct().order_by("slug"))


@transaction.atomic
def do_request_wellbeing(
    client: Client,
    *,
    county: Organisation,
    legal_basis: str,
    reason: str,
    acting_user: User,
    assessment: Assessment | None = None,
    invited: User | None = None,
    day: datetime.date | None = None,
) -> WellbeingRequest:
    """Ask the wellbeing county to take part; its workers may then read the client's
    assessment and plan and write their contribution until the request is closed."""
    errors = Errors()
    if county.kind != Organisation.Kind.WELLBEING_COUNTY:
        errors.add("county", "Choose a wellbeing services county.")
    elif client.municipality_id is None and county.pk not in {c.pk for c in counties_for(client)}:
        # without a municipality of residence, only a county serving the municipalities of
        # the client's responsible organisation (never any county of the country)
        errors.add(
            "county",
            "Choose a county serving the municipalities of the client's responsible organisation.",
        )
    if legal_basis not in WellbeingRequest.LegalBasis.values:
        errors.add("legal_basis", "Choose the legal basis of the request.")
    if not reason.strip():
        errors.add("reason", "Say why the county's participation is needed.")
    if (
        invited is not None
        and not Membership.objects.active().filter(user=invited, unit__organisation=county).exists()
    ):
        errors.add("invited", "The invited worker does not work for this county.")
    errors.raise_if_any()
    request = WellbeingRequest.objects.create(
        client=client,
        assessment=assessment,
        county=county,
        invited=invited,
        legal_basis=legal_basis,
        reason=reason.strip(),
        requested_by=acting_user,
        requested_on=day or timezone.localdate(),
    )
    record_change(
        "wellbeing_request",
        request.pk,
        A.CREATE,
        diff(
            {},
            snapshot(
                request,
                ("county", "invited", "legal_basis", "reason", "requested_on", "assessment"),
            ),
        ),
        client_id=client.pk,
        actor=acting_user,
    )
    return request


@transaction.atomic
def do_close_wellbeing_request(
    request: WellbeingRequest, *, acting_user: User, day: datetime.date | None = None
) -> None:
    if request.closed_on is not None:
        return
    request.closed_on = max(day or timezone.localdate(), request.requested_on)
    request.save(update_fields=["closed_on"])
    record_change(
        "wellbeing_request",
        request.pk,
        A.UPDATE,
        {"closed_on": [None, request.closed_on]},
        client_id=request.client_id,
        actor=acting_user,
    )


@transaction.atomic
def do_add_contribution(
    request: WellbeingRequest, *, text: str, acting_user: User, day: datetime.date | None = None
) -> Contribution:
    if not request.is_open:
        raise InvalidError({"text": ["The request for the county's participation is closed."]})
    if not text.strip():
        raise InvalidError({"text": ["Write the contribution."]})
    contribution = Contribution.objects.create(
        request=request,
        author=acting_user,
        written_on=day or timezone.localdate(),
        text=text.strip(),
    )
    record_change(
        "contribution",
        contribution.pk,
        A.CREATE,
        {"text": [None, contribution.text]},
        client_id=request.client_id,
        actor=acting_user,
    )
    return contribution
