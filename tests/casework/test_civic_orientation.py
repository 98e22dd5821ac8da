"""Multilingual civic orientation offered (issue 12 item 9, Act 681/2023 s. 25): recorded per
kotoutuja-asiakas with the day, the language and whether taken; the caseload filters and
marks those not yet offered; the client API says it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.casework import actions, rule_versions, rules
from kotopolku.casework.actions import InvalidError
from kotopolku.casework.models import CivicOrientationOffer
from kotopolku.clients.models import Client
from tests.casework.test_views import as_user, error_anchors

D = datetime.date


def facts(**values: Any) -> rules.CaseFacts:
    return rules.CaseFacts(client_since=D(2024, 6, 1), window_end=D(2027, 6, 1), **values)


# --- The rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "pending"),
    [(D(2024, 12, 31), False), (D(2025, 1, 1), True)],
)
def test_nothing_is_pending_before_the_act_and_a_kotoutuja_asiakas_is_from_1_1_2025(
    today: D, pending: bool
) -> None:
    assert rules.civic_orientation_pending(facts(duty="municipality"), today) is pending


@pytest.mark.parametrize(
    ("values", "pending"),
    [
        ({"duty": "municipality"}, True),
        ({"duty": "employment_area"}, True),
        ({"duty": "municipality", "civic_orientation_offered": True}, False),
        ({"duty": "municipality", "active": False}, False),
        # not a kotoutuja-asiakas: no duty, no assessment or plan under this act
        ({"duty": ""}, False),
        ({"duty": "", "assessments": (rules.AssessmentFacts(D(2024, 10, 1), None),)}, False),
        ({"duty": "", "assessments": (rules.AssessmentFacts(D(2025, 2, 1), None),)}, True),
        (
            {"duty": "", "plans": (rules.PlanFacts(D(2025, 3, 1), D(2026, 2, 28), True),)},
            True,
        ),
    ],
)
def test_who_is_still_to_be_offered_civic_orientation(
    values: dict[str, Any], pending: bool
) -> None:
    assert rules.civic_orientation_pending(facts(**values), D(2025, 6, 1)) is pending


def test_the_rule_is_dated_and_cited_with_a_previous_act_version() -> None:
    versions = rule_versions.CIVIC_ORIENTATION
    assert versions[-1].id == "civic-orientation-offered-681-2023"
    assert "s. 25" in versions[-1].legal_reference
    assert versions[-1].valid_from == D(2025, 1, 1)
    assert versions[0].valid_to == D(2024, 12, 31) and not versions[0].judged


# --- The action and the flag --------------------------------------------------------------------------


def test_an_offer_is_recorded_with_its_change_row_and_clears_the_flag(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    joensuu_client.refresh_from_db()
    assert joensuu_client.civic_orientation_pending  # a quota refugee within the three years
    with as_user(user):
        offer = actions.do_record_civic_orientation(
            joensuu_client,
            {"offered_on": timezone.localdate(), "language": "ar", "taken": ""},
            acting_user=user,
        )
    joensuu_client.refresh_from_db()
    assert not joensuu_client.civic_orientation_pending
    row = ChangeEvent.objects.get(subject_type="civic_orientation", subject_id=str(offer.pk))
    assert row.changes["language"] == [None, "ar"]
    with as_user(user):
        changed = actions.do_update_civic_orientation(offer, {"taken": "taken"}, acting_user=user)
    assert changed == {"taken": ["", "taken"]}
    assert ChangeEvent.objects.filter(subject_id=str(offer.pk)).count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"offered_on": D(2999, 1, 1), "language": "ar"}, "offered_on"),
        ({"offered_on": D(2025, 6, 1), "language": "xx"}, "language"),
        ({"offered_on": D(2025, 6, 1), "language": "ar", "taken": "maybe"}, "taken"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: dict[str, Any], joensuu_client: Client, values: dict[str, Any], field: str
) -> None:
    user = world["counsellor.joensuu"]
    before = ChangeEvent.objects.count()
    with as_user(user), pytest.raises(InvalidError) as refused:
        actions.do_record_civic_orientation(joensuu_client, values, acting_user=user)
    assert field in refused.value.errors
    assert not CivicOrientationOffer.objects.exists()
    assert ChangeEvent.objects.count() == before


def test_the_daily_refresh_sets_the_flag_on_both_sides_of_1_1_2025(
    joensuu_client: Client,
) -> None:
    actions.refresh_all_deadlines(client_ids=[joensuu_client.pk], today=D(2024, 12, 31))
    joensuu_client.refresh_from_db()
    assert not joensuu_client.civic_orientation_pending
    actions.refresh_all_deadlines(client_ids=[joensuu_client.pk], today=D(2025, 1, 1))
    joensuu_client.refresh_from_db()
    assert joensuu_client.civic_orientation_pending


# --- Pages ---------------------------------------------------------------------------------------------


def test_the_caseload_filters_and_marks_those_not_yet_offered(
    counsellor: HttpClient, world: dict[str, Any], add_client: Any
) -> None:
    today = timezone.localdate()
    waiting = add_client(first_permit_date=(today - 100 * datetime.timedelta(days=1)).isoformat())
    offered = add_client(first_permit_date=(today - 100 * datetime.timedelta(days=1)).isoformat())
    user = world["counsellor.joensuu"]
    with as_user(user):
        actions.do_record_civic_orientation(
            offered, {"offered_on": today, "language": "ar"}, acting_user=user
        )
    html = counsellor.get(reverse("clients:caseload")).content.decode()
    assert waiting.last_name in html and offered.last_name in html
    assert 'data-civic="pending"' in html and 'name="civic"' in html
    row = html[html.index(waiting.last_name) :]
    assert 'data-civic="pending"' in row[: row.index("</tr>")]
    row = html[html.index(offered.last_name) :]
    assert 'data-civic="pending"' not in row[: row.index("</tr>")]
    filtered = counsellor.get(reverse("clients:caseload"), {"civic": "pending"})
    html = filtered.content.decode()
    assert waiting.last_name in html and offered.last_name not in html


def test_the_client_page_records_and_corrects_an_offer(
    counsellor: HttpClient, joensuu_client: Client
) -> None:
    page = reverse("clients:detail", args=[joensuu_client.pk])
    assert 'data-civic="pending"' in counsellor.get(page).content.decode()
    add = reverse("casework:civic_orientation_add", args=[joensuu_client.pk])
    refused = counsellor.post(add, {"offered_on": "2999-01-01", "language": "ar"})
    assert "offered_on" in error_anchors(refused)
    done = counsellor.post(add, {"offered_on": timezone.localdate().isoformat(), "language": "ar"})
    assert done.status_code == 302
    offer = CivicOrientationOffer.objects.get(client=joensuu_client)
    html = counsellor.get(page).content.decode()
    assert 'data-civic="pending"' not in html
    edit = reverse("casework:civic_orientation_edit", args=[joensuu_client.pk, offer.pk])
    assert counsellor.get(edit).status_code == 200
    assert AccessEvent.objects.filter(
        subject_type="civic_orientation", subject_id=str(offer.pk)
    ).exists()
    counsellor.post(
        edit,
        {"offered_on": offer.offered_on.isoformat(), "language": "ar", "taken": "declined"},
    )
    offer.refresh_from_db()
    assert offer.taken == "declined"


def test_another_units_counsellor_gets_404_on_the_civic_orientation_pages(
    counsellor: HttpClient, world: dict[str, Any], kokkola_client: Client
) -> None:
    user = world["counsellor.kokkola"]
    with as_user(user):
        offer = actions.do_record_civic_orientation(
            kokkola_client, {"offered_on": timezone.localdate(), "language": "ar"}, acting_user=user
        )
    add = reverse("casework:civic_orientation_add", args=[kokkola_client.pk])
    edit = reverse("casework:civic_orientation_edit", args=[kokkola_client.pk, offer.pk])
    for url in (add, edit):
        assert counsellor.get(url).status_code == 404
        assert counsellor.post(url, {"language": "fi"}).status_code == 404
    offer.refresh_from_db()
    assert offer.language == "ar"
    assert CivicOrientationOffer.objects.count() == 1


def test_an_update_that_changes_nothing_writes_nothing(
    world: dict[str, Any], joensuu_client: Client
) -> None:
    user = world["counsellor.joensuu"]
    with as_user(user):
        offer = actions.do_record_civic_orientation(
            joensuu_client,
            {"offered_on": timezone.localdate(), "language": "ar", "note": "Ryhmä 3"},
            acting_user=user,
        )
    [created] = ChangeEvent.objects.filter(subject_id=str(offer.pk))
    # the create row holds every field, the client and the actor
    assert created.changes == {
        "offered_on": [None, timezone.localdate().isoformat()],
        "language": [None, "ar"],
        "taken": [None, ""],
        "note": [None, "Ryhmä 3"],
    }
    assert (created.client_id, created.actor_username) == (joensuu_client.pk, user.username)
    with as_user(user):
        changed = actions.do_update_civic_orientation(
            offer, {"language": "ar", "note": "Ryhmä 3"}, acting_user=user
        )
    assert changed == {}
    assert ChangeEvent.objects.filter(subject_id=str(offer.pk)).count() == 1
