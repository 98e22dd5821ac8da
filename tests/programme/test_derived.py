"""Content derived from the tray and the register: the responsibility table, the languages of
civic orientation (counts under 5 suppressed), the training providers; in few queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotopolku.catalog.models import Service
from kotopolku.programme import derived
from kotopolku.programme.models import Programme
from tests.programme.documents_helpers import kokkola_programme, make_clients, make_service

KOKKOLA_ORG = "kokkola-kotoutumispalvelut"
EMPLOYMENT = "keski-pohjanmaan-tyollisyysalue"


@pytest.fixture
def programme(demo_world: dict[str, Any]) -> Programme:
    return kokkola_programme()


@pytest.fixture
def tray(programme: Programme) -> None:
    make_service(
        EMPLOYMENT,
        "Kotoutumiskoulutus työnhakijoille",
        programme_element="integration_training",
        target_groups=["jobseekers"],
    )
    make_service(
        KOKKOLA_ORG,
        "Lyhytkurssit kotona oleville",
        programme_element="integration_training",
        target_groups=["parents_at_home", "seniors"],
    )
    make_service(
        KOKKOLA_ORG,
        "Yhteiskuntaorientaatio",
        programme_element="civic_orientation",
        languages=["ar", "ru"],
        target_groups=["adults"],
    )
    make_service(
        KOKKOLA_ORG,
        "Luku- ja kirjoitustaidon koulutus",
        programme_element="language_work",
        target_groups=["literacy"],
    )
    # not for the programme: another municipality, a draft, an archived entry
    make_service(
        "toivo",
        "Joensuun orientaatio",
        programme_element="civic_orientation",
        languages=["so"],
        municipality_codes=["167"],
    )
    make_service(
        KOKKOLA_ORG,
        "Luonnos",
        programme_element="civic_orientation",
        languages=["ti"],
        status=Service.Status.DRAFT,
    )
    make_service(KOKKOLA_ORG, "Vanha", programme_element="guidance", status=Service.Status.ARCHIVED)


def test_split_by_target_groups() -> None:
    assert derived.split(["jobseekers"]) == (True, False)
    assert derived.split(["parents_at_home", "seniors"]) == (False, True)
    assert derived.split(["jobseekers", "women"]) == (True, True)
    assert derived.split([]) == (True, True)
    assert derived.split(["adults"]) == (True, True)


def test_the_responsibility_table_from_the_tray(programme: Programme, tray: None) -> None:
    result = derived.derive(programme)
    elements = [r.element for r in result.responsibility]
    assert elements == ["civic_orientation", "integration_training", "language_work"]
    training = result.row("integration_training")
    assert training is not None
    assert training.jobseekers == ["Keski-Pohjanmaan työllisyysalue"]
    assert training.others == ["Kokkolan kaupunki, Kotoutumispalvelut"]
    assert [e.name for e in training.entries] == [
        "Kotoutumiskoulutus työnhakijoille",
        "Lyhytkurssit kotona oleville",
    ]
    assert result.row("guidance") is None  # archived: not in the table


def test_the_providers_of_integration_and_literacy_training(
    programme: Programme, tray: None
) -> None:
    result = derived.derive(programme)
    assert result.integration_training_providers == [
        "Keski-Pohjanmaan työllisyysalue",
        "Kokkolan kaupunki, Kotoutumispalvelut",
    ]
    assert result.literacy_providers == ["Kokkolan kaupunki, Kotoutumispalvelut"]


def test_names_follow_the_language_asked_for(programme: Programme, tray: None) -> None:
    result = derived.derive(programme, "sv")
    assert result.integration_training_providers[0] == "Karleby stad, Integrationstjänster"


def test_civic_orientation_languages_offered_and_in_demand(
    programme: Programme, tray: None
) -> None:
    make_clients(7, "ar")
    make_clients(2, "so")
    make_clients(3, "fa", civic_orientation_pending=False)  # already offered
    make_clients(4, "ti", status="closed")  # not an active client
    make_clients(6, "ku", code="167")  # another municipality
    make_clients(5, "en", service_languages=["uk"])  # counted in their language of service
    result = derived.derive(programme, "en")
    assert result.civic_languages_offered == ["ar", "ru"]
    shown = {d.language: (d.clients.label, d.offered) for d in result.civic_demand}
    assert shown == {
        "ar": ("7", True),
        "uk": ("5", False),
        "so": ("under 5", False),
        "ru": ("0", True),
    }
    assert set(result.civic_languages) == {"ar", "uk", "so", "ru"}
    # ordered by what is shown, never by the exact small count
    assert [d.language for d in result.civic_demand][:2] == ["ar", "uk"]


def test_derived_content_takes_a_fixed_number_of_queries(programme: Programme, tray: None) -> None:
    # an entry naming no municipality is the owner's: one more query, whatever their number
    make_service(KOKKOLA_ORG, "Ohjaus", programme_element="guidance", municipality_codes=[])
    with CaptureQueriesContext(connection) as few:
        derived.derive(programme)
    for i in range(10):
        make_service(KOKKOLA_ORG, f"Lisää {i}", programme_element="guidance", municipality_codes=[])
    make_clients(20, "ar")
    with CaptureQueriesContext(connection) as many:
        result = derived.derive(programme)
    assert len(many) == len(few) <= 5
    assert len(result.row("guidance").entries) == 11  # type: ignore[union-attr]
