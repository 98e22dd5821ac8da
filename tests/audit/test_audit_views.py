"""The auditor's pages: the access log, the change log and one user's activity.

Auditors see the events of actors acting in their own organisation only: events written
by Kokkola personas (in Kokkola's units) never show to the Joensuu auditor.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.orgs.models import Organisation
from tests.audit.helpers import confirm_password, plain_event, write_change, write_read


def _create_token_on_the_web(client: Client, name: str) -> None:
    """A real web action that writes a change event in the persona's own unit."""
    url = "/accounts/profile/tokens/new/"
    first = client.get(url)
    assert first.status_code == 302 and first["Location"].startswith("/accounts/confirm/")
    confirm_password(client, url)
    response = client.post(url, {"name": name, "days": 30})
    assert response.status_code == 200


@pytest.fixture
def world(demo_world: dict[str, User], login: Callable[[str], Client]) -> dict[str, Any]:
    """Events by Joensuu and Kokkola personas, through the recorder and through the web."""
    joensuu, kokkola = demo_world["counsellor.joensuu"], demo_world["counsellor.kokkola"]
    write_read(joensuu, "joensuu-probe", "j1")
    write_change(joensuu, "joensuu-probe", "j2")
    write_read(kokkola, "kokkola-probe", "k1")
    write_change(kokkola, "kokkola-probe", "k2")
    write_read(demo_world["coordinator.kokkola"], "kokkola-probe", "k3")
    _create_token_on_the_web(login("counsellor.joensuu"), "joensuu token")
    _create_token_on_the_web(login("counsellor.kokkola"), "kokkola token")
    auditor = login("auditor.joensuu")
    auditor.cookies["kotopolku_language"] = "en"
    return {"auditor": auditor, "users": demo_world}


def _objects(response: Any, key: str = "page_obj") -> list[Any]:
    assert response.status_code == 200
    return list(response.context[key])


def _organisations(events: list[Any]) -> set[str]:
    ids = {e.organisation_id for e in events}
    return set(Organisation.objects.filter(id__in=ids).values_list("slug", flat=True))


def test_access_log_shows_reads_in_the_auditors_organisation(world: dict[str, Any]) -> None:
    events = _objects(world["auditor"].get("/audit/access/"))
    assert {e.subject_type for e in events} >= {"joensuu-probe"}
    assert _organisations(events) == {"toivo"}


def test_access_log_hides_reads_by_kokkola_personas(world: dict[str, Any]) -> None:
    response = world["auditor"].get("/audit/access/")
    events = _objects(response)
    assert AccessEvent.objects.filter(subject_type="kokkola-probe").count() == 2
    assert not [e for e in events if e.subject_type == "kokkola-probe"]
    assert not [e for e in events if e.actor_username.endswith(".kokkola")]
    assert b"kokkola-probe" not in response.content
    assert b'joensuu-probe <span class="small muted text-ltr">j1</span>' in response.content


def test_change_log_shows_joensuu_changes_and_hides_kokkola_changes(
    world: dict[str, Any],
) -> None:
    response = world["auditor"].get("/audit/changes/")
    events = _objects(response)
    actors = {e.actor_username for e in events}
    assert "counsellor.joensuu" in actors
    assert not {a for a in actors if a.endswith(".kokkola")}
    assert _organisations(events) == {"toivo"}
    subjects = {(e.subject_type, e.subject_id) for e in events}
    assert ("joensuu-probe", "j2") in subjects
    assert ("kokkola-probe", "k2") not in subjects
    # The web-created Kokkola token was logged, in Kokkola's organisation only.
    kokkola_token = ChangeEvent.objects.get(
        subject_type="api_token", actor_username="counsellor.kokkola"
    )
    assert kokkola_token.organisation.slug == "kokkola-kotoutumispalvelut"
    assert kokkola_token.pk not in {e.pk for e in events}
    assert b"counsellor.kokkola" not in response.content


def test_user_report_shows_a_joensuu_users_reads_and_changes(world: dict[str, Any]) -> None:
    response = world["auditor"].get("/audit/users/counsellor.joensuu/")
    reads, changes = _objects(response, "reads"), _objects(response, "changes")
    assert ("joensuu-probe", "j1") in {(e.subject_type, e.subject_id) for e in reads}
    assert ("joensuu-probe", "j2") in {(e.subject_type, e.subject_id) for e in changes}
    assert "api_token" in {e.subject_type for e in changes}
    assert {e.actor_username for e in reads + changes} == {"counsellor.joensuu"}


