"""What the casework API handlers share: the router, fetching the client, the error shape."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Iterable
from typing import Any, TypeVar

from django.db.models import Model
from django.http import Http404
from ninja import Router

from kotopolku.access import scopes
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import record_read
from kotopolku.casework import actions
from kotopolku.casework.api.schemas import (
    ExceptionIn,
)
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, ClientStatus, ResponsibleAuthority
from kotopolku.core.api_errors import ApiError
from kotopolku.core.languages import is_valid_code
from kotopolku.core.translated import pick
from kotopolku.core.types import AuthenticatedRequest
from kotopolku.orgs.models import Unit

router = Router()


def invalid(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(422, "Some fields are invalid; nothing was saved.", fields=errors)


def rule_violation(exc: actions.RuleViolationError) -> ApiError:
    first = exc.first
    return ApiError(
        422,
        str(exc),
        code="rule_violation",
        fields=exc.fields(),
        extra={
            "rule": first.rule.id,
            "legal_reference": first.rule.legal_reference,
            "exception_allowed": first.exception_allowed,
            "violations": [
                {
                    "rule": v.rule.id,
                    "legal_reference": v.rule.legal_reference,
                    "verified": v.rule.verified,
                    "exception_allowed": v.exception_allowed,
                    "fields": list(v.fields),
                    "message": v.message,
                }
                for v in exc.violations
            ],
        },
    )


class Refused:
    """Turn the actions' refusals into the API's error shape (nothing was written)."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if isinstance(exc, actions.RuleViolationError):
            raise rule_violation(exc) from None
        if isinstance(exc, actions.InvalidError):
            raise invalid(exc.errors) from None


def get_client(request: AuthenticatedRequest, client_id: uuid.UUID) -> Client:
    return client_scopes.get_client_for_user(request.user, client_id)


M = TypeVar("M", bound=Model)


def listed(subject_type: str, client: Client, rows: Iterable[M]) -> list[M]:
    """The client's records of one kind, read for a list answer: the read of each is logged
    (one LIST event per record, each naming the client). No record, no event."""
    found = list(rows)
    record_read(
        subject_type,
        [row.pk for row in found],
        kind=AccessEvent.Kind.LIST,
        client_ids=[client.pk] * len(found),
    )
    return found


def _responsible(client: Client) -> str:
    """Who records this client's casework, in a sentence."""
    if client.status != ClientStatus.ACTIVE:
        return "The client's record is closed: no casework can be recorded for it."
    if client.responsible_authority == ResponsibleAuthority.EMPLOYMENT_AREA:
        area = actions.employment_area_for(client)
        name = pick(area.name).value if area is not None else "the employment area"
        return (
            f"The client is a registered jobseeker: {name} is responsible for the client's "
            "integration services, and its workers record the assessment, plan and contacts."
        )
    unit = client.responsible_unit
    return (
        "The municipality is responsible for the client's integration services: the "
        f"counsellors of {pick(unit.organisation.name).value} / {unit.display_name().value} "
        "record the assessment, plan and contacts."
    )


def writable_client(request: AuthenticatedRequest, client_id: uuid.UUID) -> Client:
    """A client the caller sees (else 404) and whose casework the caller's side writes
    (else 403 naming the responsible side)."""
    client = get_client(request, client_id)
    if client.status == ClientStatus.MERGED:
        raise Http404
    if not client_scopes.may_write_casework(request.user, client):
        raise ApiError(
            403,
            _responsible(client),
            extra={"responsible_authority": client.responsible_authority},
        )
    return client


def casework_unit(request: AuthenticatedRequest, client: Client) -> Unit:
    """The unit of new records: the caller's casework unit, else the client's unit."""
    return scopes.default_casework_unit(request.user) or client.responsible_unit


def check_choice(
    errors: actions.Errors, name: str, value: str | None, choices: Collection[str]
) -> None:
    if value is not None and value not in choices:
        errors.add(name, f"Choose one of: {', '.join(c for c in choices if c)}.")


def check_language(
    errors: actions.Errors, name: str, code: str | None, *, blank: bool = False
) -> None:
    if code is None or (blank and code == ""):
        return
    if not is_valid_code(code):
        errors.add(name, f"Unknown language code {code!r}: use an ISO 639 code such as fi or ar.")


def check_order(
    errors: actions.Errors,
    first: datetime.date | None,
    second: datetime.date | None,
    name: str,
) -> None:
    if first is not None and second is not None and second < first:
        errors.add(name, "This date is before the start date.")


def exception_of(data: ExceptionIn | None) -> actions.RuleException | None:
    if data is None:
        return None
    return actions.RuleException(rule=data.rule.strip(), reason=data.reason.strip())
