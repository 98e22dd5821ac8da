"""Client register actions on the paths the page tests leave out: fields that are not
editable, a status change with its reason, a person who already lives in another household."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.clients import actions
from kotopolku.clients.models import Client, ClientStatus, HouseholdMember
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