def test_user_report_of_a_kokkola_user_is_empty_for_the_joensuu_auditor(
    world: dict[str, Any],
) -> None:
    response = world["auditor"].get("/audit/users/counsellor.kokkola/")
    assert _objects(response, "reads") == []
    assert _objects(response, "changes") == []
    assert b"kokkola-probe" not in response.content


def test_access_log_filters_by_date(world: dict[str, Any]) -> None:
    admin = world["users"]["admin"]
    unit = admin.active_memberships[0].unit
    common = {"actor": admin, "actor_username": "admin", "unit": unit}
    common["organisation"] = unit.organisation
    tz = timezone.get_current_timezone()
    plain_event(
        event_time=datetime.datetime(2025, 3, 10, 12, tzinfo=tz), subject_id="march", **common
    )
    plain_event(
        event_time=datetime.datetime(2025, 5, 10, 12, tzinfo=tz), subject_id="may", **common
    )
    plain_event(  # the last moment of the end day still counts
        event_time=datetime.datetime(2025, 3, 31, 23, 59, 59, tzinfo=tz),
        subject_id="march-end",
        **common,
    )
    events = _objects(
        world["auditor"].get("/audit/access/", {"since": "2025-03-01", "until": "2025-03-31"})
    )
    assert {e.subject_id for e in events} == {"march", "march-end"}


def test_access_log_filters_by_user(world: dict[str, Any]) -> None:
    events = _objects(world["auditor"].get("/audit/access/", {"actor": "COUNSELLOR.joensuu"}))
    assert events
    assert {e.actor_username for e in events} == {"counsellor.joensuu"}


def test_change_log_filters_by_user_and_object(world: dict[str, Any]) -> None:
    events = _objects(
        world["auditor"].get(
            "/audit/changes/",
            {"actor": "counsellor.joensuu", "subject_type": "joensuu-probe", "subject_id": "j2"},
        )
    )
    assert [(e.subject_type, e.subject_id) for e in events] == [("joensuu-probe", "j2")]


@pytest.mark.parametrize("url", ["/audit/access/", "/audit/changes/"])
def test_an_end_date_before_the_start_date_is_rejected_naming_the_field(
    url: str, world: dict[str, Any]
) -> None:
    response = world["auditor"].get(url, {"since": "2025-03-31", "until": "2025-03-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["until"]
    assert _objects(response) == []
    html = response.content.decode()
    assert 'href="#id_until"' in html
    assert "To: The end date is before the start date." in html
    assert 'aria-invalid="true"' in html


def test_user_report_rejects_an_end_date_before_the_start_date(world: dict[str, Any]) -> None:
    response = world["auditor"].get(
        "/audit/users/counsellor.joensuu/", {"since": "2025-03-31", "until": "2025-03-01"}
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert _objects(response, "reads") == []


def test_an_unparseable_date_names_the_field(world: dict[str, Any]) -> None:
    response = world["auditor"].get("/audit/access/", {"since": "31.3.2025x"})
    assert list(response.context["form"].errors) == ["since"]
    assert 'href="#id_since"' in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["admin", "counsellor.joensuu", "manager.joensuu", "coordinator.kokkola"]
)
@pytest.mark.parametrize(
    "url", ["/audit/access/", "/audit/changes/", "/audit/users/counsellor.joensuu/"]
)
def test_only_auditors_reach_the_audit_pages(
    persona: str, url: str, login: Callable[[str], Client]
) -> None:
    assert login(persona).get(url).status_code == 404


def test_reading_log_rows_is_logged_once_per_page_not_per_client(world: dict[str, Any]) -> None:
    joensuu = world["users"]["counsellor.joensuu"]
    client_id = "5b3c6f2e-9d7a-4b1e-8c2f-0a1b2c3d4e5f"
    write_read(joensuu, "client", client_id)
    world["auditor"].get("/audit/access/")
    mine = AccessEvent.objects.filter(actor_username="auditor.joensuu")
    assert not mine.filter(client_id=client_id).exists()
    page = mine.get(subject_type="audit_log")
    assert page.view == "audit:access_events"
    assert page.kind == AccessEvent.Kind.LIST
    assert page.client_id is None
    assert page.purpose.endswith(", 1 clients)")
