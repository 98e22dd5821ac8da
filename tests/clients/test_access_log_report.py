"""The client's access-log report: who read or changed the data, in which role and
organisation, when; a period filter that covers two years back by default; a print view;
the API; and the reading of the report is itself logged."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit import queries as audit_queries
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.clients.models import Client
from tests.clients.conftest import api


def report_url(client: Client) -> str:
    return f"/clients/{client.pk}/access-log/"


@pytest.fixture
def client(add_client: Callable[..., Client]) -> Client:
    return add_client(first_name="Oksana", last_name="Koval")


def old_read(client: Client, user: User, days: int, **extra: Any) -> AccessEvent:
    """A read of the client by `user`, `days` ago (inserted with a chosen time)."""
    membership = user.active_memberships[0]
    return AccessEvent.objects.create(
        event_time=timezone.now() - datetime.timedelta(days=days),
        actor=user,
        actor_username=user.username,
        role=membership.role,
        unit=membership.unit,
        organisation=membership.unit.organisation,
        view=extra.pop("view", f"test:old-read-{days}"),
        subject_type="client",
        subject_id=str(client.pk),
        client_id=client.pk,
        kind=AccessEvent.Kind.VIEW,
        **extra,
    )


@pytest.mark.parametrize("persona", ["counsellor.joensuu", "manager.joensuu", "auditor.joensuu"])
def test_the_report_is_open_to_the_counsellor_the_manager_and_the_auditor(
    sign_in: Callable[[str], HttpClient], client: Client, persona: str
) -> None:
    response = sign_in(persona).get(report_url(client))
    assert response.status_code == 200
    assert "Koval" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["counsellor.kokkola", "coordinator.joensuu", "ngo.spr", "employment.kokkola"]
)
def test_the_report_is_404_for_everyone_else(
    sign_in: Callable[[str], HttpClient], client: Client, persona: str
) -> None:
    before = AccessEvent.objects.filter(client_id=client.pk).count()
    assert sign_in(persona).get(report_url(client)).status_code == 404
    assert AccessEvent.objects.filter(client_id=client.pk).count() == before


def test_an_auditor_cannot_read_the_report_of_another_organisations_client(
    sign_in: Callable[[str], HttpClient], add_client: Callable[..., Client]
) -> None:
    kokkola = add_client("counsellor.kokkola", municipality="272")
    assert sign_in("auditor.joensuu").get(report_url(kokkola)).status_code == 404


def test_the_report_shows_reads_and_changes_with_who_role_organisation_and_when(
    sign_in: Callable[[str], HttpClient], client: Client, world: dict[str, User]
) -> None:
    counsellor = sign_in("counsellor.joensuu")
    assert counsellor.get(f"/clients/{client.pk}/").status_code == 200
    read = AccessEvent.objects.get(client_id=client.pk, view="clients:detail")
    created = ChangeEvent.objects.get(client_id=client.pk, subject_type="client", action="create")

    html = sign_in("auditor.joensuu").get(report_url(client)).content.decode()
    assert "<td>Kotoutumisohjaaja Joensuu</td>" in html  # who
    assert "<td>Kotoutumisohjaaja</td>" in html  # role, in words (the page is in Finnish)
    toivo = client.responsible_unit.organisation
    assert any(f"<td>{name}</td>" in html for name in toivo.name.values())  # organisation
    assert "clients:detail" not in html  # the read, as "Section: page"
    assert "Asiakasrekisteri: detail" in html
    assert "test:add_client" in html  # the change
    when = timezone.localtime(read.event_time)
    assert f"{when.day}.{when.month}.{when.year}" in html
    assert created.changes["last_name"] == [None, "Koval"]
    assert "Koval" in html


def test_the_default_period_covers_two_years_back(
    sign_in: Callable[[str], HttpClient], client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    old_read(client, user, 700)
    old_read(client, user, 800)
    html = sign_in("manager.joensuu").get(report_url(client)).content.decode()
    assert "test:old-read-700" in html
    assert "test:old-read-800" not in html


def test_the_period_filter_limits_the_report(
    sign_in: Callable[[str], HttpClient], client: Client, world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    old_read(client, user, 800)
    old_read(client, user, 400)
    today = timezone.localdate()
    manager = sign_in("manager.joensuu")

    since = (today - datetime.timedelta(days=900)).isoformat()
    until = (today - datetime.timedelta(days=300)).isoformat()
    html = manager.get(report_url(client), {"since": since, "until": until}).content.decode()
    assert "test:old-read-800" in html
    assert "test:old-read-400" in html
    assert "test:add_client" not in html, "today's events are after the period"

    html = manager.get(report_url(client), {"since": until}).content.decode()
    assert "test:old-read-400" not in html
    assert "test:add_client" in html


def test_an_end_before_the_start_is_a_form_error(
    sign_in: Callable[[str], HttpClient], client: Client
) -> None:
    response = sign_in("manager.joensuu").get(
        report_url(client), {"since": "2025-06-01", "until": "2025-01-01"}
    )
    assert response.status_code == 200
    assert 'href="#id_until"' in response.content.decode()


def test_print_renders_the_print_view_and_logs_a_print(
    sign_in: Callable[[str], HttpClient], client: Client
) -> None:
    response = sign_in("counsellor.joensuu").get(report_url(client), {"print": "1"})
    assert response.status_code == 200
    assert response.templates[0].name == "clients/access_log_print.html"
    html = response.content.decode()
    assert "print-page" in html
    assert str(client.pk) in html
    event = AccessEvent.objects.filter(client_id=client.pk).latest("id")
    assert (event.kind, event.purpose) == ("print", "access-log report")


def test_reading_the_report_is_logged_and_shows_in_the_next_report(
    sign_in: Callable[[str], HttpClient], client: Client
) -> None:
    auditor = sign_in("auditor.joensuu")
    auditor.get(report_url(client))
    event = AccessEvent.objects.filter(client_id=client.pk).latest("id")
    assert (event.kind, event.purpose, event.view) == (
        "view",
        "access-log report",
        "clients:access_log",
    )
    assert (event.actor_username, event.role) == ("auditor.joensuu", "auditor")
    html = auditor.get(report_url(client)).content.decode()
    assert "access-log report" in html
    assert "Tietosuojavastaava Joensuu" in html


def test_the_api_lists_reads_and_changes(
    sign_in: Callable[[str], HttpClient],
    client: Client,
    token_for: Callable[..., str],
    world: dict[str, User],
) -> None:
    sign_in("counsellor.joensuu").get(f"/clients/{client.pk}/")
    old_read(client, world["counsellor.joensuu"], 700)
    response = api(token_for("auditor.joensuu")).get(f"/api/v1/clients/{client.pk}/access-log")
    assert response.status_code == 200
    body = response.json()
    assert body["client"] == str(client.pk)
    assert body["ids"] == [str(client.pk)]
    assert body["count"] == len(body["results"])
    types = {r["type"] for r in body["results"]}
    assert types == {"read", "change"}
    read = next(r for r in body["results"] if r["view"] == "clients:detail")
    assert (read["actor"], read["role"], read["what"]) == (
        "counsellor.joensuu",
        "counsellor",
        "view client",
    )
    toivo = client.responsible_unit.organisation_id
    assert read["organisation_id"] == str(toivo)
    change = next(r for r in body["results"] if r["what"] == "create client")
    # the auditor learns which fields changed, not their values (issue 11 item 1)
    assert change["changes"] is None
    assert "last_name" in change["fields"]
    assert any(r["view"] == "test:old-read-700" for r in body["results"])
    times = [r["time"] for r in body["results"]]
    assert times == sorted(times, reverse=True)


def test_the_api_filters_by_period_and_refuses_a_reversed_one(
    client: Client, token_for: Callable[..., str], world: dict[str, User]
) -> None:
    old_read(client, world["counsellor.joensuu"], 800)
    caller = api(token_for("manager.joensuu"))
    url = f"/api/v1/clients/{client.pk}/access-log"
    default = caller.get(url).json()
    assert not any(r["view"] == "test:old-read-800" for r in default["results"])
    today = timezone.localdate()
    assert default["until"] == today.isoformat()
    since = (today - datetime.timedelta(days=900)).isoformat()
    wide = caller.get(url, {"since": since}).json()
    assert any(r["view"] == "test:old-read-800" for r in wide["results"])
    assert caller.get(url, {"since": "2025-06-01", "until": "2025-01-01"}).status_code == 422


def test_reading_the_report_through_the_api_is_logged(
    client: Client, token_for: Callable[..., str]
) -> None:
    api(token_for("manager.joensuu")).get(f"/api/v1/clients/{client.pk}/access-log")
    event = AccessEvent.objects.filter(client_id=client.pk).latest("id")
    assert (event.purpose, event.view, event.actor_username) == (
        "access-log report",
        "clients.client_access_log",
        "manager.joensuu",
    )


@pytest.mark.parametrize("persona", ["counsellor.kokkola", "coordinator.joensuu"])
def test_the_api_report_is_404_outside_the_scope(
    client: Client, token_for: Callable[..., str], persona: str
) -> None:
    url = f"/api/v1/clients/{client.pk}/access-log"
    assert api(token_for(persona)).get(url).status_code == 404
    assert (
        api(token_for(persona)).get(f"/api/v1/clients/{uuid.uuid4()}/access-log").status_code == 404
    )


def test_the_default_period_reaches_the_same_day_two_years_back_across_a_leap_day() -> None:
    period = audit_queries.Period.from_dates(None, datetime.date(2028, 3, 1))
    assert period.start.date() <= datetime.date(2026, 3, 1)


def test_the_report_needs_the_same_number_of_queries_for_many_events(
    sign_in: Callable[[str], HttpClient], client: Client, world: dict[str, User]
) -> None:
    manager = sign_in("manager.joensuu")
    url = report_url(client)
    manager.get(url)
    users = [world["counsellor.joensuu"], world["manager.joensuu"]]
    old_read(client, users[0], 10)
    with CaptureQueriesContext(connection) as few:
        manager.get(url)
    for days in range(11, 41):
        old_read(client, users[days % 2], days)
    with CaptureQueriesContext(connection) as many:
        html = manager.get(url).content.decode()
    assert "test:old-read-40" in html
    assert len(many) == len(few), "\n".join(q["sql"][:100] for q in many.captured_queries)
