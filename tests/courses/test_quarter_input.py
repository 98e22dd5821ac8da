"""Bad quarter input gets a clear message naming the entry and the field; the demo data is sane."""

from __future__ import annotations

import pytest

from kotopolku.courses.timetable.quarter import JOENSUU_REGION, QuarterError
from kotopolku.courses.timetable.quarter_data import load_quarter, parse_quarter

HEAD = """
[quarter]
name = "test"
start = 2027-01-04
weeks = 2
times = [["09:00", "12:00"]]

[region]
municipalities = ["Joensuu", "Liperi"]
distances = [["Joensuu", "Liperi", 25]]

[themes]
kela = 1

[[facilitators]]
key = "f1"
title = "Ohjaaja 1"
languages = ["fi"]
home = "Joensuu"

[[demands]]
theme = "kela"
language = "fi"
group_size = 8
"""

ROOM = """
[[rooms]]
key = "r1"
name = "Toivo"
municipality = "Joensuu"
capacity = 12
"""


def test_a_good_file_is_read() -> None:
    q = parse_quarter(HEAD + ROOM)
    assert [r.capacity for r in q.rooms] == [12]
    assert q.demands[0].key == "kela/fi"
    assert q.demands[0].year == 1
    assert len(q.slots()) == 10


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ROOM.replace("capacity = 12", "capacity = 0"),
            "rooms[0] ('r1'): field 'capacity': must be at least 1, got 0",
        ),
        (
            ROOM + 'periods = [["2027-01-04", "2027-03-01"]]\n',
            "rooms[0] ('r1'): field 'periods': 2027-01-04 – 2027-03-01 is outside the quarter "
            "(2027-01-04 – 2027-01-17)",
        ),
        (
            ROOM.replace("Joensuu", "Kuopio"),
            "rooms[0] ('r1'): field 'municipality': unknown municipality 'Kuopio'",
        ),
        (
            ROOM + '\n[[demands]]\ntheme = "kela"\nlanguage = "xx"\ngroup_size = 5\n',
            "demands[1] ('kela/xx'): field 'languages': unknown language 'xx'",
        ),
        (
            ROOM + '\n[[demands]]\ntheme = "sauna"\nlanguage = "fi"\ngroup_size = 5\n',
            "demands[1]: field 'theme': unknown theme 'sauna' (not in [themes])",
        ),
        (
            ROOM + '\n[[pins]]\ndemand = "kela/fi"\ndate = 2027-01-05\nstart = "09:00"\n'
            'room = "r9"\n',
            "pins[0] (kela/fi #1): field 'room': unknown room 'r9'",
        ),
        (
            ROOM + '\n[[pins]]\ndemand = "kela/fi"\ndate = 2027-01-09\nstart = "09:00"\n',
            "pins[0] (kela/fi #1): field 'date': 2027-01-09 09:00 is not a slot of the quarter",
        ),
        (
            ROOM + 'weekdays = ["moonday"]\n',
            "rooms[0] ('r1'): field 'weekdays': unknown weekday 'moonday'",
        ),
        (
            ROOM.replace("capacity = 12", 'capacity = "big"'),
            "rooms[0] ('r1'): field 'capacity': expected a whole number, got text",
        ),
        (
            ROOM + 'times = ["10:00"]\n',
            "rooms[0] ('r1'): field 'times': '10:00' is not the start of a slot",
        ),
    ],
)
def test_bad_input_names_the_field(extra: str, message: str) -> None:
    with pytest.raises(QuarterError) as caught:
        parse_quarter(HEAD + extra)
    assert message in str(caught.value)


def test_not_toml_is_refused_with_the_file_name() -> None:
    with pytest.raises(QuarterError, match=r"^quarter.toml: not TOML"):
        parse_quarter("[quarter\n")


def test_the_demo_quarter_is_the_joensuu_region_with_role_titles_only() -> None:
    q = load_quarter()
    assert set(q.municipalities) == set(JOENSUU_REGION)
    assert {r.municipality for r in q.rooms} == set(JOENSUU_REGION)
    assert len({d.language for d in q.demands}) >= 6
    assert len({d.theme for d in q.demands}) == 12
    assert {d.year for d in q.demands} == {1, 2, 3}
    assert all(f.title.startswith("Ohjaaja ") for f in q.facilitators)
    assert all(i.title.startswith("Tulkki ") for i in q.interpreters)
    # every pair of the eight municipalities has a distance
    for a in JOENSUU_REGION:
        for b in JOENSUU_REGION:
            assert a == b or q.distance(a, b) > 0
