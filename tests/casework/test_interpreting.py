"""Interpreting at guidance contacts (issue 12 item 11): needed, booked and used at each
contact; the client page warns over all contacts when one was needed and not used; the
missed-appointment fee (Act 681/2023 s. 32 a) may only be based on a contact with a booked
interpreter that the client neither attended nor cancelled, from 1.1.2025."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions, rule_versions, rules
from kotopolku.casework.actions import RuleViolationError
from kotopolku.casework.models import Contact
from kotopolku.clients.models import Client
from tests.casework.test_views import as_user, error_anchors

D = datetime.date
MISSED_ID = "missed-appointment-fee-681-2023-32a"


def record(client: Client, user: Any, **values: Any) -> Contact:
    data = {"day": timezone.localdate(), "channel": "appointment", "language": "ar", **values}
    with as_user(user):
        return actions.do_record_contact(
            client, data, unit=client.responsible_unit, acting_user=user
        )


# --- The rule, without a database ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "booked", "missed", "cancelled", "refused_fields"),
    [
        # the day before s. 32 a applies: any fee is refused
        (D(2024, 12, 31), True, True, False, {"fee_charged"}),
        # from 1.1.2025: booked, missed and not cancelled is allowed
        (D(2025, 1, 1), True, True, False, set()),
        (D(2025, 1, 1), False, True, False, {"fee_charged", "interpreter_booked"}),
        (D(2025, 1, 1), True, False, False, {"fee_charged", "missed"}),
        (D(2025, 1, 1), True, True, True, {"fee_charged", "missed"}),
    ],
)
def test_the_fee_rule_on_both_sides_of_its_dates_and_conditions(
    day: D, booked: bool, missed: bool, cancelled: bool, refused_fields: set[str]
) -> None:
    found = rules.check_missed_appointment_fee(
        day=day,
        fee_charged=True,
        interpreter_booked=booked,
        missed=missed,
        cancelled=cancelled,
    )
    assert {name for v in found for name in v.fields} == refused_fields
    assert all(v.rule.id == MISSED_ID for v in found)
    assert all(v.rule.legal_reference.startswith("Act 681/2023 s. 32 a") for v in found)


def test_no_fee_charged_is_never_refused() -> None:
    assert not rules.check_missed_appointment_fee(
        day=D(2024, 1, 1),
        fee_charged=False,
        interpreter_booked=False,
        missed=False,
        cancelled=False,
    )


def test_the_fee_rule_is_dated_and_cited() -> None:
    version = rule_versions.rule(MISSED_ID)
    assert version.valid_from == D(2025, 1, 1) and version.valid_to is None
    assert "32 a" in version.legal_reference


# --- The action ------------------------------------------------------------------------------------


def test_a_fee_on_a_booked_missed_contact_is_recorded_with_its_change_row(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    contact = record(
        joensuu_client,
        user,
        interpreter_needed=True,
        interpreter_booked=True,
        missed=True,
        fee_charged=True,
    )
    assert contact.fee_charged and contact.interpreter_needed
    row = ChangeEvent.objects.get(subject_type="contact", subject_id=str(contact.pk))
    assert row.changes["fee_charged"] == [None, True]
    assert row.changes["interpreter_needed"] == [None, True]


@pytest.mark.parametrize(
    "values",
    [
        {"interpreter_booked": False, "missed": True},
        {"interpreter_booked": True, "missed": False},
        {"interpreter_booked": True, "missed": True, "cancelled": True},
    ],
)
def test_a_fee_without_its_grounds_is_refused_and_writes_nothing(
    world: dict[str, Any], joensuu_client: Client, values: dict[str, Any]
) -> None:
    user = world["counsellor.joensuu"]
    before = ChangeEvent.objects.count()
    with pytest.raises(RuleViolationError) as refused:
        record(joensuu_client, user, fee_charged=True, **values)
    assert refused.value.first.rule.id == MISSED_ID
    assert not Contact.objects.exists()
    assert ChangeEvent.objects.count() == before


def test_a_fee_for_an_appointment_before_2025_is_refused(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with pytest.raises(RuleViolationError) as refused:
        record(
            joensuu_client,
            user,
            day=D(2024, 12, 31),
            interpreter_booked=True,
            missed=True,
            fee_charged=True,
        )
    assert refused.value.first.fields == ("fee_charged",)
    contact = record(
        joensuu_client,
        user,
        day=D(2025, 1, 1),
        interpreter_booked=True,
        missed=True,
        fee_charged=True,
    )
    assert contact.fee_charged


# --- The client page's warning ---------------------------------------------------------------------


def test_the_warning_counts_every_contact_not_only_the_recent_ones(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    today = timezone.localdate()
    # the oldest contact lacked the interpreter; twelve later ones were fine
    record(joensuu_client, user, day=today - datetime.timedelta(days=60), interpreter_needed=True)
    for n in range(12):
        record(
            joensuu_client,
            user,
            day=today - datetime.timedelta(days=n),
            interpreter_needed=True,
            interpreter_used=True,
        )
    # a missed appointment is not a gap in interpreting
    record(joensuu_client, user, interpreter_needed=True, interpreter_booked=True, missed=True)
    with CaptureQueriesContext(connection) as queries:
        gaps = actions.interpreting_gaps(joensuu_client)
    assert len(queries.captured_queries) == 1
    assert gaps == {"count": 1, "latest": today - datetime.timedelta(days=60)}


def test_the_client_page_warns_when_an_interpreter_was_needed_and_not_used(
    counsellor: HttpClient, world: dict[str, Any], joensuu_client: Client
) -> None:
    page = reverse("clients:detail", args=[joensuu_client.pk])
    assert 'id="interpreting-warning"' not in counsellor.get(page).content.decode()
    record(joensuu_client, world["counsellor.joensuu"], interpreter_needed=True)
    html = counsellor.get(page).content.decode()
    assert 'id="interpreting-warning"' in html
    assert "an interpreter was needed but not used" in html
    assert "interpreter needed, not used" in html


# --- The form and the API --------------------------------------------------------------------------


def test_the_contact_form_records_interpreting_and_refuses_a_groundless_fee(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    form_url = reverse("casework:contact_create", args=[joensuu_client.pk])
    data = {
        "day": timezone.localdate().isoformat(),
        "channel": "appointment",
        "language": "ar",
        "interpreter_needed": "on",
        "fee_charged": "on",
    }
    refused = counsellor.post(form_url, data)
    assert refused.status_code == 200
    assert "fee_charged" in error_anchors(refused)
    assert not Contact.objects.exists()
    done = counsellor.post(form_url, {**data, "interpreter_booked": "on", "missed": "on"})
    assert done.status_code == 302
    contact = Contact.objects.get()
    assert contact.interpreter_needed and contact.interpreter_booked and contact.fee_charged


def test_another_units_counsellor_gets_404_on_the_contact_form(
    counsellor: HttpClient, kokkola_client: Client
) -> None:
    form_url = reverse("casework:contact_create", args=[kokkola_client.pk])
    assert counsellor.get(form_url).status_code == 404
    assert counsellor.post(form_url, {"fee_charged": "on"}).status_code == 404
    assert not Contact.objects.exists()
