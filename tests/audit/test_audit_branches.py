"""audit/ paths the other audit tests leave out: how a report shows change values (and logs
that it did), the logs of one client, many change rows at once, the reminder commands' shape,
a user report limited to dates, and SQLite's triggers after `migrate audit zero`."""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone, translation

from kotopolku.accounts.models import User
from kotopolku.audit import context, queries, recorder, reports, search
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.audit.reminder_command import ReminderCommand
from kotopolku.audit.triggers import TABLES, ensure_sqlite_triggers
from tests.audit.helpers import as_persona, plain_event, write_change
from tests.conftest import is_postgres

CLIENT = uuid.UUID(int=0xC1)
OTHER_CLIENT = uuid.UUID(int=0xC2)


@pytest.fixture
def value_rule() -> Iterator[Callable[[set[Any]], None]]:
    """Register a rule that lets the user see the values of the chosen events; put the
    project's own rule (access registers it) back afterwards."""
    saved = list(reports._rule)

    def _choose(readable: set[Any]) -> None:
        reports.register_value_rule(lambda user, rows: {r.pk for r in rows if r.pk in readable})

    yield _choose
    reports._rule[:] = saved


def _change(changes: dict[str, Any], client_id: Any = None) -> ChangeEvent:
    with acting(view="test:change"), transaction.atomic():
        return recorder.record_change(
            "probe", uuid.uuid4(), ChangeEvent.Action.UPDATE, changes, client_id=client_id
        )


@pytest.mark.django_db
def test_a_report_shows_values_only_where_the_rule_allows_and_logs_that_read(
    demo_world: dict[str, User], value_rule: Callable[[set[Any]], None]
) -> None:
    shown = _change(
        {
            "henkilotunnus": ["010190-900P", None],
            "consent": [False, True],
            "languages": [["fi"], ["fi", "sv"]],
            "title": [{"fi": "Vanha", "sv": ""}, {"fi": "Uusi", "sv": "Ny"}],
            "note": "not a pair",
        },
        client_id=CLIENT,
    )
    same_client = _change({"phone": ["", "040 123"]}, client_id=CLIENT)
    no_client = _change({"name": ["a", "b"]})
    hidden = _change({"phone": ["040 1", "040 2"]}, client_id=OTHER_CLIENT)
    empty = _change({}, client_id=OTHER_CLIENT)
    value_rule({shown.pk, same_client.pk, no_client.pk, empty.pk})
    user = demo_world["auditor.joensuu"]

    # the values are words in the active language (an earlier test may have left Finnish on)
    with translation.override("en"), acting(view="test:report") as ctx:
        rows = reports.show_changes(
            user, [shown, same_client, no_client, hidden, empty], purpose="investigation"
        )
        queued = list(ctx.pending_reads)

    with translation.override("en"):
        first = reports.shown_of(rows[0])
        assert first.fields == ["consent", "henkilotunnus", "languages", "note", "title"]
        assert [(v.field, v.old, v.new) for v in first.values or []] == [
            ("consent", "no", "yes"),
            ("henkilotunnus", "010190-9…", ""),  # masked when written, shown masked
            ("languages", "fi", "fi, sv"),
            ("title", "fi: Vanha", "fi: Uusi; sv: Ny"),
        ]
        assert first.as_api == {
            "consent": ["no", "yes"],
            "henkilotunnus": ["010190-9…", None],
            "languages": ["fi", "fi, sv"],
            "title": ["fi: Vanha", "fi: Uusi; sv: Ny"],
        }
        assert reports.shown_of(rows[1]).as_api == {"phone": [None, "040 123"]}
        assert reports.shown_of(rows[2]).as_api == {"name": ["a", "b"]}
        # not readable: the field names without the values
        assert reports.shown_of(rows[3]).fields == ["phone"]
        assert reports.shown_of(rows[3]).values is None
        assert reports.shown_of(rows[3]).as_api is None
        assert reports.shown_of(rows[4]).as_api == {}
    # one read of the one client whose values were shown (not of the client whose empty
    # change showed nothing, nor of the client the rule hides)
    assert [(r["subject_type"], r["client_id"], r["kind"], r["purpose"]) for r in queued] == [
        ("client", CLIENT, AccessEvent.Kind.VIEW, "investigation")
    ]


@pytest.mark.django_db
def test_without_a_registered_rule_no_values_are_shown(
    demo_world: dict[str, User], value_rule: Callable[[set[Any]], None]
) -> None:
    event = _change({"phone": ["1", "2"]}, client_id=CLIENT)
    reports._rule.clear()
    with acting(view="test:report") as ctx:
        [row] = reports.show_changes(demo_world["admin"], [event], purpose="p")
        assert ctx.pending_reads == []
    assert reports.shown_of(row).values is None


