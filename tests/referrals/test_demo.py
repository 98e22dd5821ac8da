"""The demo referrals: several states, made through the actions, idempotent; nothing
without tray entries."""

from __future__ import annotations

from typing import Any

from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.referrals import demo, queries
from kotopolku.referrals.models import Referral
from tests.referrals.conftest import AUTHORITY, NGO, make_service


def test_the_demo_makes_referrals_in_several_states(demo_world_with_clients: Any) -> None:
    with acting(view="test:demo"):
        assert demo.load() == []  # no tray entries yet: nothing to refer to
        for _n in range(2):
            make_service(NGO)
        make_service(AUTHORITY)
        made = demo.load()
        assert demo.load() == []  # idempotent
    assert len(made) == 5
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"sent", "accepted", "completed", "declined"}
    assert Referral.objects.filter(consent__isnull=True).exclude(legal_basis="").count() == 1
    assert queries.stale(Referral.objects.all()).count() == 1
    assert ChangeEvent.objects.filter(subject_type="referral", action="create").count() == 5


def test_the_authoritys_service_is_in_the_clients_plan_linked_to_the_entry(
    demo_world_with_clients: Any,
) -> None:
    from kotopolku.casework import demo as casework_demo
    from kotopolku.casework.models import PlannedService

    with acting(view="test:demo"):
        casework_demo.load()
        make_service(NGO)
        entry = make_service(AUTHORITY, name="Työnhaun tuki")
        demo.load()
    referral = Referral.objects.get(service=entry)
    linked = PlannedService.objects.get(catalog_service=entry)
    assert linked.plan.client_id == referral.client_id
    assert linked.provider == entry.owner
    assert linked.status == "directed"
