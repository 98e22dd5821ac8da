"""Keeping the tray current: the review flag's boundaries and the daily reminder e-mails."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.catalog import actions, review, rules
from kotopolku.catalog.models import Service
from kotopolku.orgs.models import Organisation

pytestmark = pytest.mark.django_db
D = datetime.date
BASE = "https://kotopolku.example.invalid"


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def entry(owner: str, reviewed_on: D | None, *, name: str = "Kerho", **data: Any) -> Service:
    with acting(view="test"):
        service = actions.do_create_service(
            org(owner), {"name": {"fi": name}, **data}, acting_user=None
        )
    Service.objects.filter(pk=service.pk).update(reviewed_on=reviewed_on)
    service.refresh_from_db()
    return service


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (D(2026, 7, 14), False),  # the day before the six months are full
        (D(2026, 7, 15), True),  # on the limit
        (D(2026, 7, 16), True),  # after it
    ],
)
def test_flag_boundaries(demo_world: Any, settings: Any, today: D, due: bool) -> None:
    settings.CATALOG_REVIEW_MONTHS = 6
    service = entry("spr-joensuu", D(2026, 1, 15))
    assert rules.due_on(service) == D(2026, 7, 15)
    assert rules.needs_review(service, today) is due
    assert (service in review.due_services(today)) is due


def test_month_end_and_setting(demo_world: Any, settings: Any) -> None:
    settings.CATALOG_REVIEW_MONTHS = 6
    service = entry("spr-joensuu", D(2025, 8, 31))
    assert rules.due_on(service) == D(2026, 2, 28)
    assert not rules.needs_review(service, D(2026, 2, 27))
    assert rules.needs_review(service, D(2026, 2, 28))
    assert set(review.due_services(D(2026, 2, 28))) == {service}
    assert not review.due_services(D(2026, 2, 27)).exists()
    settings.CATALOG_REVIEW_MONTHS = 12
    assert not rules.needs_review(service, D(2026, 2, 28))
    assert rules.needs_review(service, D(2026, 8, 31))


def test_never_reviewed_is_due_and_archived_never(demo_world: Any) -> None:
    never = entry("spr-joensuu", None)
    assert rules.needs_review(never, D(2026, 1, 1))
    old = entry("spr-joensuu", D(2000, 1, 1), name="Vanha")
    with acting(view="test"):
        actions.do_archive_service(old, acting_user=None)
    old.refresh_from_db()
    assert not rules.needs_review(old, D(2026, 1, 1))
    assert set(review.due_services(D(2026, 1, 1))) == {never}


def _send(capture: Callable[..., Any], day: D) -> tuple[int, list[Any]]:
    mail.outbox.clear()
    with capture(execute=True):
        queued = review.send_review_reminders(day, base_url=BASE)
    return queued, list(mail.outbox)


def test_reminders_one_per_owner_per_day_counts_and_link_only(
    demo_world: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    day = D(2026, 9, 1)
    entry("spr-joensuu", D(2026, 1, 1), name="Salainen kerho A")
    entry("spr-joensuu", D(2026, 2, 1), name="Salainen kerho B")
    entry("spr-joensuu", D(2026, 8, 1), name="Tuore kerho")
    queued, sent = _send(django_capture_on_commit_callbacks, day)
    assert queued == 1 and len(sent) == 1
    (message,) = sent
    assert message.to == [demo_world["ngo.spr"].email]
    assert " 2 " in message.body
    assert BASE + reverse("catalog:my_services") in message.body
    assert "Salainen" not in message.body and "Salainen" not in message.subject
    # idempotent on the same day, sent again the next day
    assert _send(django_capture_on_commit_callbacks, day) == (0, [])
    queued, sent = _send(django_capture_on_commit_callbacks, day + datetime.timedelta(days=1))
    assert queued == 1


def test_owner_without_due_entries_gets_nothing(
    demo_world: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    entry("spr-joensuu", D(2026, 8, 1))
    assert _send(django_capture_on_commit_callbacks, D(2026, 9, 1)) == (0, [])


def test_command(demo_world: dict[str, User], django_capture_on_commit_callbacks: Any) -> None:
    entry("spr-joensuu", D(2020, 1, 1))
    out = StringIO()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_tray_review_reminders", "--date", "2026-09-01", "--base-url", BASE, stdout=out
        )
    assert "1 review reminder" in out.getvalue()
    assert len(mail.outbox) == 1
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_tray_review_reminders", "--date", "1.9.2026")


def test_my_services_flag_and_still_current(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    service = entry("spr-joensuu", D(2020, 1, 1))
    c = login("ngo.spr")
    assert "Review needed" in c.get(reverse("catalog:my_services")).content.decode()
    c.post(reverse("catalog:service_status", args=[service.pk]), {"action": "reviewed"})
    assert "Review needed" not in c.get(reverse("catalog:my_services")).content.decode()