@pytest.mark.django_db
def test_the_logs_of_one_client_keep_to_its_ids_and_the_period() -> None:
    tz = timezone.get_current_timezone()
    inside = datetime.datetime(2026, 3, 2, 12, tzinfo=tz)
    before = datetime.datetime(2026, 2, 28, 23, 0, tzinfo=tz)
    plain_event(event_time=inside, subject_id="in", client_id=CLIENT)
    plain_event(event_time=before, subject_id="before", client_id=CLIENT)
    plain_event(event_time=inside, subject_id="other", client_id=OTHER_CLIENT)
    change = _change({"phone": ["1", "2"]}, client_id=CLIENT)
    _change({"phone": ["3", "4"]}, client_id=OTHER_CLIENT)
    period = queries.Period.from_dates(datetime.date(2026, 3, 1), None)

    reads = queries.client_access_log(iter([CLIENT]), period)
    assert [e.subject_id for e in reads] == ["in"]
    assert list(queries.client_change_log([CLIENT], period)) == [change]
    past = queries.Period.from_dates(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    assert list(queries.client_change_log([CLIENT], past)) == []


@pytest.mark.django_db
def test_many_change_rows_are_written_at_once_with_identifiers_masked() -> None:
    with acting(view="test:import") as ctx, transaction.atomic():
        # `acting` derives from the current context, counters included: count from here
        before = ctx.change_calls
        rows = [
            recorder.change_row(
                "client",
                subject,
                ChangeEvent.Action.CREATE,
                {"henkilotunnus": [None, "010190-900P"], "name": [None, name]},
                client_id=subject,
            )
            for subject, name in ((CLIENT, "Aino"), (OTHER_CLIENT, "Eero"))
        ]
        recorder.record_changes(rows)
        assert ctx.change_calls == before + 2
    events = ChangeEvent.objects.filter(view="test:import").order_by("subject_id")
    assert [(e.client_id, e.changes["name"]) for e in events] == [
        (CLIENT, [None, "Aino"]),
        (OTHER_CLIENT, [None, "Eero"]),
    ]
    for event in events:
        masked = event.changes["henkilotunnus"][1]
        assert masked["masked"] == "010190-9…" and "010190-900P" not in str(event.changes)


class _Reminders(ReminderCommand):
    name = "test_reminders"
    sent = "test reminder(s) queued"
    calls: list[tuple[Any, Any, str]] = []

    @staticmethod
    def send(day: datetime.date | None, *, base_url: str | None) -> int:
        _Reminders.calls.append((day, base_url, context.current().view))
        return 3


def test_a_reminder_command_passes_the_day_and_address_and_reports_the_count() -> None:
    _Reminders.calls = []
    out = io.StringIO()
    call_command(_Reminders(), "--date=2026-03-02", "--base-url=https://k.example", stdout=out)
    call_command(_Reminders(), stdout=out)
    assert out.getvalue().splitlines() == ["3 test reminder(s) queued"] * 2
    assert _Reminders.calls == [
        (datetime.date(2026, 3, 2), "https://k.example", "command:test_reminders"),
        (None, None, "command:test_reminders"),
    ]


def test_a_reminder_command_refuses_a_date_it_cannot_read() -> None:
    _Reminders.calls = []
    with pytest.raises(CommandError, match="--date: expected YYYY-MM-DD"):
        call_command(_Reminders(), "--date=2.3.2026")
    assert _Reminders.calls == []


def test_a_user_report_keeps_to_the_chosen_dates(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    counsellor = demo_world["counsellor.joensuu"]
    persona = as_persona(counsellor)
    common = {
        "actor": counsellor,
        "actor_username": counsellor.username,
        "unit": persona["unit"],
        "organisation": persona["unit"].organisation,
    }
    tz = timezone.get_current_timezone()
    plain_event(
        event_time=datetime.datetime(2025, 3, 10, 12, tzinfo=tz), subject_id="march", **common
    )
    plain_event(
        event_time=datetime.datetime(2025, 5, 10, 12, tzinfo=tz), subject_id="may", **common
    )
    write_change(counsellor, "probe", "today")
    auditor = login("auditor.joensuu")

    response = auditor.get(
        f"/audit/users/{counsellor.username}/", {"since": "2025-03-01", "until": "2025-03-31"}
    )
    assert response.status_code == 200
    assert [e.subject_id for e in response.context["reads"]] == ["march"]
    assert response.context["changes"] == []  # today's change is outside March 2025
    period = response.context["period"]
    assert (period.start.date(), period.end.date()) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 3, 31),
    )


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(is_postgres(), reason="SQLite: the triggers are made after every migrate")
@pytest.mark.django_db
def test_sqlite_triggers_come_back_for_the_audit_tables_that_exist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    access, changes = TABLES
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TRIGGER {table}_no_update")
            cursor.execute(f"DROP TRIGGER {table}_no_delete")
    assert not {t for t in _triggers() if t.startswith("audit_")}
    # `migrate audit zero` has removed the change table: its triggers cannot be made
    tables = connection.introspection.table_names()
    monkeypatch.setattr(
        connection.introspection, "table_names", lambda *a, **k: [t for t in tables if t != changes]
    )
    ensure_sqlite_triggers()
    assert {t for t in _triggers() if t.startswith("audit_")} == {
        f"{access}_no_update",
        f"{access}_no_delete",
    }
    monkeypatch.undo()
    ensure_sqlite_triggers()
    assert {f"{changes}_no_update", f"{changes}_no_delete"} <= _triggers()


@pytest.mark.django_db
def test_a_client_search_of_an_unknown_kind_is_refused_and_not_logged(
    demo_world: dict[str, User],
) -> None:
    with acting(view="test:search") as ctx, pytest.raises(ValueError, match="unknown search kind"):
        search.search_clients(demo_world["auditor.joensuu"], by="phone", text="040 123")
    assert ctx.pending_reads == []
