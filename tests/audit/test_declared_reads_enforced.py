"""What the policy declares is enforced: in the test settings a successful answer of a route whose
access rule says personal_data=True fails when the request logged no read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from kotopolku.access.policy import page_rule
from kotopolku.audit import middleware, search
from kotopolku.audit.context import ActingContext
from kotopolku.audit.middleware import UnloggedReadError, check_declared_reads
from kotopolku.audit.models import AccessEvent
from tests.conftest import bearer


def _ctx(*, personal_data: bool, read_calls: int, change_calls: int = 0) -> ActingContext:
    return ActingContext(
        view="probe:route",
        personal_data=personal_data,
        read_calls=read_calls,
        change_calls=change_calls,
    )


def test_the_test_settings_turn_the_check_on(settings: Any) -> None:
    assert settings.AUDIT_REQUIRE_DECLARED_READS is True


def test_a_personal_data_answer_without_a_read_fails() -> None:
    with pytest.raises(UnloggedReadError, match="probe:route: the access rule says personal_data"):
        check_declared_reads(_ctx(personal_data=True, read_calls=0), HttpResponse(status=200))


@pytest.mark.parametrize(
    ("personal_data", "read_calls", "status"),
    [
        (True, 1, 200),  # logged
        (True, 0, 201),  # the answer to a write that logged its change (below)
        (False, 0, 200),  # not declared
        (True, 0, 302),  # a redirect shows nothing
        (True, 0, 404),  # a refusal shows nothing
    ],
)
def test_what_passes(personal_data: bool, read_calls: int, status: int) -> None:
    ctx = _ctx(personal_data=personal_data, read_calls=read_calls, change_calls=int(status == 201))
    check_declared_reads(ctx, HttpResponse(status=status))  # raises when it refuses
    assert ctx.read_calls == read_calls


def test_off_outside_the_tests(settings: Any) -> None:
    settings.AUDIT_REQUIRE_DECLARED_READS = False
    check_declared_reads(_ctx(personal_data=True, read_calls=0), HttpResponse(status=200))
    from kotopolku.config import settings as project_settings

    assert project_settings.AUDIT_REQUIRE_DECLARED_READS is False


def test_a_page_that_forgets_its_read_fails_the_request(
    login: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The auditor's access-log page with its `record_read` removed: the request fails."""
    rule = page_rule("audit:access_events")
    assert rule is not None and rule.personal_data
    monkeypatch.setattr("kotopolku.audit.search.record_read", lambda *a, **k: None)
    with pytest.raises(UnloggedReadError, match="audit:access_events"):
        login("auditor.joensuu").get(reverse("audit:access_events"))


def test_the_same_page_with_its_read_passes(
    login: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = search.record_read

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("purpose", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr("kotopolku.audit.search.record_read", recording)
    response = login("auditor.joensuu").get(reverse("audit:access_events"))
    # the page is shown, and it made the read its rule declares
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "audit/access_events.html"
    assert calls == ["audit: log browsing (0 rows, 0 clients)"]


def test_an_api_operation_that_forgets_its_read_fails(
    client: Client, api_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kotopolku.audit.search.record_read", lambda *a, **k: None)
    with pytest.raises(UnloggedReadError, match=r"audit\.list_access_events"):
        client.get("/api/v1/audit/access-events", **bearer(api_token("auditor.joensuu")))


def test_the_security_events_page_logs_the_staff_it_shows(
    login: Callable[[str], Client],
) -> None:
    """Found by the check: the page named staff and their e-mail changes without a log row."""
    response = login("auditor.joensuu").get(reverse("accounts:security_events"))
    assert response.status_code == 200
    logged = AccessEvent.objects.filter(view="accounts:security_events")
    assert all(e.subject_type == "user" and e.purpose == "security events" for e in logged)


def test_the_module_names_its_error() -> None:
    assert issubclass(middleware.UnloggedReadError, AssertionError)
