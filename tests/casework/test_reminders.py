"""Daily deadline reminders: one e-mail per counsellor per day with overdue or soon-due steps,
with counts and a link only (no client data), in the user's language, through the task queue
after the commit; a second run on the same day sends nothing.

The demo organisations and logins are loaded once for the module (no demo clients); each
test adds its own clients through the register's action and sets when they became clients.
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from kotopolku.accounts import demo as accounts_demo
from kotopolku.accounts.models import User
from kotopolku.audit import context
from kotopolku.audit.context import acting
from kotopolku.casework import actions, reminders
from kotopolku.casework.models import ReminderSent
from kotopolku.clients import actions as register
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.core import henkilotunnus
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Municipality
from tests.clients.conftest import persona_context

D = datetime.date
DAYS = datetime.timedelta
_names = itertools.count(1)
BASE = "https://kotopolku.example.fi"


@pytest.fixture(scope="module")
def _world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:reminders_world"):
            orgs_demo.load()
            accounts_demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(_world: None, db: Any) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def today() -> D:
    return timezone.localdate()


@pytest.fixture
def client_of(world: dict[str, User], today: D) -> Callable[..., Client]:
    """A client of `owner` who became a client `days_ago` days ago (the first step, the
    assessment, is due two months later)."""

    def _make(owner: str, days_ago: int, *, municipality: str = "167") -> Client:
        user = world[owner]
        n = next(_names)
        ctx = persona_context(user)
        with acting(view="test:reminders", **ctx):
            client = register.do_create_client(
                {
                    "first_name": f"Salainen{n}",
                    "last_name": f"Asiakasnimi{n}",
                    "birth_date": D(1984, 2, 3),
                    "henkilotunnus": henkilotunnus.make(D(1984, 2, 3), 900 + n % 100),
                    "mother_tongue": "ar",
                    "municipality": Municipality.objects.valid_on().get(code=municipality),
                    "first_permit_date": today - DAYS(days=days_ago + 30),
                    "first_permit_kind": "residence_permit",
                    "immigration_basis": "quota_refugee",
                },
                responsible_unit=ctx["unit"],
                counsellor=user,
                acting_user=user,
            )
        Client.objects.filter(pk=client.pk).update(client_since=today - DAYS(days=days_ago))
        client.refresh_from_db()
        actions.refresh_deadlines(client)
        client.refresh_from_db()
        return client

    return _make


def _send(
    capture: Callable[..., Any], day: D, *, base_url: str | None = BASE
) -> tuple[int, list[Any]]:
    mail.outbox.clear()
    with capture(execute=True):
        queued = reminders.send_reminders(day, base_url=base_url)
    return queued, list(mail.outbox)


def test_one_email_per_counsellor_with_counts_and_a_link_only(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
) -> None:
    overdue = client_of("counsellor.joensuu", 90)  # assessment due 2 months after: overdue
    soon = client_of("counsellor.joensuu", 55)  # due within the 14-day horizon
    client_of("counsellor.joensuu", 5)  # due in about two months: not yet
    client_of("counsellor.kokkola", 5, municipality="272")  # nothing due soon: no e-mail
    assert overdue.next_due is not None and overdue.next_due < today
    assert soon.next_due is not None and today <= soon.next_due <= today + DAYS(days=14)

    queued, sent = _send(django_capture_on_commit_callbacks, today)

    assert queued == 1
    [message] = sent
    assert message.to == [world["counsellor.joensuu"].email]
    body = message.body
    assert "myöhässä: 1" in body
    assert "erääntyy 14 päivän kuluessa: 1" in body
    assert "asiakkaita, joita nämä koskevat: 2" in body
    assert f"{BASE}/clients/?sort=due" in body
    assert message.subject == "Kotopolku: myöhässä 1, erääntymässä 1"
    row = ReminderSent.objects.get(user=world["counsellor.joensuu"], day=today)
    assert (row.overdue, row.due_soon) == (1, 1)


def test_the_email_names_no_client_and_carries_no_personal_data(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clients = [client_of("counsellor.joensuu", days) for days in (90, 70, 58)]
    _queued, [message] = _send(django_capture_on_commit_callbacks, today)
    text = message.subject + "\n" + message.body
    for client in clients:
        for value in (
            client.first_name,
            client.last_name,
            client.full_name,
            str(client.pk),
            client.birth_date.isoformat(),
            client.birth_date.strftime("%d.%m.%Y"),
            client.henkilotunnus,
        ):
            assert value
            assert value not in text
    assert "Salainen" not in text and "Asiakasnimi" not in text
    assert "/clients/" + str(clients[0].pk) not in text


def test_a_second_run_on_the_same_day_sends_nothing(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client_of("counsellor.joensuu", 90)
    assert _send(django_capture_on_commit_callbacks, today)[0] == 1
    queued, sent = _send(django_capture_on_commit_callbacks, today)
    assert (queued, sent) == (0, [])
    assert ReminderSent.objects.filter(day=today).count() == 1
    # the next day is a new day
    tomorrow = today + DAYS(days=1)
    queued, sent = _send(django_capture_on_commit_callbacks, tomorrow)
    assert queued == 1 and len(sent) == 1
    assert ReminderSent.objects.filter(user=world["counsellor.joensuu"]).count() == 2


def test_nothing_is_sent_when_the_transaction_rolls_back(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client_of("counsellor.joensuu", 90)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reminders.send_reminders(today, base_url=BASE) == 1
    assert len(callbacks) == 1
    assert mail.outbox == []  # the e-mail is queued only after the commit


def test_only_counsellors_with_due_or_overdue_steps_get_one(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client_of("counsellor.joensuu", 5)  # due later than the horizon
    closed = client_of("counsellor.kokkola", 90, municipality="272")
    with acting(view="test:reminders", **persona_context(world["counsellor.kokkola"])):
        register.do_set_status(
            closed, ClientStatus.CLOSED, acting_user=world["counsellor.kokkola"], reason="moved"
        )
    inactive = client_of("employment.kokkola", 90, municipality="272")
    User.objects.filter(username="employment.kokkola").update(is_active=False)
    assert inactive.next_due is not None and inactive.next_due < today

    queued, sent = _send(django_capture_on_commit_callbacks, today)

    assert (queued, sent) == (0, [])
    assert not ReminderSent.objects.exists()
    # the unit manager of the unit is not the clients' counsellor: nothing for them either
    client_of("counsellor.joensuu", 90)
    queued, sent = _send(django_capture_on_commit_callbacks, today)
    assert [m.to for m in sent] == [[world["counsellor.joensuu"].email]]


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("sv", "Kotopolku: 1 försenade, 0 förfaller snart", "försenade: 1"),
        ("en", "Kotopolku: 1 overdue, 0 due soon", "overdue: 1"),
        ("fi", "Kotopolku: myöhässä 1, erääntymässä 0", "myöhässä: 1"),
    ],
)
def test_the_email_is_in_the_users_language(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
    language: str,
    subject: str,
    phrase: str,
) -> None:
    User.objects.filter(username="counsellor.kokkola").update(preferred_language=language)
    client_of("counsellor.kokkola", 90, municipality="272")
    _queued, [message] = _send(django_capture_on_commit_callbacks, today)
    assert message.subject == subject
    assert phrase in message.body


def test_the_link_defaults_to_the_first_allowed_host(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    settings.ALLOWED_HOSTS = ["kotopolku.kunta.fi", "localhost"]
    settings.SESSION_COOKIE_SECURE = True
    client_of("counsellor.joensuu", 90)
    _queued, [message] = _send(django_capture_on_commit_callbacks, today, base_url=None)
    assert "https://kotopolku.kunta.fi/clients/?sort=due" in message.body


def test_the_command_runs_in_its_acting_context_and_says_how_many(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client_of("counsellor.joensuu", 90)
    seen: dict[str, Any] = {}
    original = reminders.send_reminders

    def spy(day: D | None = None, *, base_url: str | None = None) -> int:
        seen["view"], seen["day"] = context.current().view, day
        return original(day, base_url=base_url)

    from kotopolku.casework.management.commands.send_deadline_reminders import Command

    monkeypatch.setattr(Command, "send", staticmethod(spy))
    out = io.StringIO()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--date", today.isoformat(), stdout=out)
    assert seen == {"view": "command:send_deadline_reminders", "day": today}
    assert out.getvalue().strip() == "1 reminder e-mail(s) queued"
    assert len(mail.outbox) == 1
    out = io.StringIO()
    call_command("send_deadline_reminders", "--date", today.isoformat(), stdout=out)
    assert out.getvalue().strip() == "0 reminder e-mail(s) queued"


def test_the_command_refuses_a_bad_date(world: dict[str, User]) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("send_deadline_reminders", "--date", "30.11.2026", stdout=io.StringIO())


def test_a_counsellor_who_moved_to_another_organisation_gets_none_for_the_old_clients(
    world: dict[str, User],
    client_of: Callable[..., Client],
    today: D,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from kotopolku.accounts.actions import do_add_membership, do_end_membership
    from kotopolku.orgs.models import Membership, Role, Unit

    client_of("counsellor.joensuu", 90)  # overdue, and still the mover's own client
    mover = world["counsellor.joensuu"]
    kokkola = Unit.objects.filter(organisation__slug="kokkola-kotoutumispalvelut").first()
    assert kokkola is not None
    with acting(view="test:move"):
        for membership in Membership.objects.filter(user=mover):
            do_end_membership(membership, valid_to=today - DAYS(days=1), acting_user=None)
        do_add_membership(
            mover, unit=kokkola, role=Role.COUNSELLOR, is_public_official=True, acting_user=None
        )
    queued, sent = _send(django_capture_on_commit_callbacks, today)
    assert (queued, sent) == (0, [])


def test_a_lapsed_right_is_not_reminded_of_but_its_last_day_is(
    world: dict[str, User], client_of: Callable[..., Client], today: D
) -> None:
    """Issue 15: the steps capped at the window's last day are due soon on that day; from
    the day after, the right has lapsed and no reminder counts them as overdue."""
    client = client_of("counsellor.joensuu", 5)
    window_end = today + DAYS(days=3)
    Client.objects.filter(pk=client.pk).update(integration_window_end=window_end)
    client.refresh_from_db()
    actions.refresh_deadlines(client)
    client.refresh_from_db()
    assert client.next_due == window_end
    counsellor = world["counsellor.joensuu"].pk

    def counts(day: D) -> tuple[int, int] | None:
        found = {d.user_id: d for d in reminders.due_by_counsellor(day, horizon_days=14)}
        due = found.get(counsellor)
        return (due.overdue, due.due_soon) if due else None

    assert counts(window_end - DAYS(days=1)) == (0, 2)  # the assessment and the window step
    assert counts(window_end) == (0, 2)
    assert counts(window_end + DAYS(days=1)) is None
