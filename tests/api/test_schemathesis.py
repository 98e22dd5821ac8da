"""Schemathesis against the whole API, in-process (WSGI), seeded and bounded (issue 14, item 10).

Every operation of the OpenAPI document is called with generated requests as four callers
(counsellor, coordinator, NGO partner: bearer tokens; anonymous: none), and every answer must
pass `not_a_server_error`, `status_code_conformance`, `content_type_conformance` and
`response_schema_conformance`. Hypothesis runs derandomized (the same requests every run).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import bearer

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 10  # per operation and caller: 27 operations x 4 callers x 10 = 1,080 requests
CALLERS = ("counsellor.joensuu", "coordinator.joensuu", "ngo.spr", "")


def _schema() -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@contextlib.contextmanager
def _connection_kept() -> Iterator[None]:
    """The real WSGI handler closes "old" connections when a request starts and finishes; inside
    the test's transaction that closes the test's own PostgreSQL connection (SQLite's in-memory
    database ignores the close, so only PostgreSQL showed it). Django's test client detaches the
    same receiver for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _known_objects() -> list[dict[str, str]]:
    """Path parameters of objects that exist in the demo, so that generated requests reach
    real clients, plans, entries and referrals (random ids would only ever meet 404)."""
    from kotopolku.casework.models import Plan
    from kotopolku.catalog.models import Service
    from kotopolku.clients.models import Client
    from kotopolku.referrals.models import Referral

    known: list[dict[str, str]] = []
    mine = Plan.objects.filter(client__current_counsellor__username="counsellor.joensuu")
    for plan in [*mine.order_by("pk")[:6], *Plan.objects.order_by("pk")[:3]]:
        known.append({"client_id": str(plan.client_id), "plan_id": str(plan.pk)})
    clients = Client.objects.filter(current_counsellor__username="counsellor.joensuu")
    for client in [*clients.order_by("pk")[:6], *Client.objects.order_by("pk")[:3]]:
        known.append({"client_id": str(client.pk)})
    for service in Service.objects.published().order_by("pk")[:6]:
        known.append({"service_id": str(service.pk)})
    for referral in Referral.objects.order_by("pk")[:6]:
        known.append({"referral_id": str(referral.pk)})
    return known


def _with_known(case: Any, known: dict[str, str] | None) -> Any:
    names = set(case.path_parameters or {})
    if known is not None and names and names <= set(known):
        case.path_parameters = {name: known[name] for name in names}
    return case


def _runner(
    operation: Any,
    headers: dict[str, str],
    known: list[dict[str, str]],
    calls: dict[str, int],
    failures: list[str],
    answers: set[tuple[str, int]],
) -> Any:
    label = f"{operation.method.upper()} {operation.path}"
    names = set(re.findall(r"{(\w+)}", operation.path))
    choices: list[dict[str, str] | None] = [None, *(k for k in known if names <= set(k))]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), choice=st.sampled_from(choices))
    def run(case: Any, choice: dict[str, str] | None) -> None:
        case = _with_known(case, choice)
        calls[label] = calls.get(label, 0) + 1
        response = case.call(headers=headers)
        answers.add((label, response.status_code))
        try:
            case.validate_response(response, checks=CHECKS)
        # collected: every failing operation is listed at the end
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{caller_of(headers)} {label}: {str(exc)[:1500]}")
            raise

    return run


def caller_of(headers: dict[str, str]) -> str:
    return "token" if headers else "anonymous"


@pytest.mark.xdist_group("schemathesis")
def test_every_operation_conforms(api_token: Callable[..., str]) -> None:
    from kotopolku.audit.context import acting
    from kotopolku.ops.demo import load_all

    with acting(view="test:schemathesis"):
        load_all()
    known = _known_objects()
    failures: list[str] = []
    answers: set[tuple[str, int]] = set()
    with _connection_kept():
        schema = _schema()
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 27
        total = _call_every_operation(operations, known, failures, answers, api_token)
    assert not failures, "\n\n".join(failures)
    assert total >= 1_000
    # the generated requests reached real objects, not only refusals and validation errors
    for label in (
        "GET /api/v1/clients/{client_id}/plans/{plan_id}",
        "GET /api/v1/clients/{client_id}",
        "GET /api/v1/services/{service_id}",
        "GET /api/v1/services",
        "GET /api/v1/referrals",
    ):
        assert (label, 200) in answers, label


def _call_every_operation(
    operations: list[Any],
    known: list[dict[str, str]],
    failures: list[str],
    answers: set[tuple[str, int]],
    api_token: Callable[..., str],
) -> int:
    total = 0
    for caller in CALLERS:
        headers: dict[str, str] = {}
        if caller:
            headers["Authorization"] = bearer(api_token(caller))["HTTP_AUTHORIZATION"]
        calls: dict[str, int] = {}
        for operation in operations:
            # a failure is listed in `failures` by the runner; the next operation still runs
            with contextlib.suppress(Exception, BaseExceptionGroup):
                _runner(operation, headers, known, calls, failures, answers)()
        assert set(calls) == {f"{o.method.upper()} {o.path}" for o in operations}, caller
        total += sum(calls.values())
    return total
