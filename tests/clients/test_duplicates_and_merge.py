"""Merging two records of one person: only a re-authenticated unit manager may; the merged
record points to the kept one; periods, counsellor history and household links move; both
ids stay in the access-log report; different henkilötunnus values refuse."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.clients import actions, rules
from kotopolku.clients.models import (
    Client,
    ClientMerge,
    CounsellorAssignment,
    HouseholdMember,
    JobseekerPeriod,
)
from tests.clients.conftest import PASSWORD, persona_context

D = datetime.date


def merge_url(kept: Client) -> str:
    return f"/clients/{kept.pk}/merge/"


def reauthenticate(browser: HttpClient, next_url: str) -> None:
    response = browser.post("/accounts/confirm/", {"password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


@pytest.fixture
def manager(sign_in: Callable[[str], HttpClient]) -> HttpClient:
    return sign_in("manager.joensuu")


@pytest.fixture
def pair(add_client: Callable[..., Client]) -> tuple[Client, Client]:
    """Two records of Amina Hassan, born 1.1.1990: the second one without a henkilötunnus."""
    kept = add_client(
        first_name="Amina",
        last_name="Hassan",
        birth_date="1990-01-01",
        henkilotunnus="010190-999W",
    )
    merged = add_client(
        first_name="Amina",
        last_name="Hassan",
        birth_date="1990-01-01",
        phone="+358 40 5556667",
        jobseeker_since=D(2025, 2, 1),
    )
    return kept, merged


def _merge(manager: HttpClient, kept: Client, merged: Client, reason: str = "same person") -> Any:
    reauthenticate(manager, merge_url(kept))
    return manager.post(merge_url(kept), {"other": str(merged.pk), "reason": reason})


def test_the_merge_page_asks_for_the_password_first(
    manager: HttpClient, pair: tuple[Client, Client]
) -> None:
    kept, merged = pair
    response = manager.get(merge_url(kept))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm/?next=" + quote(merge_url(kept), safe="")
    response = manager.post(merge_url(kept), {"other": str(merged.pk), "reason": "x"})
    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.status == "active"


def test_the_merge_page_lists_the_probable_duplicates_and_logs_them(
    manager: HttpClient, pair: tuple[Client, Client]
) -> None:
    kept, merged = pair
    reauthenticate(manager, merge_url(kept))
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    response = manager.get(merge_url(kept))
    assert response.status_code == 200
    assert str(merged.pk) in response.content.decode()
    rows = AccessEvent.objects.exclude(pk__in=before)
    assert {r.client_id for r in rows} == {kept.pk, merged.pk}
    assert {r.purpose for r in rows} == {"merge"}


def test_a_unit_manager_merges_two_records_of_one_person(
    manager: HttpClient, pair: tuple[Client, Client], world: dict[str, User]
) -> None:
    kept, merged = pair
    response = _merge(manager, kept, merged)
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{kept.pk}/"
    merged.refresh_from_db()
    kept.refresh_from_db()
    assert merged.status == "merged"
    assert merged.merged_into_id == kept.pk
    assert kept.status == "active"
    assert kept.all_ids() == [kept.pk, merged.pk]
    record = ClientMerge.objects.get()
    assert (record.kept, record.merged, record.merged_by) == (
        kept,
        merged,
        world["manager.joensuu"],
    )
    assert record.reason == "same person"


def test_the_merge_fills_missing_facts_and_moves_the_jobseeker_periods(
    manager: HttpClient, pair: tuple[Client, Client]
) -> None:
    kept, merged = pair
    _merge(manager, kept, merged)
    kept.refresh_from_db()
    assert kept.phone == "+358 40 5556667"
    assert list(JobseekerPeriod.objects.filter(client=merged)) == []
    period = kept.jobseeker_periods.get()
    assert period.start == D(2025, 2, 1)
    assert kept.responsible_authority == "employment_area"


def test_the_merge_moves_the_counsellor_history(
    manager: HttpClient,
    add_client: Callable[..., Client],
    world: dict[str, User],
) -> None:
    kept = add_client("counsellor.joensuu", first_name="Amina", last_name="Hassan")
    merged = add_client("counsellor.joensuu", first_name="Amina", last_name="Hassan")
    old = merged.counsellor_assignments.get()
    _merge(manager, kept, merged)
    old.refresh_from_db()
    assert old.client_id == kept.pk
    assert old.end == timezone.localdate()
    assert not CounsellorAssignment.objects.filter(client=merged).exists()
    current = CounsellorAssignment.objects.filter(client=kept, end__isnull=True)
    assert current.count() == 1
    kept.refresh_from_db()
    assert kept.current_counsellor == world["counsellor.joensuu"]


def test_the_merge_moves_the_household_links(
    manager: HttpClient, add_client: Callable[..., Client], world: dict[str, User]
) -> None:
    kept = add_client(first_name="Amina", last_name="Hassan")
    merged = add_client(first_name="Amina", last_name="Hassan")
    child = add_client(first_name="Nur", last_name="Hassan", birth_date="2015-06-01")
    user = world["counsellor.joensuu"]
    with acting(view="test", **persona_context(user)):
        actions.do_add_household_member(
            merged, member=child, relation=HouseholdMember.Relation.CHILD, acting_user=user
        )
    household = merged.household_links.get().household
    _merge(manager, kept, merged)
    assert not HouseholdMember.objects.filter(client=merged).exists()
    assert kept.household_links.get().household == household
    assert set(household.members.values_list("client_id", flat=True)) == {kept.pk, child.pk}


def test_the_merge_is_in_the_change_log_of_both_records(
    manager: HttpClient, pair: tuple[Client, Client]
) -> None:
    kept, merged = pair
    _merge(manager, kept, merged, reason="one person, two records")
    on_kept = ChangeEvent.objects.get(client_id=kept.pk, action="merge")
    on_merged = ChangeEvent.objects.get(client_id=merged.pk, action="merge")
    assert on_kept.changes["merged"] == [None, str(merged.pk)]
    assert on_kept.changes["filled"] == [None, ["phone"]]
    assert on_merged.changes["status"] == ["active", "merged"]
    assert on_kept.reason == on_merged.reason == "one person, two records"
    assert on_kept.actor_username == "manager.joensuu"
    assert on_kept.view == "clients:merge"
    filled = ChangeEvent.objects.get(client_id=kept.pk, action="update", reason="merge")
    assert filled.changes == {"phone": ["", "+358 40 5556667"]}


def test_both_ids_appear_in_the_kept_clients_access_log_report(
    manager: HttpClient,
    sign_in: Callable[[str], HttpClient],
    pair: tuple[Client, Client],
) -> None:
    kept, merged = pair
    counsellor = sign_in("counsellor.joensuu")
    assert counsellor.get(f"/clients/{merged.pk}/").status_code == 200
    assert AccessEvent.objects.filter(client_id=merged.pk, view="clients:detail").exists()
    assert not AccessEvent.objects.filter(client_id=kept.pk, view="clients:detail").exists()

    _merge(manager, kept, merged)
    response = manager.get(f"/clients/{kept.pk}/access-log/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Asiakasrekisteri: detail" in html, (
        "the read of the merged id before the merge is listed"
    )
    assert "Kotoutumisohjaaja Joensuu" in html

    printed = manager.get(f"/clients/{kept.pk}/access-log/", {"print": "1"}).content.decode()
    assert str(kept.pk) in printed
    assert str(merged.pk) in printed


def test_both_ids_appear_in_the_access_log_api(
    manager: HttpClient,
    sign_in: Callable[[str], HttpClient],
    pair: tuple[Client, Client],
    token_for: Callable[..., str],
) -> None:
    kept, merged = pair
    sign_in("counsellor.joensuu").get(f"/clients/{merged.pk}/")
    _merge(manager, kept, merged)
    body = HttpClient(headers={"Authorization": f"Bearer {token_for('manager.joensuu')}"}).get(
        f"/api/v1/clients/{kept.pk}/access-log"
    )
    data = body.json()
    assert data["ids"] == [str(kept.pk), str(merged.pk)]
    by_client = {(r["client_id"], r["type"]) for r in data["results"]}
    assert (str(merged.pk), "read") in by_client
    assert (str(merged.pk), "change") in by_client
    assert (str(kept.pk), "change") in by_client


def test_a_counsellor_cannot_merge(
    sign_in: Callable[[str], HttpClient], pair: tuple[Client, Client]
) -> None:
    kept, merged = pair
    counsellor = sign_in("counsellor.joensuu")
    reauthenticate(counsellor, "/accounts/profile/")
    assert counsellor.get(merge_url(kept)).status_code == 404
    response = counsellor.post(merge_url(kept), {"other": str(merged.pk), "reason": "x"})
    assert response.status_code == 404
    merged.refresh_from_db()
    assert merged.status == "active"
    assert not ClientMerge.objects.exists()


def test_different_henkilotunnus_values_refuse_to_merge(
    manager: HttpClient, add_client: Callable[..., Client]
) -> None:
    kept = add_client(
        first_name="A", last_name="B", henkilotunnus="010190-999W", birth_date="1990-01-01"
    )
    other = add_client(
        first_name="A", last_name="B", henkilotunnus="010190Y999W", birth_date="1990-01-01"
    )
    response = _merge(manager, kept, other)
    assert response.status_code == 200
    assert 'href="#id_other"' in response.content.decode()
    other.refresh_from_db()
    assert (other.status, other.merged_into_id) == ("active", None)
    assert not ClientMerge.objects.exists()
    assert not ChangeEvent.objects.filter(action="merge").exists()


def test_the_henkilotunnus_moves_to_a_kept_record_without_one(
    manager: HttpClient, add_client: Callable[..., Client]
) -> None:
    kept = add_client(first_name="A", last_name="B", birth_date="1990-01-01")
    merged = add_client(
        first_name="A", last_name="B", henkilotunnus="010190-999W", birth_date="1990-01-01"
    )
    assert _merge(manager, kept, merged).status_code == 302
    kept.refresh_from_db()
    merged.refresh_from_db()
    assert (kept.henkilotunnus, merged.henkilotunnus) == ("010190-999W", None)


@pytest.mark.parametrize("which", ["itself", "already merged"])
def test_a_record_cannot_be_merged_into_itself_or_twice(
    manager: HttpClient, pair: tuple[Client, Client], which: str
) -> None:
    kept, merged = pair
    if which == "itself":
        response = _merge(manager, kept, kept)
    else:
        assert _merge(manager, kept, merged).status_code == 302
        response = manager.post(merge_url(kept), {"other": str(merged.pk), "reason": "again"})
    assert response.status_code == 200
    assert 'href="#id_other"' in response.content.decode()
    assert ClientMerge.objects.count() == (0 if which == "itself" else 1)


def test_a_record_outside_the_managers_units_cannot_be_merged_in(
    manager: HttpClient, pair: tuple[Client, Client], add_client: Callable[..., Client]
) -> None:
    kept, _merged = pair
    stranger = add_client("counsellor.kokkola", first_name="Amina", last_name="Hassan")
    response = _merge(manager, kept, stranger)
    assert response.status_code == 200
    assert 'href="#id_other"' in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.status == "active"


def test_a_merged_record_cannot_be_edited(manager: HttpClient, pair: tuple[Client, Client]) -> None:
    kept, merged = pair
    _merge(manager, kept, merged)
    assert manager.get(f"/clients/{merged.pk}/edit/").status_code == 404
    page = manager.get(f"/clients/{merged.pk}/")
    assert page.status_code == 200
    assert f"/clients/{kept.pk}/" in page.content.decode()


def test_merging_two_open_registrations_is_refused_and_leaves_no_overlap(
    manager: HttpClient, add_client: Callable[..., Client]
) -> None:
    kept = add_client(first_name="A", last_name="B", jobseeker_since=D(2025, 1, 1))
    merged = add_client(first_name="A", last_name="B", jobseeker_since=D(2025, 3, 1))
    response = _merge(manager, kept, merged)
    assert response.status_code == 200
    assert 'href="#id_other"' in response.content.decode()
    assert Client.objects.get(pk=merged.pk).status == "active"
    periods = actions.periods_of(Client.objects.get(pk=kept.pk))
    assert not rules.overlapping(periods)


def test_the_kept_record_keeps_the_only_own_counsellor(
    manager: HttpClient, add_client: Callable[..., Client], world: dict[str, User]
) -> None:
    kept = add_client("manager.joensuu", first_name="A", last_name="B")
    merged = add_client("counsellor.joensuu", first_name="A", last_name="B")
    assert kept.current_counsellor is None
    assert _merge(manager, kept, merged).status_code == 302
    kept.refresh_from_db()
    assert kept.current_counsellor == world["counsellor.joensuu"]
