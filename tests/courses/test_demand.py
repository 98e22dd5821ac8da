"""courses.demand over a small synthetic register: exact counts per theme x language x year of
integration, the interpreter rule at the threshold, attended themes, the counsellors'
requests and waitlists, who is read (active clients of the area only), and the number of
queries (two, whatever the number of clients)."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotopolku.audit.context import acting
from kotopolku.clients import actions as client_actions
from kotopolku.clients.models import Client, ClientStatus
from kotopolku.courses import demand as demand_module
from kotopolku.courses.demand import DemandRow, QuarterDemand, quarter_demand
from kotopolku.courses.rules import BEYOND, Curriculum, Quarter
from kotopolku.orgs.models import Municipality
from tests.clients import conftest as client_fixtures

_world_db = client_fixtures._world_db
world = client_fixtures.world
add_client = client_fixtures.add_client

QUARTER = Quarter(2026, 1)  # first day 1.1.2026: the day the year and the duty are taken on
JOENSUU, KONTIOLAHTI, KOKKOLA = "167", "276", "272"
AREA = (JOENSUU, KONTIOLAHTI)
CURRICULUM = Curriculum(
    guidance={1: ("y1-period", "y1-kela"), 2: ("y2-permits",), 3: ("y3-citizenship",)},
    civic_orientation=("civic",),
)
YEAR_1 = "2025-06-01"  # year 1 on 1.1.2026
YEAR_2 = "2024-03-01"  # year 2
LONG_AGO = "2021-01-01"  # beyond the third year

AddClient = Callable[..., Client]


def worker(add: AddClient, *owner: str, **data: Any) -> Client:
    """A client who came for work: not a kotoutuja-asiakas (no group of s. 14), so group
    guidance only."""
    return add(*owner, immigration_basis="work", **data)


def rows_of(result: QuarterDemand) -> dict[tuple[str, str, int | None], DemandRow]:
    return {(r.theme, r.language, r.year): r for r in result.rows}


@pytest.fixture
def register(add_client: AddClient, world: dict[str, Any]) -> dict[str, Any]:
    arabic = [
        worker(add_client, mother_tongue="ar", first_permit_date=YEAR_1, municipality=m)
        for m in (JOENSUU, JOENSUU, JOENSUU, KONTIOLAHTI, KONTIOLAHTI)
    ]
    dari = [
        worker(add_client, mother_tongue="fa", service_languages=["en"], first_permit_date=YEAR_1)
        for _ in range(2)
    ]
    somali = worker(add_client, mother_tongue="so", first_permit_date=YEAR_1)
    refugee = add_client(
        mother_tongue="ar", first_permit_date=YEAR_2, immigration_basis="quota_refugee"
    )
    beyond = worker(add_client, mother_tongue="ru", first_permit_date=LONG_AGO)
    no_start = worker(add_client, mother_tongue="uk", first_permit_date=None)
    no_language = worker(add_client, mother_tongue="ti", first_permit_date=YEAR_1)
    Client.objects.filter(pk=no_language.pk).update(mother_tongue="")
    # not read: a closed client and a client of another municipality
    closed = worker(add_client, mother_tongue="ar", first_permit_date=YEAR_1)
    with acting(view="test:close"):
        client_actions.do_set_status(
            closed, ClientStatus.CLOSED, acting_user=world["counsellor.joensuu"]
        )
    worker(
        add_client,
        "counsellor.kokkola",
        mother_tongue="ar",
        first_permit_date=YEAR_1,
        municipality=KOKKOLA,
    )
    return {
        "arabic": arabic,
        "dari": dari,
        "somali": somali,
        "refugee": refugee,
        "beyond": beyond,
        "no_start": no_start,
        "no_language": no_language,
    }


def test_the_demand_counts_each_theme_language_and_year(register: dict[str, Any]) -> None:
    first = register["arabic"][0]
    result = quarter_demand(QUARTER, AREA, curriculum=CURRICULUM, attended={first.pk: {"y1-kela"}})
    rows = rows_of(result)
    # y1-period: five Arabic speakers reach the threshold of 5: an Arabic group; the two Dari
    # speakers know English (a shared language): no interpreter; the Somali speaker and the
    # client without a language join the Finnish group with an interpreter
    assert rows[("y1-period", "ar", 1)].clients == 5
    assert rows[("y1-period", "ar", 1)].interpreters == ()
    assert rows[("y1-period", "en", 1)].clients == 2
    assert rows[("y1-period", "en", 1)].needing_interpreter == 0
    finnish = rows[("y1-period", "fi", 1)]
    assert finnish.clients == 2
    assert finnish.interpreters == (("so", 1), ("und", 1))
    # y1-kela: the first Arabic speaker attended it, four remain: below the threshold, so they
    # join the Finnish group with Arabic interpreting
    assert ("y1-kela", "ar", 1) not in rows
    kela = rows[("y1-kela", "fi", 1)]
    assert kela.clients == 6
    assert kela.interpreters == (("ar", 4), ("so", 1), ("und", 1))
    assert kela.needing_interpreter == 6
    assert rows[("y1-kela", "en", 1)].clients == 2
    # the quota refugee is in year 2 and a kotoutuja-asiakas: year-2 themes and civic
    # orientation, alone in Arabic: Finnish with an interpreter
    assert rows[("y2-permits", "fi", 2)].interpreters == (("ar", 1),)
    assert rows[("civic", "fi", 2)].clients == 1
    assert rows[("civic", "fi", 2)].interpreters == (("ar", 1),)
    # nobody else needs civic orientation (work permits, no group of s. 14); nobody needs a
    # year-3 theme; the client beyond the third year and the one without a start need nothing
    assert set(rows) == {
        ("y1-period", "ar", 1),
        ("y1-period", "en", 1),
        ("y1-period", "fi", 1),
        ("y1-kela", "en", 1),
        ("y1-kela", "fi", 1),
        ("y2-permits", "fi", 2),
        ("civic", "fi", 2),
    }
    assert [(r.theme, r.language) for r in result.rows] == [
        ("y1-period", "ar"),
        ("y1-period", "en"),
        ("y1-period", "fi"),
        ("y1-kela", "en"),
        ("y1-kela", "fi"),
        ("y2-permits", "fi"),
        ("civic", "fi"),
    ]
    assert result.clients_read == 12
    assert result.clients_in_demand == 10
    assert (result.start_unknown, result.language_unknown) == (1, 1)
    assert result.threshold == 5 and result.municipalities == AREA
    assert dict(result.course_languages)["y1-period"] == ("ar", "en", "fi")
    assert dict(result.course_languages)["y1-kela"] == ("en", "fi")


def test_a_lower_threshold_gives_the_four_their_own_group(register: dict[str, Any]) -> None:
    first = register["arabic"][0]
    result = quarter_demand(
        "2026Q1",
        AREA,
        curriculum=CURRICULUM,
        attended=lambda key: {"y1-kela"} if key == str(first.pk) else (),
        threshold=4,
    )
    rows = rows_of(result)
    assert rows[("y1-kela", "ar", 1)].clients == 4
    assert rows[("y1-kela", "fi", 1)].interpreters == (("so", 1), ("und", 1))
    assert result.threshold == 4


def test_the_threshold_setting_is_read_when_none_is_given(
    register: dict[str, Any], settings: Any
) -> None:
    settings.COURSE_LANGUAGE_THRESHOLD = 6
    rows = rows_of(quarter_demand(QUARTER, AREA, curriculum=CURRICULUM))
    # five Arabic speakers: one below six
    assert ("y1-period", "ar", 1) not in rows
    assert rows[("y1-period", "fi", 1)].interpreters == (("ar", 5), ("so", 1), ("und", 1))
    settings.COURSE_SHARED_LANGUAGES = ["en", "fi"]
    rows = rows_of(quarter_demand(QUARTER, AREA, curriculum=CURRICULUM))
    assert rows[("y1-period", "en", 1)].clients == 9
    assert ("y1-period", "fi", 1) not in rows


def test_requests_and_waitlists_add_to_the_demand(register: dict[str, Any]) -> None:
    outsider = uuid.uuid4()  # a client of another area, or no longer active: year unknown
    dari = register["dari"][0]
    beyond = register["beyond"]
    result = quarter_demand(
        QUARTER,
        AREA,
        curriculum=CURRICULUM,
        requests={("y1-period", "ar"): [outsider], ("y1-period", "fi"): [dari.pk]},
        waitlists={("y3-citizenship", "en"): [str(beyond.pk)], ("y1-period", "ar"): [outsider]},
    )
    rows = rows_of(result)
    # the outsider is on the waitlist (it wins over the request) in Arabic, a course language
    assert rows[("y1-period", "ar", None)] == DemandRow(
        "y1-period", "ar", None, clients=1, requested=0, waitlisted=1, interpreters=()
    )
    assert rows[("y1-period", "ar", 1)].clients == 5
    # the counsellor asked Finnish for the first Dari speaker: Finnish, no interpreter
    assert rows[("y1-period", "en", 1)].clients == 1
    finnish = rows[("y1-period", "fi", 1)]
    assert (finnish.clients, finnish.requested, finnish.interpreters) == (
        3,
        1,
        (("so", 1), ("und", 1)),
    )
    # the client beyond the third year waits for a year-3 theme in English
    assert rows[("y3-citizenship", "en", BEYOND)].waitlisted == 1
    assert rows[("y3-citizenship", "en", BEYOND)].as_dict()["year"] == "beyond"
    # the curriculum's order, then the language, then the year (unknown last)
    keys = [(r.theme, r.language, r.year) for r in result.rows]
    assert keys.index(("y1-period", "ar", 1)) + 1 == keys.index(("y1-period", "ar", None))


def test_a_request_below_the_threshold_follows_the_interpreter_rule(
    register: dict[str, Any],
) -> None:
    somali = register["somali"]
    rows = rows_of(
        quarter_demand(
            QUARTER, AREA, curriculum=CURRICULUM, requests={("y1-period", "prs"): [somali.pk]}
        )
    )
    # one Dari request does not make Dari a course language: Finnish with a Dari interpreter
    finnish = rows[("y1-period", "fi", 1)]
    assert finnish.interpreters == (("prs", 1), ("und", 1))
    assert finnish.requested == 1


def test_as_dict_is_json_and_in_order(register: dict[str, Any]) -> None:
    result = quarter_demand(QUARTER, [*AREA, JOENSUU], curriculum=CURRICULUM)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["quarter"] == "2026Q1"
    assert (data["first_day"], data["last_day"]) == ("2026-01-01", "2026-03-31")
    assert data["municipalities"] == ["167", "276"]
    assert data["rows"][0] == {
        "theme": "y1-period",
        "language": "ar",
        "year": 1,
        "clients": 5,
        "requested": 0,
        "waitlisted": 0,
        "needing_interpreter": 0,
        "interpreters": {},
    }
    assert data["rules"][0] == "integration-year-toivo"
    assert quarter_demand(QUARTER, AREA, curriculum=CURRICULUM).as_dict() == result.as_dict()


def test_an_area_without_municipalities_reads_nobody(world: dict[str, Any]) -> None:
    result = quarter_demand(QUARTER, [], curriculum=CURRICULUM)
    assert (result.rows, result.clients_read) == ((), 0)
    with pytest.raises(ValueError, match="shared_languages"):
        quarter_demand(QUARTER, AREA, curriculum=CURRICULUM, shared_languages=())


def test_the_queries_do_not_grow_with_the_number_of_clients(
    add_client: AddClient, world: dict[str, Any]
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            quarter_demand(QUARTER, AREA, curriculum=CURRICULUM)
        return len(ctx.captured_queries)

    for _ in range(3):
        worker(add_client, mother_tongue="ar", first_permit_date=YEAR_1)
    add_client(
        mother_tongue="so", first_permit_date=YEAR_2, jobseeker_since=datetime.date(2025, 9, 1)
    )
    few = count()
    for _ in range(12):
        add_client(
            mother_tongue="fa", first_permit_date=YEAR_2, jobseeker_since=datetime.date(2025, 9, 1)
        )
    many = count()
    assert few == many == 2
    assert demand_module.quarter_demand(QUARTER, AREA, curriculum=CURRICULUM).clients_read == 16


def test_a_registered_jobseeker_is_a_kotoutuja_asiakas_and_needs_civic_orientation(
    add_client: AddClient, world: dict[str, Any]
) -> None:
    # a work permit, no other group of s. 14: only the employment authority's duty makes the
    # client a kotoutuja-asiakas (registered jobseeker from 1.9.2025, before the quarter)
    jobseeker = worker(
        add_client,
        mother_tongue="ar",
        first_permit_date=YEAR_1,
        jobseeker_since=datetime.date(2025, 9, 1),
    )
    worker(add_client, mother_tongue="ar", first_permit_date=YEAR_1)
    Client.objects.filter(pk=jobseeker.pk).update(civic_orientation_pending=False)
    areas = Municipality.objects.filter(code__in=AREA)
    result = quarter_demand(QUARTER, areas, curriculum=CURRICULUM)
    rows = rows_of(result)
    assert result.municipalities == AREA
    assert rows[("y1-period", "fi", 1)].interpreters == (("ar", 2),)
    assert rows[("civic", "fi", 1)].clients == 1
    # once attended, civic orientation is no longer needed
    attended = {jobseeker.pk: ["civic"]}
    assert ("civic", "fi", 1) not in rows_of(
        quarter_demand(QUARTER, areas, curriculum=CURRICULUM, attended=attended)
    )
