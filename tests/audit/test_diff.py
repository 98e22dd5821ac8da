"""`recorder.diff` returns {field: [old, new]} for changed fields only, JSON-safe."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
import zoneinfo
from typing import Any

import pytest

from kotopolku.audit.recorder import diff, snapshot


def test_only_changed_fields_are_listed() -> None:
    old = {"name": "A", "size": 1, "active": True}
    new = {"name": "B", "size": 1, "active": True}
    assert diff(old, new) == {"name": ["A", "B"]}


def test_no_change_gives_an_empty_dict() -> None:
    values = {"name": "A", "when": datetime.date(2025, 1, 1), "id": uuid.uuid4()}
    assert diff(values, dict(values)) == {}


def test_added_and_removed_fields_show_none_on_the_missing_side() -> None:
    assert diff({"a": 1}, {"b": 2}) == {"a": [1, None], "b": [None, 2]}


def test_dates_datetimes_and_times_become_iso_strings_with_instants_in_utc() -> None:
    helsinki = zoneinfo.ZoneInfo("Europe/Helsinki")
    old = {
        "day": datetime.date(2025, 1, 1),
        "at": datetime.datetime(2025, 1, 1, 12, 0, tzinfo=helsinki),
        "time": datetime.time(8, 30),
    }
    new = {
        "day": datetime.date(2025, 12, 31),
        "at": datetime.datetime(2025, 6, 1, 9, 15, tzinfo=helsinki),
        "time": datetime.time(9, 0),
    }
    assert diff(old, new) == {
        "at": ["2025-01-01T10:00:00+00:00", "2025-06-01T06:15:00+00:00"],
        "day": ["2025-01-01", "2025-12-31"],
        "time": ["08:30:00", "09:00:00"],
    }


def test_uuids_and_decimals_become_strings() -> None:
    a, b = uuid.UUID(int=1), uuid.UUID(int=2)
    result = diff({"id": a, "amount": decimal.Decimal("1.50")}, {"id": b, "amount": None})
    assert result == {"amount": ["1.50", None], "id": [str(a), str(b)]}


def test_nested_values_are_made_json_safe_and_sets_are_sorted() -> None:
    old = {"tags": {"b", "a"}, "meta": {"when": datetime.date(2025, 1, 1)}}
    new = {"tags": {"a", "c"}, "meta": {"when": datetime.date(2025, 1, 2)}}
    assert diff(old, new) == {
        "meta": [{"when": "2025-01-01"}, {"when": "2025-01-02"}],
        "tags": [["a", "b"], ["a", "c"]],
    }


def test_a_set_in_another_order_is_not_a_change() -> None:
    assert diff({"tags": {"x", "y", "z"}}, {"tags": {"z", "y", "x"}}) == {}


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2025, 1, 1),
        datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        uuid.uuid4(),
        decimal.Decimal("2.5"),
        {"nested": [uuid.uuid4(), datetime.date(2025, 1, 1)]},
        frozenset({3, 1, 2}),
        object(),
    ],
)
def test_every_result_survives_a_json_round_trip(value: Any) -> None:
    result = diff({}, {"field": value})
    assert json.loads(json.dumps(result)) == result


def test_snapshot_stores_foreign_keys_as_ids(demo_world: dict[str, Any]) -> None:
    membership = demo_world["admin"].active_memberships[0]
    values = snapshot(membership, ["user", "unit", "role", "valid_from"])
    assert values == {
        "user": str(membership.user_id),
        "unit": str(membership.unit_id),
        "role": membership.role,
        "valid_from": membership.valid_from.isoformat(),
    }
    json.dumps(values)


def test_the_same_instant_in_another_time_zone_is_not_a_change() -> None:
    utc = datetime.datetime(2025, 3, 1, 10, 0, tzinfo=datetime.UTC)
    local = utc.astimezone(zoneinfo.ZoneInfo("Europe/Helsinki"))
    assert utc == local
    assert diff({"at": utc}, {"at": local}) == {}
