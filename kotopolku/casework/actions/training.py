"""Integration training as a casework step (DOMAIN.md 1.9): referral, start, interruption, end
and the final language test's levels per skill."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from kotopolku.casework.actions.common import Errors, create_logged, update_logged
from kotopolku.casework.models import (
    LANGUAGE_LEVELS,
    LEVEL_SKILLS,
    IntegrationLanguage,
    IntegrationTraining,
)
from kotopolku.clients.models import Client

if TYPE_CHECKING:
    from kotopolku.accounts.models import User

LEVEL_FIELDS_OF_TRAINING = tuple(f"level_{skill}" for skill in LEVEL_SKILLS)
TRAINING_FIELDS = (
    "language",
    "provider_name",
    "referred_on",
    "start",
    "interrupted_on",
    "interruption_reason",
    "end",
    "test_on",
    *LEVEL_FIELDS_OF_TRAINING,
)
DATE_FIELDS = ("referred_on", "start", "interrupted_on", "end", "test_on")


def _check(values: dict[str, Any]) -> None:
    errors = Errors()
    today = timezone.localdate()
    if values.get("referred_on") is None:
        errors.add("referred_on", "Give the day of the referral.")
    for name in DATE_FIELDS:
        day = values.get(name)
        if day is not None and day > today:
            errors.add(name, "The date is in the future.")
    referred, start = values.get("referred_on"), values.get("start")
    interrupted, end = values.get("interrupted_on"), values.get("end")
    if referred is not None and start is not None and start < referred:
        errors.add("start", "The training cannot start before the referral.")
    for name, day in (("interrupted_on", interrupted), ("end", end)):
        if day is not None and start is None:
            errors.add(name, "Record the start first.")
        elif day is not None and start is not None and day < start:
            errors.add(name, "This date is before the start date.")
    if interrupted is None and values.get("interruption_reason", "").strip():
        errors.add("interrupted_on", "Give the day of the interruption.")
    if values.get("language", "") not in IntegrationLanguage.values:
        errors.add("language", "Unknown value.")
    levels = {name: values.get(name, "") for name in LEVEL_FIELDS_OF_TRAINING}
    for name, level in levels.items():
        if level and level not in LANGUAGE_LEVELS:
            errors.add(name, "Use a CEFR level (A1-C2), a Finnish sub-level (A1.1-C1.1) or 0.")
    test_on = values.get("test_on")
    if any(levels.values()) and test_on is None:
        errors.add("test_on", "Give the day of the final language test.")
    if test_on is not None and not any(levels.values()):
        errors.add("level_listening", "Give the level of at least one skill.")
    if test_on is not None and start is not None and test_on < start:
        errors.add("test_on", "This date is before the start date.")
    errors.raise_if_any()


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name in LEVEL_FIELDS_OF_TRAINING:
        if name in out:
            out[name] = (out[name] or "").strip().upper()
    for name in ("provider_name", "interruption_reason"):
        if name in out:
            out[name] = (out[name] or "").strip()
    return out


@transaction.atomic
def do_record_training(
    client: Client, values: dict[str, Any], *, acting_user: User
) -> IntegrationTraining:
    """Record a referral to integration training (and whatever is known of it already)."""
    values = _normalise(
        {name: "" for name in ("language", "provider_name", "interruption_reason")}
        | {name: "" for name in LEVEL_FIELDS_OF_TRAINING}
        | values
    )
    _check(values)
    training = IntegrationTraining(client=client, recorded_by=acting_user)
    create_logged(
        training,
        "integration_training",
        TRAINING_FIELDS,
        values,
        client_id=client.pk,
        acting_user=acting_user,
    )
    return training


@transaction.atomic
def do_update_training(
    training: IntegrationTraining, values: dict[str, Any], *, acting_user: User
) -> dict[str, Any]:
    """Record the start, an interruption, the end or the final test's result."""
    merged = {name: getattr(training, name) for name in TRAINING_FIELDS} | _normalise(values)
    _check(merged)
    return update_logged(
        training,
        "integration_training",
        TRAINING_FIELDS,
        merged,
        client_id=training.client_id,
        acting_user=acting_user,
    )


def latest_result(client: Client) -> IntegrationTraining | None:
    """The client's latest final language test with a level (by the day of the test)."""
    return (
        client.integration_trainings.filter(test_on__isnull=False)
        .order_by("-test_on", "-created_at")
        .first()
    )


def review_initial(client: Client) -> dict[str, str]:
    """The levels of the next plan review, from the latest final language test."""
    found = latest_result(client)
    if found is None or not found.has_result:
        return {}
    return {"levels_language": found.language} | {
        name: getattr(found, name) for name in LEVEL_FIELDS_OF_TRAINING
    }
