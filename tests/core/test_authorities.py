"""The dated names of the state authorities of integration (DOMAIN.md 0.1 C9): the ELY
centre until 31.12.2025, the vitality centre (elinvoimakeskus) from 1.1.2026; the names are
used by the client page and by the import's recognition of organisations."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from kotopolku.catalog.exchange.hsds import organisation_kind
from kotopolku.core import authorities
from kotopolku.core.rulebook import check_sequence
from kotopolku.orgs.models import Organisation
from tests.clients import conftest as client_fixtures

_world_db = client_fixtures._world_db
world = client_fixtures.world
sign_in = client_fixtures.sign_in
add_client = client_fixtures.add_client

D = datetime.date
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
LAST_ELY_DAY = D(2025, 12, 31)
FIRST_VITALITY_DAY = D(2026, 1, 1)


def dd(html: str, marker: str) -> str:
    """The text of the <dd> marked `data-authority="marker"`."""
    part = html[html.index(f'data-authority="{marker}"') :]
    return part[: part.index("</dd>")]


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        (
            "fi",
            "Elinkeino-, liikenne- ja ympäristökeskus (ELY-keskus)",
            "Elinvoimakeskus",
        ),
        (
            "sv",
            "Närings-, trafik- och miljöcentralen (NTM-centralen)",
            "Livskraftscentralen",
        ),
        (
            "en",
            "Centre for Economic Development, Transport and the Environment (ELY Centre)",
            "Regional vitality centre (elinvoimakeskus)",
        ),
    ],
)
def test_the_regional_authority_is_named_by_the_day_on_both_sides_of_1_1_2026(
    language: str, before: str, after: str
) -> None:
    with translation.override(language):
        assert authorities.name(authorities.REGIONAL, LAST_ELY_DAY) == before
        assert authorities.name(authorities.REGIONAL, FIRST_VITALITY_DAY) == after


def test_the_keha_centre_keeps_its_short_name_and_changes_its_full_name() -> None:
    with translation.override("fi"):
        old = authorities.name(authorities.KEHA, LAST_ELY_DAY)
        new = authorities.name(authorities.KEHA, FIRST_VITALITY_DAY)
        assert old != new
        assert new.startswith("Työllisyys-, kehittämis- ja hallintokeskus")
        assert authorities.name(authorities.KEHA, LAST_ELY_DAY, short=True) == (
            authorities.name(authorities.KEHA, FIRST_VITALITY_DAY, short=True)
        )


def test_each_authority_has_dated_rows_without_gaps() -> None:
    for rows in authorities.NAMES.values():
        check_sequence(tuple(r.rule for r in rows))
        assert rows[-1].valid_to is None
        assert rows[-1].valid_from == FIRST_VITALITY_DAY


def test_before_the_first_row_there_is_no_name() -> None:
    with pytest.raises(authorities.NoNameError):
        authorities.name(authorities.REGIONAL, D(2009, 12, 31))
    assert authorities.name_or_none(authorities.REGIONAL, D(2009, 12, 31)) is None
    assert authorities.name_or_none(authorities.REGIONAL, None) is None


@pytest.mark.parametrize(
    "name",
    ["Pohjanmaan ELY-keskus", "Pohjanmaan elinvoimakeskus", "Österbottens livskraftscentral"],
)
def test_an_imported_organisation_is_recognised_under_either_name(name: str) -> None:
    assert organisation_kind(name) == Organisation.Kind.STATE_AGENCY


@pytest.mark.parametrize(
    ("since", "placed_by"),
    [
        ("2025-12-31", "Centre for Economic Development, Transport and the Environment"),
        ("2026-01-01", "Regional vitality centre (elinvoimakeskus)"),
    ],
)
def test_the_client_page_names_the_placing_authority_of_the_day(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Any],
    since: str,
    placed_by: str,
) -> None:
    client = add_client(municipality_since=since)
    browser = sign_in("counsellor.joensuu")
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = browser.get(reverse("clients:detail", args=[client.pk])).content.decode()
    assert placed_by in dd(html, "placed-by")


@pytest.mark.parametrize(
    ("today", "costs_by"),
    [(LAST_ELY_DAY, "(ELY Centre)"), (FIRST_VITALITY_DAY, "(elinvoimakeskus)")],
)
def test_the_client_page_names_who_decides_the_special_costs_today(
    sign_in: Callable[[str], HttpClient],
    add_client: Callable[..., Any],
    today: D,
    costs_by: str,
) -> None:
    client = add_client(municipality_since="2025-06-01")
    browser = sign_in("counsellor.joensuu")
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=HELSINKI)
    with time_machine.travel(noon, tick=False):
        html = browser.get(reverse("clients:detail", args=[client.pk])).content.decode()
    assert costs_by in dd(html, "costs-by")


def test_the_client_page_names_no_placing_authority_for_a_work_permit(
    sign_in: Callable[[str], HttpClient], add_client: Callable[..., Any]
) -> None:
    client = add_client(immigration_basis="work", municipality_since="2026-01-01")
    browser = sign_in("counsellor.joensuu")
    html = browser.get(reverse("clients:detail", args=[client.pk])).content.decode()
    assert "data-authority" not in html
