"""The synthetic demo clients: about 200, every basis of residence, test-range henkilötunnus
values only, many languages, families, jobseekers, and idempotent loading.

The demo world is loaded once for the module inside a transaction that is rolled back at
the end; every test runs in its own savepoint inside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import AccessEvent, ChangeEvent
from kotopolku.clients import actions, demo, rules, validation
from kotopolku.clients.models import Client, Household, ImmigrationBasis
from kotopolku.core import henkilotunnus
from kotopolku.ops.demo import load_all
from tests.conftest import PASSWORD


@pytest.fixture(scope="module")
def demo_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        with acting(view="test:demo_clients"):
            load_all()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_clients(demo_db: None, db: Any) -> list[Client]:
    return list(Client.objects.select_related("municipality", "responsible_unit__organisation"))


def test_there_are_about_two_hundred_demo_clients(demo_clients: list[Client]) -> None:
    assert 195 <= len(demo_clients) <= 215
    assert all(c.internal_number.startswith(demo.DEMO_MARK) for c in demo_clients)
    assert len({c.internal_number for c in demo_clients}) == len(demo_clients)


def test_both_sites_have_their_clients(demo_clients: list[Client]) -> None:
    by_org = Counter(c.responsible_unit.organisation.slug for c in demo_clients)
    assert set(by_org) == {"toivo", "kokkola-kotoutumispalvelut"}
    assert by_org["toivo"] >= 120
    assert by_org["kokkola-kotoutumispalvelut"] == 80
    kokkola = [c for c in demo_clients if c.responsible_unit.organisation.slug != "toivo"]
    assert {c.municipality.code for c in kokkola if c.municipality} == {"272"}


def test_every_immigration_basis_is_present(demo_clients: list[Client]) -> None:
    assert {c.immigration_basis for c in demo_clients} == set(ImmigrationBasis.values)


def test_some_clients_have_no_henkilotunnus(demo_clients: list[Client]) -> None:
    without = [c for c in demo_clients if c.henkilotunnus is None]
    assert 10 <= len(without) < len(demo_clients) // 2


def test_every_henkilotunnus_is_valid_and_in_the_test_range(demo_clients: list[Client]) -> None:
    codes = [c for c in demo_clients if c.henkilotunnus]
    assert codes
    for client in codes:
        hetu = henkilotunnus.parse(client.henkilotunnus)
        assert hetu.value == client.henkilotunnus
        assert 900 <= hetu.individual_number <= 999, client.henkilotunnus
        assert hetu.is_temporary
        assert hetu.birth_date == client.birth_date


def test_temporary_protection_without_a_municipality_has_no_henkilotunnus(
    demo_clients: list[Client],
) -> None:
    waiting = [
        c
        for c in demo_clients
        if c.immigration_basis == "temporary_protection" and c.municipality is None
    ]
    assert waiting
    assert all(c.henkilotunnus is None for c in waiting)
    assert {c.no_municipality_reason for c in waiting} == {"198-tp"}


def test_several_languages_are_spoken(demo_clients: list[Client]) -> None:
    tongues = Counter(c.mother_tongue for c in demo_clients)
    assert {"ru", "ar", "uk", "fa", "so", "th", "et", "en", "bn", "zh"} <= set(tongues)
    assert len(tongues) >= 12


def test_there_are_families_of_several_clients(demo_db: None, db: Any) -> None:
    sizes = Household.objects.annotate(clients=Count("members__client")).values_list(
        "clients", flat=True
    )
    assert sum(1 for n in sizes if n >= 2) >= 5
    assert any(n >= 3 for n in sizes), "some families have children too"


def test_some_clients_are_jobseekers_served_by_the_employment_area(
    demo_clients: list[Client],
) -> None:
    served = [c for c in demo_clients if c.responsible_authority == "employment_area"]
    assert 10 <= len(served) < len(demo_clients)
    assert all(c.jobseeker_periods.exists() for c in served)


def test_the_stored_derived_values_follow_the_rules(demo_clients: list[Client]) -> None:
    exempt = actions.exempt_bases()
    for client in demo_clients:
        expected_end = rules.integration_window_end(
            client.first_permit_date,
            client.immigration_basis,
            exempt_bases=exempt,
            today=client.created_at.date(),
        )
        assert client.integration_window_end == expected_end, client.pk
    victims = [c for c in demo_clients if c.immigration_basis == "trafficking_victim"]
    assert victims
    assert all(c.integration_window_end is None for c in victims)


def test_every_demo_client_passes_the_validation_of_the_forms(
    demo_clients: list[Client],
) -> None:
    for client in demo_clients:
        data = {name: getattr(client, name) for name in actions.CLIENT_FIELDS}
        data["municipality"] = client.municipality.code if client.municipality else ""
        for name in ("responsible_unit", "status"):
            data.pop(name)
        result = validation.validate(data)
        assert result.ok, (client.internal_number, result.errors)


def test_every_demo_client_has_an_own_counsellor_and_a_logged_history(
    demo_clients: list[Client],
) -> None:
    assert all(c.current_counsellor_id for c in demo_clients)
    created = set(
        ChangeEvent.objects.filter(subject_type="client", action="create").values_list(
            "client_id", flat=True
        )
    )
    assert created == {c.pk for c in demo_clients}


def test_loading_again_creates_nothing(demo_clients: list[Client]) -> None:
    users = User.objects.count()
    with acting(view="test:demo_clients"):
        assert demo.load() == 0
        load_all()
    assert Client.objects.count() == len(demo_clients)
    assert User.objects.count() == users


def test_the_demo_caseload_opens_fifty_own_clients_and_logs_them(
    demo_clients: list[Client],
) -> None:
    browser = HttpClient()
    response = browser.post(
        "/accounts/login/", {"username": "counsellor.joensuu", "password": PASSWORD}
    )
    assert response.status_code == 302
    browser.get("/clients/")
    clients = AccessEvent.objects.filter(subject_type="client")
    before = clients.count()
    with CaptureQueriesContext(connection) as queries:
        response = browser.get("/clients/")
    assert response.status_code == 200
    assert clients.count() == before + 50  # (the stale referrals' box logs its own reads)
    assert len(queries) < 20
    own = Client.objects.filter(current_counsellor__username="counsellor.joensuu").count()
    assert own > 50
    html = response.content.decode()
    assert 'rel="next"' in html
