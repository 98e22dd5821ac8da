"""Who sees which client: the units (and sub-units) of casework memberships, the own
clients, the employment area's jobseekers; everyone else gets 404."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.accounts import actions as account_actions
from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent
from kotopolku.clients import actions
from kotopolku.clients import scopes as client_scopes
from kotopolku.clients.models import Client, HouseholdMember
from kotopolku.orgs import actions as org_actions
from kotopolku.orgs.models import Role
from tests.clients.conftest import joensuu_unit, kokkola_unit, persona_context, unit_of

TODAY = timezone.localdate


def visible(user: User) -> set[uuid.UUID]:
    return set(
        client_scopes.visible_clients(User.objects.get(pk=user.pk)).values_list("pk", flat=True)
    )


@pytest.fixture
def clients(add_client: Callable[..., Client], make_user: Callable[..., User]) -> dict[str, Client]:
    colleague = make_user(Role.COUNSELLOR, joensuu_unit(), username="colleague.joensuu")
    jobseeker_since = TODAY() - datetime.timedelta(days=20)
    return {
        "own": add_client("counsellor.joensuu"),
        "colleague": add_client(colleague),
        "managers": add_client("manager.joensuu"),
        "joensuu_jobseeker": add_client(jobseeker_since=jobseeker_since),
        "kokkola": add_client("counsellor.kokkola", municipality="272"),
        "kokkola_jobseeker": add_client(
            "counsellor.kokkola", municipality="272", jobseeker_since=jobseeker_since
        ),
        "kannus_jobseeker": add_client(
            "counsellor.kokkola", municipality="217", jobseeker_since=jobseeker_since
        ),
    }


def ids(clients: dict[str, Client], *names: str) -> set[uuid.UUID]:
    return {clients[n].pk for n in names}


JOENSUU = ("own", "colleague", "managers", "joensuu_jobseeker")
KOKKOLA = ("kokkola", "kokkola_jobseeker", "kannus_jobseeker")


@pytest.mark.parametrize("persona", ["counsellor.joensuu", "manager.joensuu"])
def test_joensuus_caseworkers_see_every_client_of_their_unit_and_no_other(
    clients: dict[str, Client], world: dict[str, User], persona: str
) -> None:
    assert visible(world[persona]) == ids(clients, *JOENSUU)


def test_kokkolas_counsellor_sees_only_kokkolas_clients(
    clients: dict[str, Client], world: dict[str, User]
) -> None:
    assert visible(world["counsellor.kokkola"]) == ids(clients, *KOKKOLA)


def test_the_employment_area_sees_the_jobseekers_of_the_municipalities_it_serves(
    clients: dict[str, Client], world: dict[str, User]
) -> None:
    assert visible(world["employment.kokkola"]) == ids(
        clients, "kokkola_jobseeker", "kannus_jobseeker"
    )


def test_the_employment_area_keeps_reading_but_stops_writing_after_the_registration_ended(
    clients: dict[str, Client], world: dict[str, User]
) -> None:
    client = clients["kokkola_jobseeker"]
    user = world["counsellor.kokkola"]
    with acting(view="test", **persona_context(user)):
        actions.do_end_jobseeker_period(
            client.jobseeker_periods.get(),
            end=TODAY() - datetime.timedelta(days=1),
            acting_user=user,
        )
    client.refresh_from_db()
    # the history stays readable for both sides; write access moves back to the municipality
    assert client.pk in visible(world["employment.kokkola"])
    assert not client_scopes.may_write_casework(world["employment.kokkola"], client)
    assert client_scopes.may_write_casework(user, client)


def test_the_wellbeing_worker_sees_no_client_of_other_units(
    clients: dict[str, Client], world: dict[str, User]
) -> None:
    assert visible(world["wellbeing.kokkola"]) == set()


@pytest.mark.parametrize(
    "persona", ["admin", "auditor.joensuu", "coordinator.joensuu", "coordinator.kokkola", "ngo.spr"]
)
def test_roles_without_casework_see_no_client(
    clients: dict[str, Client], world: dict[str, User], persona: str
) -> None:
    assert visible(world[persona]) == set()


def test_a_counsellor_of_another_unit_sees_only_the_clients_assigned_to_them(
    clients: dict[str, Client], add_client: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    group = make_user(Role.COUNSELLOR, unit_of("toivo", "ryhmaohjaus"), username="group.joensuu")
    theirs = add_client(group, unit=joensuu_unit())
    assert theirs.responsible_unit == joensuu_unit()
    assert visible(group) == {theirs.pk}


def test_the_clients_of_a_sub_unit_are_visible_from_the_parent_unit_only(
    clients: dict[str, Client],
    add_client: Callable[..., Client],
    make_user: Callable[..., User],
    world: dict[str, User],
) -> None:
    parent = joensuu_unit()
    with acting(view="test"):
        sub = org_actions.do_create_unit(
            parent.organisation,
            slug="ohjaus-outokumpu",
            name={"fi": "Outokummun ohjaus", "sv": "Outokumpu", "en": "Outokumpu"},
            parent=parent,
            acting_user=None,
        )
    local = make_user(Role.COUNSELLOR, sub, username="outokumpu")
    client = add_client(local, municipality="309")
    assert client.responsible_unit == sub
    assert client.pk in visible(world["manager.joensuu"])
    assert client.pk in visible(world["counsellor.joensuu"])
    assert visible(local) == {client.pk}


def test_an_ended_membership_ends_the_view_of_the_units_clients(
    clients: dict[str, Client], make_user: Callable[..., User]
) -> None:
    leaver = make_user(Role.COORDINATOR, unit_of("toivo", "koordinointi"), username="leaver")
    with acting(view="test"):
        membership = account_actions.do_add_membership(
            leaver,
            unit=joensuu_unit(),
            role=Role.COUNSELLOR,
            is_public_official=True,
            valid_from=TODAY() - datetime.timedelta(days=30),
            acting_user=None,
        )
    assert visible(leaver) == ids(clients, *JOENSUU)
    with acting(view="test"):
        account_actions.do_end_membership(
            membership, valid_to=TODAY() - datetime.timedelta(days=1), acting_user=None
        )
    assert visible(leaver) == set()


def test_a_counsellor_who_moves_to_another_organisation_loses_the_old_own_clients(
    clients: dict[str, Client],
    add_client: Callable[..., Client],
    make_user: Callable[..., User],
    world: dict[str, User],
) -> None:
    mover = make_user(Role.COUNSELLOR, joensuu_unit(), username="mover.joensuu")
    theirs = add_client(mover)
    assert theirs.current_counsellor == mover
    assert theirs.pk in visible(mover)
    # a move inside the organisation keeps the own clients (and the unit's)
    with acting(view="test:move"):
        (membership,) = mover.memberships.all()
        account_actions.do_end_membership(
            membership, valid_to=TODAY() - datetime.timedelta(days=1), acting_user=None
        )
        account_actions.do_add_membership(
            mover,
            unit=unit_of("toivo", "ryhmaohjaus"),
            role=Role.COUNSELLOR,
            is_public_official=False,
            acting_user=None,
        )
    assert theirs.pk in visible(mover)
    assert theirs.pk in set(
        client_scopes.own_clients(User.objects.get(pk=mover.pk)).values_list("pk", flat=True)
    )
    # a move to another organisation ends the view of the old own clients
    with acting(view="test:move"):
        for membership in mover.memberships.filter(valid_to__isnull=True):
            account_actions.do_end_membership(
                membership, valid_to=TODAY() - datetime.timedelta(days=1), acting_user=None
            )
        account_actions.do_add_membership(
            mover,
            unit=kokkola_unit(),
            role=Role.COUNSELLOR,
            is_public_official=True,
            acting_user=None,
        )
    moved = User.objects.get(pk=mover.pk)
    assert theirs.pk not in visible(moved)
    assert not client_scopes.own_clients(moved).exists()
    assert not client_scopes.may_write_casework(moved, theirs)
    assert visible(moved) == ids(clients, *KOKKOLA)
    # a role without casework kept in the old organisation does not bring the clients back
    with acting(view="test:move"):
        account_actions.do_add_membership(
            moved,
            unit=joensuu_unit(),
            role=Role.AUDITOR,
            is_public_official=False,
            acting_user=None,
        )
    assert theirs.pk not in visible(User.objects.get(pk=mover.pk))
    # the old unit still sees the client, whose manager assigns a new counsellor
    assert theirs.pk in visible(world["manager.joensuu"])


def test_get_client_for_user_answers_404_for_hidden_and_unknown_ids(
    clients: dict[str, Client], world: dict[str, User]
) -> None:
    user = world["counsellor.joensuu"]
    assert client_scopes.get_client_for_user(user, clients["own"].pk) == clients["own"]
    assert client_scopes.get_client_for_user(user, str(clients["own"].pk)) == clients["own"]
    for client_id in (clients["kokkola"].pk, uuid.uuid4()):
        with pytest.raises(Http404):
            client_scopes.get_client_for_user(user, client_id)


def test_the_log_report_reaches_the_auditors_organisation_as_well(
    clients: dict[str, Client], world: dict[str, User]
) -> None:
    auditor = world["auditor.joensuu"]
    reachable = set(client_scopes.log_report_clients(auditor).values_list("pk", flat=True))
    assert reachable == ids(clients, *JOENSUU)
    counsellor = world["counsellor.kokkola"]
    assert set(client_scopes.log_report_clients(counsellor).values_list("pk", flat=True)) == ids(
        clients, *KOKKOLA
    )
    assert client_scopes.get_client_for_user(auditor, clients["own"].pk, for_log_report=True)
    with pytest.raises(Http404):
        client_scopes.get_client_for_user(auditor, clients["own"].pk)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("counsellor.joensuu", 200),
        ("manager.joensuu", 200),
        ("counsellor.kokkola", 404),
        ("employment.kokkola", 404),
        ("auditor.joensuu", 404),
        ("coordinator.joensuu", 404),
        ("ngo.spr", 404),
    ],
)
def test_the_client_page_is_404_outside_the_scope(
    clients: dict[str, Client], sign_in: Callable[[str], HttpClient], persona: str, status: int
) -> None:
    before = AccessEvent.objects.filter(client_id=clients["own"].pk).count()
    assert sign_in(persona).get(f"/clients/{clients['own'].pk}/").status_code == status
    after = AccessEvent.objects.filter(client_id=clients["own"].pk).count()
    assert after == before + (1 if status == 200 else 0)


def test_the_employment_worker_opens_a_jobseekers_page(
    clients: dict[str, Client], sign_in: Callable[[str], HttpClient]
) -> None:
    browser = sign_in("employment.kokkola")
    assert browser.get(f"/clients/{clients['kannus_jobseeker'].pk}/").status_code == 200
    assert browser.get(f"/clients/{clients['kokkola'].pk}/").status_code == 404


def test_a_household_member_of_another_organisation_is_shown_without_a_name(
    clients: dict[str, Client], sign_in: Callable[[str], HttpClient], world: dict[str, User]
) -> None:
    own, other = clients["own"], clients["kokkola"]
    neighbour = clients["colleague"]
    user = world["counsellor.joensuu"]
    with acting(view="test", **persona_context(user)):
        for member in (other, neighbour):
            actions.do_add_household_member(
                own, member=member, relation=HouseholdMember.Relation.SIBLING, acting_user=user
            )
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    html = sign_in("counsellor.joensuu").get(f"/clients/{own.pk}/").content.decode()
    assert other.last_name not in html
    assert f"/clients/{other.pk}/" not in html
    assert neighbour.last_name in html
    rows = AccessEvent.objects.exclude(pk__in=before)
    assert {(r.client_id, r.purpose) for r in rows} == {(own.pk, ""), (neighbour.pk, "household")}


def test_visible_clients_is_one_query_for_any_number_of_units(
    clients: dict[str, Client], world: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    user = User.objects.get(pk=world["manager.joensuu"].pk)
    user.active_memberships  # noqa: B018 (load the cached memberships first)
    with django_assert_max_num_queries(4):
        assert len(list(client_scopes.visible_clients(user))) == 4


def test_the_assignment_is_made_in_the_counsellors_casework_unit_of_the_clients_organisation(
    add_client: Callable[..., Client], make_user: Callable[..., User], world: dict[str, User]
) -> None:
    """A user with several memberships: the assignment takes the casework unit in the
    client's organisation, not the first membership of any role."""
    both = make_user(Role.COORDINATOR, kokkola_unit(), username="both")
    with acting(view="test"):
        account_actions.do_add_membership(
            both,
            unit=joensuu_unit(),
            role=Role.COUNSELLOR,
            is_public_official=True,
            acting_user=None,
        )
    theirs = add_client("counsellor.joensuu")
    manager = world["manager.joensuu"]
    with acting(view="test", **persona_context(manager)):
        actions.do_assign_counsellor(theirs, User.objects.get(pk=both.pk), acting_user=manager)
    assignment = theirs.counsellor_assignments.get(end__isnull=True)
    assert assignment.unit == joensuu_unit()
    assert theirs.pk in visible(both)


