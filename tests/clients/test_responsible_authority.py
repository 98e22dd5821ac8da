"""The responsible authority: jobseeker periods make it the employment area, an override
needs a reason, periods never overlap, and every change is in the change log."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.clients import actions, rules
from kotopolku.clients.models import Client, JobseekerPeriod
from kotopolku.core.rulebook import NoRuleInForce, in_force
from tests.clients.conftest import api, persona_context

D = datetime.date
P = rules.Period
START, END = D(2025, 3, 10), D(2025, 8, 31)
ONE_DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (START - ONE_DAY, "municipality"),
        (START, "employment_area"),
        (END, "employment_area"),
        (END + ONE_DAY, "municipality"),
    ],
)
def test_a_jobseeker_period_makes_the_employment_area_responsible_on_its_own_days(
    day: D, expected: str
) -> None:
    assert rules.responsible_authority([P(START, END)], None, day) == expected


def test_an_open_period_keeps_the_employment_area_responsible() -> None:
    assert rules.responsible_authority([P(START, None)], None, D(2030, 1, 1)) == "employment_area"
    assert rules.responsible_authority([P(START, None)], None, START - ONE_DAY) == "municipality"


def test_without_periods_the_municipality_is_responsible() -> None:
    assert rules.responsible_authority([], None, D(2025, 6, 1)) == "municipality"


def test_an_override_applies_only_to_days_without_a_registration() -> None:
    periods = [P(START, END)]
    assert rules.responsible_authority(periods, "employment_area", START - ONE_DAY) == (
        "employment_area"
    )
    assert rules.responsible_authority(periods, "municipality", START) == "employment_area"


def test_the_authority_rule_cites_its_law_and_is_in_force_from_2025() -> None:
    version = in_force(rules.AUTHORITY_RULES, D(2025, 1, 1))
    assert version.valid_from == D(2025, 1, 1)
    assert "681/2023" in version.legal_reference
    with pytest.raises(NoRuleInForce):
        in_force(rules.AUTHORITY_RULES, D(2024, 12, 31))


@pytest.mark.parametrize(
    ("periods", "overlap"),
    [
        ([P(D(2025, 1, 1), D(2025, 2, 1)), P(D(2025, 2, 2), None)], False),
        ([P(D(2025, 1, 1), D(2025, 2, 1)), P(D(2025, 2, 1), None)], True),
        ([P(D(2025, 1, 1), None), P(D(2025, 6, 1), None)], True),
        ([P(D(2025, 6, 1), None), P(D(2025, 1, 1), D(2025, 3, 1))], False),
        ([P(D(2025, 6, 1), None), P(D(2025, 1, 1), D(2025, 7, 1))], True),
        ([P(D(2025, 1, 1), D(2025, 12, 31)), P(D(2025, 3, 1), D(2025, 4, 1))], True),
    ],
)
def test_overlapping_periods_are_detected(periods: list[rules.Period], overlap: bool) -> None:
    assert rules.overlapping(periods) is overlap


# --- through the actions -------------------------------------------------------------------


def _as(user: Any) -> Any:
    return acting(view="test", **persona_context(user))


def test_starting_a_period_changes_the_stored_authority_and_logs_old_and_new(
    add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client()
    assert client.responsible_authority == "municipality"
    today = timezone.localdate()
    with _as(user):
        period = actions.do_start_jobseeker_period(client, start=today, acting_user=user)
    client.refresh_from_db()
    assert client.responsible_authority == "employment_area"
    created = ChangeEvent.objects.get(subject_type="jobseeker_period", subject_id=str(period.pk))
    assert created.client_id == client.pk
    assert created.action == "create"
    assert created.changes == {"start": [None, today.isoformat()]}
    assert created.actor_username == "counsellor.joensuu"
    derived = ChangeEvent.objects.filter(
        client_id=client.pk,
        subject_type="client",
        action="update",
        changes__has_key="responsible_authority",
    ).get()
    assert derived.changes["responsible_authority"] == ["municipality", "employment_area"]


def test_ending_a_period_gives_the_client_back_to_the_municipality_the_next_day(
    add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    client = add_client(jobseeker_since=today - datetime.timedelta(days=30))
    client.refresh_from_db()
    assert client.responsible_authority == "employment_area"
    period = client.jobseeker_periods.get()
    with _as(user):
        actions.do_end_jobseeker_period(period, end=today, acting_user=user)
    client.refresh_from_db()
    assert client.responsible_authority == "employment_area", "the end day is still registered"
    ended = ChangeEvent.objects.get(
        subject_type="jobseeker_period", subject_id=str(period.pk), action="update"
    )
    assert ended.changes == {"end": [None, today.isoformat()]}
    assert ended.client_id == client.pk
    assert actions.refresh_all(today=today + ONE_DAY) == 1
    client.refresh_from_db()
    assert client.responsible_authority == "municipality"


def test_an_overlapping_period_is_refused_and_nothing_is_written(
    add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client(jobseeker_since=D(2025, 2, 1))
    before = ChangeEvent.objects.count()
    with _as(user), pytest.raises(actions.PeriodOverlapError):
        actions.do_start_jobseeker_period(client, start=D(2025, 4, 1), acting_user=user)
    period = client.jobseeker_periods.get()
    with _as(user):
        actions.do_end_jobseeker_period(period, end=D(2025, 5, 31), acting_user=user)
        with pytest.raises(actions.PeriodOverlapError):
            actions.do_start_jobseeker_period(client, start=D(2025, 5, 31), acting_user=user)
        with pytest.raises(actions.PeriodOverlapError):
            actions.do_start_jobseeker_period(client, start=D(2025, 1, 1), acting_user=user)
        actions.do_start_jobseeker_period(client, start=D(2025, 6, 1), acting_user=user)
    assert client.jobseeker_periods.count() == 2
    assert ChangeEvent.objects.count() > before


def test_an_end_before_the_start_is_refused(
    add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client(jobseeker_since=D(2025, 2, 1))
    period = client.jobseeker_periods.get()
    with _as(user), pytest.raises(actions.PeriodOverlapError):
        actions.do_end_jobseeker_period(period, end=D(2025, 1, 31), acting_user=user)
    period.refresh_from_db()
    assert period.end is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (START - ONE_DAY, "municipality"),
        (START, "employment_area"),
        (END, "employment_area"),
        (END + ONE_DAY, "municipality"),
    ],
)
def test_the_daily_refresh_stores_the_authority_of_the_day(
    add_client: Callable[..., Client], world: dict[str, Any], day: D, expected: str
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client(first_permit_date="2024-01-15", jobseeker_since=START)
    with _as(user):
        actions.do_end_jobseeker_period(client.jobseeker_periods.get(), end=END, acting_user=user)
    actions.refresh_all(today=day)
    client.refresh_from_db()
    assert client.responsible_authority == expected


def test_the_daily_refresh_changes_only_what_has_passed_and_logs_it(
    add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    user = world["counsellor.joensuu"]
    passing = add_client(jobseeker_since=START)
    staying = add_client(jobseeker_since=START)
    with _as(user):
        actions.do_end_jobseeker_period(passing.jobseeker_periods.get(), end=END, acting_user=user)
    actions.refresh_all(today=END)
    assert actions.refresh_all(today=END + ONE_DAY) == 1
    passing.refresh_from_db()
    staying.refresh_from_db()
    assert (passing.responsible_authority, staying.responsible_authority) == (
        "municipality",
        "employment_area",
    )
    event = ChangeEvent.objects.filter(client_id=passing.pk, reason="daily refresh").latest("id")
    assert event.changes == {"responsible_authority": ["employment_area", "municipality"]}
    assert actions.refresh_all(today=END + ONE_DAY) == 0, "a second run changes nothing"


def test_an_override_with_a_reason_makes_the_employment_area_responsible(
    add_client: Callable[..., Client], world: dict[str, Any]
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client()
    with _as(user):
        changed = actions.do_update_client(
            client,
            {
                "authority_override": "employment_area",
                "authority_override_reason": "Agreement of Joensuu 12/2025",
            },
            acting_user=user,
        )
    assert changed["responsible_authority"] == ["municipality", "employment_area"]
    assert changed["authority_override"] == ["", "employment_area"]
    client.refresh_from_db()
    assert client.responsible_authority == "employment_area"
    assert client.authority_override_reason == "Agreement of Joensuu 12/2025"


# --- through the client page and the API ---------------------------------------------------


def test_the_client_page_starts_and_ends_a_registration(
    add_client: Callable[..., Client], sign_in: Callable[[str], HttpClient]
) -> None:
    client = add_client()
    browser = sign_in("counsellor.joensuu")
    today = timezone.localdate()
    response = browser.post(f"/clients/{client.pk}/jobseeker/", {"date": today.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client.pk}/"
    client.refresh_from_db()
    assert client.responsible_authority == "employment_area"
    period = client.jobseeker_periods.get()
    assert (period.start, period.end) == (today, None)
    create = ChangeEvent.objects.get(subject_id=str(period.pk), action="create")
    assert create.view == "clients:jobseeker_start"
    assert create.role == "counsellor"

    response = browser.post(
        f"/clients/{client.pk}/jobseeker/{period.pk}/end/", {"date": today.isoformat()}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.end == today
    update = ChangeEvent.objects.get(subject_id=str(period.pk), action="update")
    assert update.changes == {"end": [None, today.isoformat()]}
    assert update.view == "clients:jobseeker_end"


def test_the_client_page_refuses_an_overlapping_or_future_registration(
    add_client: Callable[..., Client], sign_in: Callable[[str], HttpClient]
) -> None:
    today = timezone.localdate()
    client = add_client(jobseeker_since=today - datetime.timedelta(days=10))
    browser = sign_in("counsellor.joensuu")
    response = browser.post(
        f"/clients/{client.pk}/jobseeker/", {"date": today.isoformat()}, follow=True
    )
    assert response.status_code == 200
    assert client.jobseeker_periods.count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])
    period = client.jobseeker_periods.get()
    tomorrow = (today + ONE_DAY).isoformat()
    browser.post(f"/clients/{client.pk}/jobseeker/{period.pk}/end/", {"date": tomorrow})
    period.refresh_from_db()
    assert period.end is None


def test_another_units_counsellor_cannot_start_a_registration(
    add_client: Callable[..., Client], sign_in: Callable[[str], HttpClient]
) -> None:
    client = add_client()
    browser = sign_in("counsellor.kokkola")
    today = timezone.localdate().isoformat()
    assert browser.post(f"/clients/{client.pk}/jobseeker/", {"date": today}).status_code == 404
    assert not JobseekerPeriod.objects.filter(client=client).exists()


def test_patch_jobseeker_true_and_false_starts_and_ends_a_registration_today(
    add_client: Callable[..., Client], token_for: Callable[..., str]
) -> None:
    client = add_client()
    caller = api(token_for("counsellor.joensuu"))
    url = f"/api/v1/clients/{client.pk}"
    today = timezone.localdate()

    response = caller.patch(url, json.dumps({"jobseeker": True}), content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["jobseeker"], body["responsible_authority"]) == (True, "employment_area")
    period = client.jobseeker_periods.get()
    assert (period.start, period.end) == (today, None)

    again = caller.patch(url, json.dumps({"jobseeker": True}), content_type="application/json")
    assert again.status_code == 200
    assert client.jobseeker_periods.count() == 1, "true on a jobseeker starts nothing new"

    response = caller.patch(url, json.dumps({"jobseeker": False}), content_type="application/json")
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.end == today
    events = ChangeEvent.objects.filter(client_id=client.pk, subject_type="jobseeker_period")
    assert sorted(e.action for e in events) == ["create", "update"]
    assert all(e.view == "clients.update_client" for e in events)


def test_patch_an_override_without_a_reason_is_refused(
    add_client: Callable[..., Client], token_for: Callable[..., str]
) -> None:
    client = add_client()
    caller = api(token_for("counsellor.joensuu"))
    url = f"/api/v1/clients/{client.pk}"
    response = caller.patch(
        url, json.dumps({"authority_override": "employment_area"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "authority_override_reason" in response.json()["error"]["fields"]
    response = caller.patch(
        url,
        json.dumps(
            {"authority_override": "employment_area", "authority_override_reason": "Agreement"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["responsible_authority"] == "employment_area"
    assert response.json()["authority_override"] == "employment_area"


def test_the_end_route_refuses_a_period_of_another_client_or_one_already_ended(
    add_client: Callable[..., Client], sign_in: Callable[[str], HttpClient]
) -> None:
    today = timezone.localdate()
    client = add_client()
    other = add_client(jobseeker_since=today - datetime.timedelta(days=5))
    period = other.jobseeker_periods.get()
    browser = sign_in("counsellor.joensuu")
    response = browser.post(
        f"/clients/{client.pk}/jobseeker/{period.pk}/end/", {"date": today.isoformat()}
    )
    assert response.status_code == 404
    period.refresh_from_db()
    assert period.end is None
    url = f"/clients/{other.pk}/jobseeker/{period.pk}/end/"
    assert browser.post(url, {"date": today.isoformat()}).status_code == 302
    assert browser.post(url, {"date": today.isoformat()}).status_code == 404
