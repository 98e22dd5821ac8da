"""Adding and ending memberships (roles in units) in user administration."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kotopolku.accounts import actions
from kotopolku.accounts.models import RoleGrant, User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Membership, Role, Unit
from tests.accounts.helpers import form_errors, fresh, tr

SUBJECT = "counsellor.joensuu"


def _unit(org: str = "toivo", slug: str = "hallinto") -> Unit:
    return Unit.objects.get(organisation__slug=org, slug=slug)


# A role that reads no client data: given at once. Roles that do wait for a second person's
# confirmation (tests/security/test_role_grants.py).
def _form(unit: Unit, /, **overrides: Any) -> dict[str, str]:
    data = {
        "unit": str(unit.pk),
        "role": Role.COORDINATOR,
        "valid_from": timezone.localdate().isoformat(),
        "valid_to": "",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def _membership_events(membership: Membership) -> list[ChangeEvent]:
    return list(
        ChangeEvent.objects.filter(
            subject_type="membership", subject_id=str(membership.pk)
        ).order_by("event_time", "id")
    )


def _add_directly(user: User, **kwargs: Any) -> Membership:
    with acting(view="test:membership"):
        return actions.do_add_membership(
            user,
            unit=_unit(),
            role=Role.COORDINATOR,
            is_public_official=False,
            acting_user=None,
            **kwargs,
        )


# --- Add ---------------------------------------------------------------------------------------


def test_adding_a_role_asks_for_the_password_first(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    subject = demo_world[SUBJECT]
    response = login("admin").post(f"/accounts/users/{subject.pk}/roles/new/", _form(_unit()))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm/")
    assert fresh(subject).roles == frozenset({Role.COUNSELLOR})


def test_adding_a_role_gives_it_and_logs_the_new_values(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    unit = _unit()
    today = timezone.localdate()
    assert admin_client.get(f"/accounts/users/{subject.pk}/roles/new/").status_code == 200
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/", _form(unit, is_public_official="on")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{subject.pk}/"
    membership = Membership.objects.get(user=subject, role=Role.COORDINATOR)
    assert membership.unit == unit
    assert membership.is_public_official
    assert membership.valid_from == today
    assert membership.valid_to is None
    assert fresh(subject).roles == frozenset({Role.COUNSELLOR, Role.COORDINATOR})
    [event] = _membership_events(membership)
    assert event.action == ChangeEvent.Action.GRANT
    assert event.actor_id == demo_world["admin"].pk
    assert event.changes == {
        "user": [None, str(subject.pk)],
        "unit": [None, str(unit.pk)],
        "role": [None, Role.COORDINATOR],
        "is_public_official": [None, True],
        "valid_from": [None, today.isoformat()],
    }


def test_a_role_can_be_given_for_a_period(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    start = timezone.localdate() + datetime.timedelta(days=10)
    end = start + datetime.timedelta(days=30)
    admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/",
        _form(_unit(), valid_from=start.isoformat(), valid_to=end.isoformat()),
    )
    membership = Membership.objects.get(user=subject, role=Role.COORDINATOR)
    assert (membership.valid_from, membership.valid_to) == (start, end)
    assert Role.COORDINATOR not in fresh(subject).roles  # not yet


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit": ""}, "unit"),
        ({"unit": "00000000-0000-0000-0000-000000000000"}, "unit"),
        ({"unit": "not-a-uuid"}, "unit"),
        ({"role": ""}, "role"),
        ({"role": "superuser"}, "role"),
        ({"valid_from": ""}, "valid_from"),
        ({"valid_from": "31.02.2025"}, "valid_from"),
        ({"valid_to": "yesterday"}, "valid_to"),
        ({"valid_from": "2025-05-10", "valid_to": "2025-05-09"}, "valid_to"),
    ],
)
def test_bad_membership_input_names_the_field_and_adds_nothing(
    demo_world: dict[str, User],
    admin_client: Client,
    overrides: dict[str, str],
    field: str,
) -> None:
    subject = demo_world[SUBJECT]
    before = Membership.objects.count()
    events_before = ChangeEvent.objects.count()
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/", _form(_unit(), **overrides)
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Membership.objects.count() == before
    assert ChangeEvent.objects.count() == events_before


def test_an_end_before_the_start_says_so(demo_world: dict[str, User], admin_client: Client) -> None:
    subject = demo_world[SUBJECT]
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/",
        _form(_unit(), valid_from="2025-05-10", valid_to="2025-05-09"),
    )
    assert form_errors(response, "valid_to") == [
        tr(response, "The end date is before the start date.")
    ]


def test_an_inactive_unit_cannot_be_chosen(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    unit = _unit("spr-joensuu", "vapaaehtoistoiminta")  # not the administrator's own unit
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    response = admin_client.post(f"/accounts/users/{subject.pk}/roles/new/", _form(unit))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Membership.objects.filter(user=subject, role=Role.COORDINATOR).exists()


DUPLICATE = "The user already has this role in this unit for these dates."


def _assert_refused_as_duplicate(response: Any, subject: User, count_before: int) -> None:
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["role"]
    assert form_errors(response, "role") == [tr(response, DUPLICATE)]
    assert 'id="id_role_error"' in response.content.decode()
    assert Membership.objects.filter(user=subject).count() == count_before


def test_adding_the_same_role_twice_on_one_day_gives_a_form_error(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    existing = Membership.objects.get(user=subject)
    events_before = ChangeEvent.objects.count()
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/",
        _form(existing.unit, role=existing.role, valid_from=existing.valid_from.isoformat()),
    )
    _assert_refused_as_duplicate(response, subject, 1)
    assert ChangeEvent.objects.count() == events_before


@pytest.mark.parametrize(
    ("existing_days", "new_days"),
    [
        ((0, None), (10, None)),  # open-ended, a later start
        ((0, None), (-10, 5)),  # open-ended, a period that reaches into it
        ((0, 30), (30, None)),  # the new one starts on the last day of the old one
        ((10, 20), (0, 10)),  # the new one ends on the first day of the old one
        ((10, 20), (12, 18)),  # inside
    ],
)
def test_an_overlapping_period_of_the_same_role_is_refused(
    demo_world: dict[str, User],
    admin_client: Client,
    existing_days: tuple[int, int | None],
    new_days: tuple[int, int | None],
) -> None:
    subject = demo_world[SUBJECT]
    today = timezone.localdate()

    def day(offset: int | None) -> datetime.date | None:
        return None if offset is None else today + datetime.timedelta(days=offset)

    _add_directly(subject, valid_from=day(existing_days[0]), valid_to=day(existing_days[1]))
    before = Membership.objects.filter(user=subject).count()
    new_from, new_to = day(new_days[0]), day(new_days[1])
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/",
        _form(_unit(), valid_from=new_from, valid_to=new_to or ""),
    )
    _assert_refused_as_duplicate(response, subject, before)


def test_the_same_role_for_a_period_that_does_not_overlap_is_added(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    today = timezone.localdate()
    _add_directly(subject, valid_from=today, valid_to=today + datetime.timedelta(days=9))
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/",
        _form(_unit(), valid_from=today + datetime.timedelta(days=10)),
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=subject, role=Role.COORDINATOR).count() == 2


def test_the_same_role_in_another_unit_is_added(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    existing = Membership.objects.get(user=subject)
    other = Unit.objects.filter(is_active=True).exclude(pk=existing.unit_id).first()
    assert other is not None
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/", _form(other, role=existing.role)
    )
    assert response.status_code == 302
    # a counsellor role reads client data: it waits for a second person's confirmation
    assert Membership.objects.filter(user=subject, role=existing.role).count() == 1
    assert RoleGrant.objects.filter(
        user=subject, unit=other, role=existing.role, status=RoleGrant.Status.PENDING
    ).exists()


def test_a_role_ended_on_its_first_day_can_be_given_again_the_same_day(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    existing = Membership.objects.get(user=subject)
    # a role that began today (the demo roles began years ago)
    Membership.objects.filter(pk=existing.pk).update(valid_from=timezone.localdate())
    existing.refresh_from_db()
    admin_client.post(f"/accounts/roles/{existing.pk}/end/")
    admin_client.raise_request_exception = False
    response = admin_client.post(
        f"/accounts/users/{subject.pk}/roles/new/",
        _form(existing.unit, role=existing.role, valid_from=existing.valid_from.isoformat()),
    )
    # the role is given again (a role ended on its first day never held), never a server error
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{subject.pk}/"
    # a counsellor role waits for a second person's confirmation
    assert RoleGrant.objects.filter(
        user=subject,
        unit=existing.unit,
        role=existing.role,
        valid_from=existing.valid_from,
        status=RoleGrant.Status.PENDING,
    ).exists()


# --- End ---------------------------------------------------------------------------------------


def test_ending_a_role_asks_for_the_password_first(
    demo_world: dict[str, User], login: Callable[[str], Client]
) -> None:
    membership = Membership.objects.get(user=demo_world[SUBJECT])
    response = login("admin").post(f"/accounts/roles/{membership.pk}/end/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm/")
    membership.refresh_from_db()
    assert membership.valid_to is None


def test_ending_a_role_sets_its_end_and_logs_old_and_new_values(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    membership = Membership.objects.get(user=subject)
    response = admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{subject.pk}/"
    membership.refresh_from_db()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # the end date is the last valid day: ending now makes yesterday the last one
    assert membership.valid_to == yesterday
    assert not membership.is_active_on(timezone.localdate())
    assert fresh(subject).roles == frozenset()
    events = _membership_events(membership)
    assert events[-1].action == ChangeEvent.Action.REVOKE
    assert events[-1].actor_id == demo_world["admin"].pk
    assert events[-1].changes == {"valid_to": [None, yesterday.isoformat()]}


def test_ending_a_role_that_would_end_later_moves_the_end_earlier(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    today = timezone.localdate()
    later = today + datetime.timedelta(days=60)
    start = today - datetime.timedelta(days=5)
    membership = _add_directly(demo_world[SUBJECT], valid_from=start, valid_to=later)
    admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    membership.refresh_from_db()
    yesterday = today - datetime.timedelta(days=1)
    assert membership.valid_to == yesterday
    assert _membership_events(membership)[-1].changes == {
        "valid_to": [later.isoformat(), yesterday.isoformat()]
    }


def test_ending_a_role_is_refused_for_get(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    membership = Membership.objects.get(user=demo_world[SUBJECT])
    assert admin_client.get(f"/accounts/roles/{membership.pk}/end/").status_code == 405
    membership.refresh_from_db()
    assert membership.valid_to is None


def test_ending_an_unknown_role_is_404(demo_world: dict[str, User], admin_client: Client) -> None:
    response = admin_client.post("/accounts/roles/00000000-0000-0000-0000-000000000000/end/")
    assert response.status_code == 404


def test_ending_a_role_that_already_ended_changes_nothing_and_logs_nothing(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    today = timezone.localdate()
    ended = today - datetime.timedelta(days=30)
    membership = _add_directly(
        subject, valid_from=today - datetime.timedelta(days=60), valid_to=ended
    )
    events_before = _membership_events(membership)
    response = admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == ended
    assert Role.COORDINATOR not in fresh(subject).roles
    assert _membership_events(membership) == events_before
    assert [e.action for e in events_before] == [ChangeEvent.Action.GRANT]


def test_ending_a_role_twice_logs_one_end(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    membership = Membership.objects.get(user=demo_world[SUBJECT])
    admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    membership.refresh_from_db()
    first_end = membership.valid_to
    admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    membership.refresh_from_db()
    assert membership.valid_to == first_end
    revokes = [e for e in _membership_events(membership) if e.action == ChangeEvent.Action.REVOKE]
    assert len(revokes) == 1


def test_ending_a_role_that_has_not_started_cancels_it(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    subject = demo_world[SUBJECT]
    start = timezone.localdate() + datetime.timedelta(days=7)
    membership = _add_directly(subject, valid_from=start)
    admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    membership.refresh_from_db()
    day_before = start - datetime.timedelta(days=1)
    assert membership.valid_from == start
    assert membership.valid_to == day_before  # ends before it starts: never valid
    for offset in (0, 1, 30):
        day = start + datetime.timedelta(days=offset)
        assert not Membership.objects.active(day).filter(pk=membership.pk).exists()
        assert not membership.is_active_on(day)
    assert _membership_events(membership)[-1].changes == {
        "valid_to": [None, day_before.isoformat()]
    }


def test_cancelling_a_role_that_has_not_started_twice_logs_one_end(
    demo_world: dict[str, User], admin_client: Client
) -> None:
    start = timezone.localdate() + datetime.timedelta(days=7)
    membership = _add_directly(demo_world[SUBJECT], valid_from=start)
    admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    membership.refresh_from_db()
    assert membership.valid_to == start - datetime.timedelta(days=1)
    revokes = [e for e in _membership_events(membership) if e.action == ChangeEvent.Action.REVOKE]
    assert len(revokes) == 1


def test_an_ended_role_no_longer_gives_access(
    demo_world: dict[str, User], admin_client: Client, login: Callable[[str], Client]
) -> None:
    subject = demo_world["auditor.joensuu"]
    membership = Membership.objects.get(user=subject)
    their_session = login(subject.username)
    assert their_session.get("/audit/access/").status_code == 200
    admin_client.post(f"/accounts/roles/{membership.pk}/end/")
    assert fresh(subject).roles == frozenset()
    # at once: in the session they already have, and in a new one
    assert their_session.get("/audit/access/").status_code == 404
    c = Client()
    c.post("/accounts/login/", {"username": subject.username, "password": "kotopolku-demo"})
    assert c.get("/audit/access/").status_code == 404
