"""`kotopolku load_municipalities FILE --valid-from DAY`: all or nothing."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs.models import Municipality, Region, WellbeingCounty
from tests.orgs.helpers import SHIPPED, edited_list

NEW_CODE = {
    "code": "999",
    "name_fi": "Uusikunta",
    "name_sv": "Nykommun",
    "region_code": "12",
    "region_name_fi": "Pohjois-Karjala",
    "region_name_sv": "Norra Karelen",
    "wellbeing_county_code": "14",
    "wellbeing_county_fi": "Pohjois-Karjalan hyvinvointialue",
    "wellbeing_county_sv": "Norra Karelens välfärdsområde",
    "sote_arrangement": "wellbeing_services_county",
    "language": "fi",
    "language_majority": "fi",
    "is_aland": "false",
}


def _state() -> tuple[Any, ...]:
    return (
        sorted(Municipality.objects.values_list("code", "name_fi", "valid_from", "valid_to")),
        sorted(Region.objects.values_list("code", "name_fi", "name_sv")),
        sorted(WellbeingCounty.objects.values_list("code", "name_fi", "name_sv")),
        ChangeEvent.objects.count(),
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "municipalities.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reloading_the_shipped_list_changes_nothing(db: Any) -> None:
    before = _state()
    out = StringIO()
    call_command("load_municipalities", str(SHIPPED), "--valid-from=2026-01-01", stdout=out)
    assert out.getvalue().strip() == "created 0, ended 0, unchanged 308"
    assert _state() == before


def test_a_bad_row_at_the_end_loads_nothing(db: Any, tmp_path: Path) -> None:
    def spoil_last(rows: list[dict[str, str]]) -> None:
        rows[-1]["code"] = "91"

    text = edited_list(add=[NEW_CODE], change={"167": {"name_fi": "Suur-Joensuu"}}, edit=spoil_last)
    before = _state()
    with pytest.raises(CommandError) as caught:
        call_command("load_municipalities", str(_write(tmp_path, text)), "--valid-from=2027-01-01")
    message = str(caught.value)
    assert "line 310, code" in message
    assert "'91'" in message
    assert "nothing was loaded" in message
    assert _state() == before


def test_a_missing_column_loads_nothing(db: Any, tmp_path: Path) -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    drop = header.index("language")
    text = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines
    )
    before = _state()
    with pytest.raises(CommandError, match="line 1, language: missing column"):
        call_command("load_municipalities", str(_write(tmp_path, text)), "--valid-from=2027-01-01")
    assert _state() == before


def test_a_missing_file_is_a_clean_error(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="path"):
        call_command("load_municipalities", str(tmp_path / "nope.csv"), "--valid-from=2027-01-01")


def test_a_database_failure_half_way_rolls_everything_back(db: Any, tmp_path: Path) -> None:
    # The new code comes first and is written; the changed row after it cannot end its
    # version on the day it started (valid_to would precede valid_from): all must roll back.
    def new_code_first(rows: list[dict[str, str]]) -> None:
        rows.insert(0, rows.pop())

    text = edited_list(
        add=[NEW_CODE], change={"167": {"name_fi": "Suur-Joensuu"}}, edit=new_code_first
    )
    before = _state()
    with pytest.raises((IntegrityError, CommandError)):
        call_command("load_municipalities", str(_write(tmp_path, text)), "--valid-from=2025-01-01")
    assert _state() == before
    assert not Municipality.objects.filter(code="999").exists()


def test_correcting_a_list_on_its_own_start_day_is_a_clean_error(db: Any, tmp_path: Path) -> None:
    text = edited_list(change={"167": {"name_fi": "Suur-Joensuu"}})
    with pytest.raises(CommandError, match="--valid-from"):
        call_command("load_municipalities", str(_write(tmp_path, text)), "--valid-from=2025-01-01")


def test_valid_from_must_be_an_iso_date(db: Any) -> None:
    with pytest.raises(CommandError, match=r"valid.from"):
        call_command("load_municipalities", str(SHIPPED), "--valid-from=1.1.2027")


def test_valid_from_is_required(db: Any) -> None:
    with pytest.raises(CommandError, match="valid-from"):
        call_command("load_municipalities", str(SHIPPED))


def test_the_command_reports_counts(db: Any, tmp_path: Path) -> None:
    text = edited_list(drop=("607",), change={"167": {"name_fi": "Suur-Joensuu"}}, add=[NEW_CODE])
    out = StringIO()
    call_command(
        "load_municipalities", str(_write(tmp_path, text)), "--valid-from=2027-01-01", stdout=out
    )
    assert out.getvalue().strip() == "created 2, ended 2, unchanged 306"
    assert Municipality.objects.valid_on(datetime.date(2027, 1, 1)).count() == 308
