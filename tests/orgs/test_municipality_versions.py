"""Loading a changed code list ends old versions and starts new ones; history stays.

The scenario is a merger on 1.1.2027: Polvijärvi (607) joins Joensuu (167), so 607 ends and
167 gets a new version under a new name.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from kotopolku.access import scopes
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.actions import do_load_municipalities
from kotopolku.orgs.models import Municipality
from kotopolku.orgs.rules import parse_municipalities
from tests.orgs.helpers import edited_list

MERGER = datetime.date(2027, 1, 1)
EVE = datetime.date(2026, 12, 31)


@pytest.fixture
def merged(db: Any, tmp_path: Path) -> Path:
    path = tmp_path / "municipalities-2027.csv"
    path.write_text(
        edited_list(drop=("607",), change={"167": {"name_fi": "Suur-Joensuu"}}), encoding="utf-8"
    )
    call_command("load_municipalities", str(path), f"--valid-from={MERGER}")
    return path


def test_the_removed_code_ends_the_day_before(merged: Path) -> None:
    polvijarvi = Municipality.objects.get(code="607")
    assert polvijarvi.valid_from == datetime.date(2025, 1, 1)
    assert polvijarvi.valid_to == EVE


def test_the_renamed_code_has_two_versions(merged: Path) -> None:
    old, new = Municipality.objects.filter(code="167").order_by("valid_from")
    assert (old.name_fi, old.valid_from, old.valid_to) == (
        "Joensuu",
        datetime.date(2025, 1, 1),
        EVE,
    )
    assert (new.name_fi, new.valid_from, new.valid_to) == ("Suur-Joensuu", MERGER, None)
    assert new.region_id == old.region_id
    assert new.wellbeing_county_id == old.wellbeing_county_id


def test_unchanged_codes_keep_their_single_version(merged: Path) -> None:
    assert Municipality.objects.count() == 309
    helsinki = Municipality.objects.get(code="091")
    assert helsinki.valid_to is None
    assert helsinki.valid_from == datetime.date(2025, 1, 1)


def test_valid_on_the_eve_of_the_merger(merged: Path) -> None:
    eve = Municipality.objects.valid_on(EVE)
    assert eve.count() == 308
    assert eve.get(code="167").name_fi == "Joensuu"
    assert eve.filter(code="607").exists()


def test_valid_on_the_day_of_the_merger(merged: Path) -> None:
    day = Municipality.objects.valid_on(MERGER)
    assert day.count() == 307
    assert day.get(code="167").name_fi == "Suur-Joensuu"
    assert not day.filter(code="607").exists()
    later = Municipality.objects.valid_on(datetime.date(2030, 6, 1))
    assert later.count() == 307


def test_each_version_end_and_start_is_in_the_change_log(merged: Path) -> None:
    events = ChangeEvent.objects.filter(subject_type="municipality")
    ended = {
        Municipality.objects.get(pk=e.subject_id).code: e
        for e in events.filter(action=ChangeEvent.Action.UPDATE)
    }
    created = {
        Municipality.objects.get(pk=e.subject_id).code: e
        for e in events.filter(action=ChangeEvent.Action.CREATE)
    }
    assert set(ended) == {"167", "607"}
    assert set(created) == {"167"}
    assert ended["607"].changes == {"valid_to": [None, "2026-12-31"]}
    assert created["167"].changes == {
        "code": [None, "167"],
        "name_fi": [None, "Suur-Joensuu"],
        "valid_from": [None, "2027-01-01"],
    }
    assert {e.view for e in events} == {"command:load_municipalities"}


def test_loading_the_same_list_again_changes_nothing(merged: Path) -> None:
    events = ChangeEvent.objects.count()
    rows = parse_municipalities(merged.read_text(encoding="utf-8"))
    with acting(view="test:reload"):
        report = do_load_municipalities(rows, valid_from=MERGER)
    assert (report.created, report.ended, report.unchanged) == ([], [], 307)
    assert Municipality.objects.count() == 309
    assert ChangeEvent.objects.count() == events


def test_a_region_change_is_a_new_version(db: Any) -> None:
    text = edited_list(change={"090": {"region_code": "11", "region_name_fi": "Pohjois-Savo"}})
    with acting(view="test"):
        report = do_load_municipalities(parse_municipalities(text), valid_from=MERGER)
    assert report.created == ["090"] and report.ended == ["090"]
    assert Municipality.objects.valid_on(MERGER).get(code="090").region.code == "11"
    assert Municipality.objects.valid_on(EVE).get(code="090").region.code == "12"


def test_a_language_majority_change_is_a_new_version(db: Any) -> None:
    text = edited_list(change={"272": {"language_majority": "sv"}})
    with acting(view="test"):
        do_load_municipalities(parse_municipalities(text), valid_from=MERGER)
    assert Municipality.objects.valid_on(MERGER).get(code="272").language_majority == "sv"
    assert Municipality.objects.valid_on(EVE).get(code="272").language_majority == "fi"


def test_an_organisation_still_serves_a_renamed_code(demo_world: dict[str, Any]) -> None:
    started = timezone.localdate() - datetime.timedelta(days=30)
    text = edited_list(change={"167": {"name_fi": "Suur-Joensuu"}})
    with acting(view="test"):
        do_load_municipalities(parse_municipalities(text), valid_from=started)
    coordinator = demo_world["coordinator.joensuu"]
    in_force = scopes.served_municipalities(coordinator).filter(
        pk__in=Municipality.objects.valid_on()
    )
    assert "167" in set(in_force.values_list("code", flat=True))
