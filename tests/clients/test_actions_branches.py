"""Client register actions on the paths the page tests leave out: fields that are not
editable, a status change with its reason, a person who already lives in another household."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable

import pytest
from django.db import IntegrityError
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.casework import actions as casework_actions
from kotopolku.clients import actions
from kotopolku.clients.models import Client, ClientMerge, ClientStatus, Consent, HouseholdMember
from kotopolku.core import henkilotunnus
from kotopolku.orgs.models import Organisation
from tests.clients.conftest import persona_context


def _client_events(client: Client) -> list[ChangeEvent]:
    return list(
        ChangeEvent.objects.filter(subject_type="client", subject_id=str(client.pk)).order_by(
            "event_time", "id"
        )
    )


def test_only_the_clients_own_fields_can_be_changed(
    world: dict[str, User], add_client: Callable[..., Client]
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client()
    before = _client_events(client)
    with (
        acting(view="test", **persona_context(user)),
        pytest.raises(ValueError, match=r"^not editable: next_due$"),
    ):
        actions.do_update_client(
            client,
            {"first_name": "Other", "next_due": None},
            acting_user=user,
        )
    client.refresh_from_db()
    assert client.first_name != "Other"
    assert _client_events(client) == before


def test_a_status_change_is_logged_with_its_reason(
    world: dict[str, User], add_client: Callable[..., Client]
) -> None:
    user = world["counsellor.joensuu"]
    client = add_client()
    with acting(view="test", **persona_context(user)):
        actions.do_set_status(client, ClientStatus.CLOSED, acting_user=user, reason="moved abroad")
    client.refresh_from_db()
    assert client.status == ClientStatus.CLOSED
    event = _client_events(client)[-1]
    assert event.changes["status"] == ["active", "closed"]
    assert event.reason == "moved abroad"


def test_a_person_in_another_household_is_not_added_to_a_second_one(
    world: dict[str, User], add_client: Callable[..., Client]
) -> None:
    user = world["counsellor.joensuu"]
    first, second, child = add_client(), add_client(), add_client()
    with acting(view="test", **persona_context(user)):
        actions.do_add_household_member(
            first, member=child, relation=HouseholdMember.Relation.CHILD, acting_user=user
        )
        # the same person again in the same household: the existing link stands
        again = actions.do_add_household_member(
            first, member=child, relation=HouseholdMember.Relation.CHILD, acting_user=user
        )
        with pytest.raises(ValueError, match="already belongs to another household"):
            actions.do_add_household_member(
                second, member=child, relation=HouseholdMember.Relation.CHILD, acting_user=user
            )
    household = first.household_links.get().household
    assert again.household == household
    # the repeat changed nothing, so it wrote no second "create" row
    created = ChangeEvent.objects.filter(subject_type="household_member", subject_id=str(again.pk))
    assert created.count() == 1
    assert list(child.household_links.values_list("household", flat=True)) == [household.pk]
    assert not second.household_links.exists()


# --- merging two records of one person --------------------------------------------------------


def _merge(kept: Client, merged: Client, user: User) -> ClientMerge:
    with acting(view="test", **persona_context(user)):
        return actions.do_merge_clients(kept, merged, reason="same person", acting_user=user)


def _plan(client: Client, user: User) -> None:
    today = timezone.localdate()
    values = {"kind": "basic", "start": today, "end": today + datetime.timedelta(days=200)}
    with acting(view="test", **persona_context(user)):
        casework_actions.do_create_plan(
            client, values, unit=persona_context(user)["unit"], acting_user=user
        )


def test_records_whose_plans_overlap_are_not_merged(
    world: dict[str, User], add_client: Callable[..., Client]
) -> None:
    user = world["counsellor.joensuu"]
    kept, merged = add_client(), add_client()
    _plan(kept, user)
    _plan(merged, user)
    with pytest.raises(ValueError, match="their integration plans overlap"):
        _merge(kept, merged, user)
    merged.refresh_from_db()
    assert merged.status == ClientStatus.ACTIVE and merged.merged_into is None
    assert not ClientMerge.objects.exists()


def test_a_merge_moves_the_consents_and_keeps_one_link_to_a_shared_household(
    world: dict[str, User], add_client: Callable[..., Client]
) -> None:
    user = world["counsellor.joensuu"]
    kept, merged = add_client(), add_client()
    with acting(view="test", **persona_context(user)):
        link = actions.do_add_household_member(
            kept, member=merged, relation=HouseholdMember.Relation.OTHER, acting_user=user
        )
        consent = casework_actions.do_record_consent(
            merged,
            scope=Consent.Scope.REFERRAL,
            recipient=Organisation.objects.get(slug="spr-joensuu"),
            given_on=timezone.localdate(),
            acting_user=user,
        )
    _merge(kept, merged, user)
    consent.refresh_from_db()
    assert consent.client_id == kept.pk
    household = link.household
    # the kept record was in the household already: it is there once, the merged record's
    # link stays with the merged record
    assert household.members.filter(client=kept).count() == 1
    assert household.members.filter(client=merged).count() == 1
    merge_row = ChangeEvent.objects.get(
        subject_type="client", subject_id=str(kept.pk), action=ChangeEvent.Action.MERGE
    )
    assert merge_row.changes["moved"][1]["consent"] == 1


def test_a_code_registered_meanwhile_by_another_request_is_refused_as_a_duplicate(
    world: dict[str, User],
    add_client: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check before the insert and the insert are not one step: when another request
    registers the code in between, the unique column refuses the insert and the action
    answers as its check would have (the other record's id), writing nothing."""
    code = henkilotunnus.make(datetime.date(1985, 3, 14), 932)
    first = add_client(henkilotunnus=code)
    clients, events = Client.objects.count(), ChangeEvent.objects.count()
    # the other request's record arrives after this request's check (patched where the
    # action looks it up, should the module become a package)
    checks: list[str] = []
    module = sys.modules[actions.do_create_client.__module__]
    monkeypatch.setattr(module, "_ensure_unique_hetu", lambda hetu, **kw: checks.append(hetu))
    with pytest.raises(actions.DuplicateHenkilotunnusError) as refused:
        add_client(henkilotunnus=code)
    assert checks == [code]
    assert refused.value.existing_id == first.pk and refused.value.visible
    assert (Client.objects.count(), ChangeEvent.objects.count()) == (clients, events)


def test_another_refusal_of_the_database_is_not_taken_for_a_duplicate(
    world: dict[str, User],
) -> None:
    """Only a clash of the code is answered as a duplicate: a record the database refuses for
    another reason (here neither a municipality nor the reason for none) raises as it is."""
    user = world["counsellor.joensuu"]
    values = {
        "first_name": "Amina",
        "last_name": "Ilmankuntaa",
        "birth_date": datetime.date(1985, 3, 14),
        "henkilotunnus": henkilotunnus.make(datetime.date(1985, 3, 14), 933),
        "mother_tongue": "ar",
        "municipality": None,
        "no_municipality_reason": "",
    }
    clients = Client.objects.count()
    with pytest.raises(IntegrityError), acting(view="test", **persona_context(user)):
        actions.do_create_client(
            values,
            responsible_unit=persona_context(user)["unit"],
            counsellor=None,
            acting_user=user,
        )
    assert Client.objects.count() == clients
