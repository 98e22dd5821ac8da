"""Writing a client's casework as the document."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.casework.exchange.spec import (
    ASSESSMENT_SPEC,
    CIVIC_SPEC,
    CONTACT_SPEC,
    GOAL_SPEC,
    LEVEL_SPEC,
    PLAN_SPEC,
    REVIEW_SPEC,
    SCHEMA_ID,
    SERVICE_SPEC,
    TRAINING_SPEC,
    VERSION,
    Spec,
    needs_in_order,
)
from kotopolku.casework.models import (
    Assessment,
    Contact,
    Plan,
    PlannedService,
    Review,
)
from kotopolku.clients.models import Client, Consent
from kotopolku.orgs.models import Unit


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _timestamp(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat()


def _plain(instance: Any, specs: Mapping[str, Spec]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        value = getattr(instance, name)
        values[name] = _iso(value) if spec.kind == "date" else value
    return values


def _username(user: User | None) -> str | None:
    return user.username if user is not None else None


def _unit(unit: Unit) -> dict[str, Any]:
    return {
        "id": str(unit.pk),
        "organisation": unit.organisation.slug,
        "slug": unit.slug,
        "name": dict(unit.name),
    }


def _without(value: Any, names: frozenset[str]) -> Any:
    if isinstance(value, Mapping):
        return {k: _without(v, names) for k, v in value.items() if k not in names}
    if isinstance(value, list):
        return [_without(v, names) for v in value]
    return value


_VOLATILE = frozenset({"id", "created_at", "assessment_id"})


def _content_key(item: Mapping[str, Any]) -> str:
    """A sort key from a record's content alone (not its id or creation time)."""
    return json.dumps(_without(item, _VOLATILE), sort_keys=True, ensure_ascii=False)


def _sorted(items: list[dict[str, Any]], *first: str) -> list[dict[str, Any]]:
    """Order records by the named members (None first), then by their content."""

    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        return (*((item[n] is not None, item[n] or "") for n in first), _content_key(item))

    return sorted(items, key=key)


def _export_consent(consent: Consent | None) -> dict[str, Any] | None:
    if consent is None:
        return None
    return {
        "id": str(consent.pk),
        "scope": consent.scope,
        "recipient": consent.recipient.slug,
        "given_on": _iso(consent.given_on),
        "withdrawn_on": _iso(consent.withdrawn_on),
    }


def _export_assessment(a: Assessment) -> dict[str, Any]:
    return {
        "id": str(a.pk),
        **_plain(a, ASSESSMENT_SPEC),
        "needs": needs_in_order(a.needs),
        "interviewer": _username(a.interviewer),
        "unit": _unit(a.unit),
        "language_levels": _sorted(
            [_plain(lv, LEVEL_SPEC) for lv in a.language_levels.all()], "language", "skill"
        ),
        "created_by": _username(a.created_by),
        "created_at": _timestamp(a.created_at),
    }


def _export_plan(p: Plan) -> dict[str, Any]:
    exception = (
        {"rule": p.exception_rule, "reason": p.exception_reason} if p.exception_rule else None
    )
    services = [
        {
            "name": s.name,
            "provider": s.provider.slug if s.provider is not None else None,
            **{k: v for k, v in _plain(s, SERVICE_SPEC).items() if k != "name"},
            "consent": _export_consent(s.consent),
        }
        for s in p.services.all()
    ]
    reviews = [{**_plain(r, REVIEW_SPEC), "by": _username(r.by)} for r in p.reviews.all()]
    goals = sorted(
        (_plain(g, GOAL_SPEC) for g in p.goals.all()),
        key=lambda g: (g["position"], _content_key(g)),
    )
    return {
        "id": str(p.pk),
        "assessment_id": str(p.assessment_id) if p.assessment_id else None,
        **_plain(p, PLAN_SPEC),
        "exception": exception,
        "unit": _unit(p.unit),
        "goals": goals,
        "services": _sorted(services, "start"),
        "reviews": _sorted(reviews, "held_on"),
        "created_by": _username(p.created_by),
        "created_at": _timestamp(p.created_at),
    }


def _export_contact(c: Contact) -> dict[str, Any]:
    return {
        "id": str(c.pk),
        **_plain(c, CONTACT_SPEC),
        "topics": list(c.topics or []),
        "unit": _unit(c.unit),
        "recorded_by": _username(c.recorded_by),
        "created_at": _timestamp(c.created_at),
    }


def _export_recorded(record: Any, specs: Mapping[str, Spec]) -> dict[str, Any]:
    """A civic orientation offer or an integration training."""
    return {
        "id": str(record.pk),
        **_plain(record, specs),
        "recorded_by": _username(record.recorded_by),
        "created_at": _timestamp(record.created_at),
    }


def export_client(client: Client, *, purpose: str = "casework export") -> dict[str, Any]:
    """Return the client's casework as a version 1 document; log the read as an export."""
    assessments = list(
        client.assessments.select_related(
            "interviewer", "created_by", "unit__organisation"
        ).prefetch_related("language_levels")
    )
    plans = list(
        client.plans.select_related("created_by", "unit__organisation").prefetch_related(
            "goals",
            Prefetch(
                "services",
                queryset=PlannedService.objects.select_related("provider", "consent__recipient"),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("by")),
        )
    )
    contacts = list(client.contacts.select_related("recorded_by", "unit__organisation"))
    offers = list(client.civic_orientation_offers.select_related("recorded_by"))
    trainings = list(client.integration_trainings.select_related("recorded_by"))
    municipality = client.municipality
    document: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "version": VERSION,
        "exported_at": _timestamp(timezone.now()),
        "client": {
            "id": str(client.pk),
            "henkilotunnus": client.henkilotunnus,
            "birth_date": _iso(client.birth_date),
            "first_name": client.first_name,
            "last_name": client.last_name,
            "mother_tongue": client.mother_tongue,
            "municipality": municipality.code if municipality is not None else None,
            "first_permit_date": _iso(client.first_permit_date),
            "immigration_basis": client.immigration_basis,
            "responsible_authority": client.responsible_authority,
        },
        "assessments": _sorted([_export_assessment(a) for a in assessments], "started"),
        "plans": _sorted([_export_plan(p) for p in plans], "start"),
        "contacts": _sorted([_export_contact(c) for c in contacts], "day"),
        "civic_orientation": _sorted(
            [_export_recorded(o, CIVIC_SPEC) for o in offers], "offered_on"
        ),
        "trainings": _sorted(
            [_export_recorded(t, TRAINING_SPEC) for t in trainings], "referred_on"
        ),
    }
    kind, owner = AccessEvent.Kind.EXPORT, client.pk
    record_read("client", [client.pk], kind=kind, purpose=purpose)
    for subject, rows in (
        ("assessment", assessments),
        ("plan", plans),
        ("contact", contacts),
        ("civic_orientation", offers),
        ("integration_training", trainings),
    ):
        if rows:
            ids = [row.pk for row in rows]
            record_read(subject, ids, kind=kind, client_ids=[owner] * len(ids), purpose=purpose)
    return document
