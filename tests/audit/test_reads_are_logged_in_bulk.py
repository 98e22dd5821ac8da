"""A page that lists N people writes N access events with a single INSERT."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent
from kotopolku.audit.recorder import flush_reads, record_read
from kotopolku.orgs.models import Role, Unit

# The ORM quotes the table name ('INSERT INTO "audit_accessevent"'); the PostgreSQL
# INSERT ... SELECT FROM unnest(...) in recorder.flush_reads does not.
INSERT = re.compile(r'\bINSERT\s+INTO\s+"?audit_accessevent"?[\s(]', re.IGNORECASE)


def _audit_inserts(ctx: CaptureQueriesContext) -> int:
    return sum(len(INSERT.findall(q["sql"])) for q in ctx.captured_queries)


def test_user_list_writes_one_row_per_listed_user_in_one_insert(
    login: Callable[[str], Client], demo_world: dict[str, User]
) -> None:
    client = login("admin")
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/accounts/users/")
    assert response.status_code == 200
    listed = [u.pk for u in response.context["page_obj"]]
    assert len(listed) == User.objects.count() == len(demo_world)

    assert _audit_inserts(ctx) == 1
    rows = list(AccessEvent.objects.exclude(pk__in=before))
    assert len(rows) == len(listed)
    assert sorted(r.subject_id for r in rows) == sorted(str(pk) for pk in listed)


def test_each_row_names_actor_role_unit_organisation_view_and_kind(
    login: Callable[[str], Client], demo_world: dict[str, User]
) -> None:
    client = login("admin")
    admin = demo_world["admin"]
    unit = Unit.objects.get(organisation__slug="toivo", slug="hallinto")
    response = client.get("/accounts/users/")
    assert response.status_code == 200
    rows = AccessEvent.objects.filter(view="accounts:user_list")
    assert rows.count() == len(demo_world)
    request_ids = {r.request_id for r in rows}
    assert len(request_ids) == 1
    assert str(request_ids.pop()) == response["X-Request-ID"]
    for row in rows:
        assert row.actor_id == admin.pk
        assert row.actor_username == "admin"
        assert row.role == Role.SYSTEM_ADMIN
        assert row.unit_id == unit.pk
        assert row.organisation_id == unit.organisation_id
        assert row.kind == AccessEvent.Kind.LIST
        assert row.subject_type == "user"
        assert row.ip == "127.0.0.1"


def test_a_full_page_of_fifty_users_is_still_one_insert(
    login: Callable[[str], Client], make_user: Callable[..., User], demo_world: dict[str, User]
) -> None:
    unit = Unit.objects.get(organisation__slug="toivo", slug="ohjaus")
    for _ in range(60 - len(demo_world)):
        make_user(Role.COUNSELLOR, unit)
    client = login("admin")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/accounts/users/")
    assert len(response.context["page_obj"]) == 50
    assert _audit_inserts(ctx) == 1
    assert AccessEvent.objects.filter(view="accounts:user_list").count() == 50


def test_a_search_lists_and_logs_only_the_matches(
    login: Callable[[str], Client], demo_world: dict[str, User]
) -> None:
    client = login("admin")
    response = client.get("/accounts/users/", {"q": "kokkola"})
    matches = {u.username for u in response.context["page_obj"]}
    assert matches and all("kokkola" in name for name in matches)
    logged = set(
        AccessEvent.objects.filter(view="accounts:user_list").values_list("subject_id", flat=True)
    )
    assert logged == {str(demo_world[name].pk) for name in matches}


def test_a_page_without_personal_data_writes_no_access_event(
    login: Callable[[str], Client], demo_world: dict[str, Any]
) -> None:
    client = login("admin")
    before = AccessEvent.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/overview/").status_code == 200
    assert _audit_inserts(ctx) == 0
    assert AccessEvent.objects.count() == before


def test_a_full_audit_page_of_client_rows_is_logged_in_one_insert(
    login: Callable[[str], Client], demo_world: dict[str, User]
) -> None:
    counsellor = demo_world["counsellor.joensuu"]
    membership = counsellor.active_memberships[0]
    with acting(user=counsellor, role=membership.role, unit=membership.unit, view="test"):
        record_read("client", [uuid.uuid4() for _ in range(100)])
        flush_reads()
    auditor = login("auditor.joensuu")
    with CaptureQueriesContext(connection) as ctx:
        response = auditor.get("/audit/access/")
    assert len(response.context["page_obj"]) == 100
    # one row for the page, not one per client whose rows it shows (issue 15), in one insert
    [page] = AccessEvent.objects.filter(actor_username="auditor.joensuu")
    assert page.subject_type == "audit_log"
    assert page.purpose == "audit: log browsing (100 rows, 100 clients)"
    assert _audit_inserts(ctx) == 1
