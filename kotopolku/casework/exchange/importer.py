"""Writing a checked document's casework through the actions, all or nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kotopolku.accounts import scopes as account_scopes
from kotopolku.accounts.models import User
from kotopolku.casework import actions
from kotopolku.casework.actions import InvalidError, RuleViolationError
from kotopolku.casework.exchange.reader import (
    Parsed,
    read_document,
)
from kotopolku.casework.exchange.spec import (
    COUNT_KEYS,
    DocumentError,
)
from kotopolku.casework.exchange.values import join_path
from kotopolku.casework.models import (
    Assessment,
    GoalStatus,
)
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Unit


def _refusal(errors: dict[str, list[str]], path: str, exc: Exception) -> None:
    """File an action's refusal under the document's path of the record."""
    if isinstance(exc, RuleViolationError):
        for violation in exc.violations:
            text = f"{violation.message} (rule {violation.rule.id})"
            for name in violation.fields or ("",):
                errors.setdefault(join_path(path, name) if name else path, []).append(text)
    elif isinstance(exc, InvalidError):
        for name, messages in exc.errors.items():
            errors.setdefault(join_path(path, name), []).extend(messages)


def _by_date(items: list[Any], name: str) -> list[Any]:
    # Records are written in date order, so each rule sees the client's earlier records.
    return sorted(items, key=lambda item: item.values[name])


def _apply(
    client: Client, parsed: Parsed, *, acting_user: User, unit: Unit
) -> tuple[dict[str, int], dict[str, list[str]]]:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    errors: dict[str, list[str]] = {}
    made: dict[str, Assessment] = {}
    failed: set[str] = set()
    for a in _by_date(parsed.assessments, "started"):
        try:
            assessment = actions.do_create_assessment(
                client, a.values, unit=a.unit or unit, acting_user=acting_user
            )
        except (InvalidError, RuleViolationError) as exc:
            _refusal(errors, a.path, exc)
            if a.doc_id is not None:
                failed.add(a.doc_id)
            continue
        counts["assessments"] += 1
        if a.doc_id is not None:
            made[a.doc_id] = assessment
        for _path, level in a.levels:
            actions.do_set_language_level(assessment, level, acting_user=acting_user)
            counts["language_levels"] += 1

    for p in _by_date(parsed.plans, "start"):
        # The rules of a plan depend on the client's earlier plans: after one is missing,
        # checking the later ones would report refusals that are not theirs.
        if p.assessment_ref in failed:
            break  # its assessment was refused above
        values = dict(p.values)
        if p.assessment_ref is not None:
            values["assessment"] = made[p.assessment_ref]
        try:
            plan = actions.do_create_plan(
                client,
                values,
                unit=p.unit or unit,
                acting_user=acting_user,
                exception=p.exception,
                legacy_exception=True,
            )
        except (InvalidError, RuleViolationError) as exc:
            _refusal(errors, p.path, exc)
            break
        counts["plans"] += 1
        for path, goal in p.goals:
            try:
                actions.do_add_goal(
                    plan,
                    goal["text"],
                    acting_user=acting_user,
                    status=goal.get("status", GoalStatus.OPEN),
                    position=goal["position"],
                    refresh=False,
                )
            except InvalidError as exc:
                _refusal(errors, path, exc)
                continue
            counts["goals"] += 1
        for service in p.services:
            try:
                actions.do_add_service(plan, service.values, acting_user=acting_user, refresh=False)
            except InvalidError as exc:
                _refusal(errors, service.path, exc)
                continue
            counts["services"] += 1
        for path, review in p.reviews:
            try:
                actions.do_add_review(
                    plan,
                    held_on=review["held_on"],
                    note=review.get("note", ""),
                    acting_user=acting_user,
                    levels={k: v for k, v in review.items() if k.startswith("level")},
                )
            except InvalidError as exc:
                _refusal(errors, path, exc)
                continue
            counts["reviews"] += 1

    for c in _by_date(parsed.contacts, "day"):
        try:
            actions.do_record_contact(
                client, c.values, unit=c.unit or unit, acting_user=acting_user
            )
        except InvalidError as exc:
            _refusal(errors, c.path, exc)
            continue
        counts["contacts"] += 1
    for o in _by_date(parsed.civic_orientation, "offered_on"):
        try:
            actions.do_record_civic_orientation(client, o.values, acting_user=acting_user)
        except InvalidError as exc:
            _refusal(errors, o.path, exc)
            continue
        counts["civic_orientation"] += 1
    for t in _by_date(parsed.trainings, "referred_on"):
        try:
            actions.do_record_training(client, t.values, acting_user=acting_user)
        except InvalidError as exc:
            _refusal(errors, t.path, exc)
            continue
        counts["trainings"] += 1
    return counts, errors


def import_document(
    client: Client, document: Any, *, acting_user: User, unit: Unit
) -> dict[str, int]:
    """Write a version 1 document's casework to `client`; return how many records of each kind.

    All or nothing: a problem anywhere, found by the checks or refused by a rule of law,
    raises DocumentError with every message by path, and nothing is written. Records
    without a unit of their own are recorded in `unit`.
    """
    from kotopolku.access import scopes

    with transaction.atomic():
        parsed = read_document(
            client,
            document,
            scopes.unit_ids(acting_user) | {unit.pk},
            users=account_scopes.colleagues(acting_user),
        )
        counts, errors = _apply(client, parsed, acting_user=acting_user, unit=unit)
        if errors:
            raise DocumentError(dict(sorted(errors.items())))
        actions.refresh_deadlines(client)
    return counts