def test_casework_write_checks_over_many_jobseekers_ask_the_employment_area_once(
    add_client: Callable[..., Client],
    world: dict[str, User],
    django_assert_num_queries: Any,
) -> None:
    """`may_write_casework` asked for each client of a list (the tray's "choose client…")
    looks up the employment area's municipalities once per request, not once per client."""
    since = TODAY() - datetime.timedelta(days=20)
    made = [
        add_client("counsellor.kokkola", municipality="272", jobseeker_since=since)
        for _ in range(4)
    ]
    worker = User.objects.get(username="employment.kokkola")
    rows = list(Client.objects.filter(pk__in=[c.pk for c in made]))
    assert worker.active_memberships  # loaded before counting
    with django_assert_num_queries(1):
        answers = [client_scopes.may_write_casework(worker, c) for c in rows]
    assert answers == [True] * 4
    kokkola_counsellor = User.objects.get(username="counsellor.kokkola")
    assert kokkola_counsellor.active_memberships
    with django_assert_num_queries(0):
        assert not any(client_scopes.may_write_casework(kokkola_counsellor, c) for c in rows)


def test_the_unit_tree_as_a_subquery_finds_the_same_units_as_the_tree_walk(
    clients: dict[str, Client], world: dict[str, User]
) -> None:
    # `access.scopes.unit_tree`: the units and sub-units (two levels down) of a user's roles as a
    # recursive subquery of the query that uses it, the same set as `unit_ids` reads, and
    # that set itself once the request has read it
    from kotopolku.access import scopes
    from kotopolku.orgs.models import Unit

    parent = joensuu_unit()
    with acting(view="test"):
        sub = org_actions.do_create_unit(
            parent.organisation,
            slug="ohjaus-outokumpu",
            name={"fi": "Outokummun ohjaus", "sv": "Outokumpu", "en": "Outokumpu"},
            parent=parent,
            acting_user=None,
        )
        subsub = org_actions.do_create_unit(
            parent.organisation,
            slug="ohjaus-outokumpu-kylat",
            name={"fi": "Kylät", "sv": "Byarna", "en": "Villages"},
            parent=sub,
            acting_user=None,
        )
    roles = (Role.UNIT_MANAGER,)
    manager = User.objects.get(username="manager.joensuu")
    tree = scopes.unit_tree(manager, roles=roles)
    assert not isinstance(tree, set)
    found = set(Unit.objects.filter(pk__in=tree).values_list("pk", flat=True))
    assert {parent.pk, sub.pk, subsub.pk} <= found
    assert found == scopes.unit_ids(User.objects.get(pk=manager.pk), roles=roles)
    scopes.unit_ids(manager, roles=roles)  # read once in this "request": the set is reused
    assert scopes.unit_tree(manager, roles=roles) == found
    # no role of the kind: no units, and no subquery
    assert scopes.unit_tree(manager, roles=(Role.AUDITOR,)) == set()
