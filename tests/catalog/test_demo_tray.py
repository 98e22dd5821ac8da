"""The tray's demo data files: all of it loads, and a broken file is named clearly."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kotopolku.catalog import demo_tray
from kotopolku.catalog.demo_tray import DemoDataError, read_actors, read_entries

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
[contacts.office]
role = "Neuvoja"
phone = "06 555 0100"

[texts.free]
cost_text.fi = "Maksuton."

[[entries]]
owner = "kokkola-kotoutumispalvelut"
name.fi = "Neuvonta"
name.en = "Advice"
use = ["free"]
element = "guidance"
category = "early"
targets = ["everyone"]
languages = ["fi", "en"]
municipalities = "kokkola"
schedule = "recurring"
times = [{ weekday = 1, starts_at = "10:00", ends_at = "12:00" }]
places = ["kokkola-kotoutumispalvelut:paakirjasto"]
contact = "office"
"""
PLACES = ["kokkola-kotoutumispalvelut:paakirjasto"]


def _write(tmp_path: Path, text: str, name: str = "broken.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_file_loads_with_the_expected_entries_per_region() -> None:
    counts = {name: len(entries) for name, entries in demo_tray.entries_by_file().items()}
    assert counts == {
        "roles.toml": 14,
        "kokkola.toml": 17,
        "kokkola_partners.toml": 18,
        "joensuu.toml": 15,
        "joensuu_partners.toml": 15,
    }
    assert len(demo_tray.all_entries()) == 79
    assert len(demo_tray.organisations()) == 16
    assert len(demo_tray.places()) == 17
    # the shared texts and contacts are resolved
    welcome = next(
        e
        for e in demo_tray.entries_by_file()["kokkola.toml"]
        if e.texts["name"]["fi"].startswith("Welcome")
    )
    assert welcome.texts["cost_text"] == {
        "fi": "Maksuton.",
        "sv": "Avgiftsfri.",
        "en": "Free of charge.",
    }
    assert welcome.contact is not None and welcome.contact.email == "welcomeoffice@kokkola.example"
    assert welcome.municipalities == ("272",)


def test_the_data_files_are_package_data() -> None:
    """An installed package finds them: pyproject lists the folder as package data."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]
    assert "demo_data/*" in package_data["kotopolku.catalog"]
    on_disk = {p.name for p in demo_tray.DATA_DIR.glob("*.toml")}
    assert on_disk == {demo_tray.ACTORS_FILE, *demo_tray.ENTRY_FILES}


def test_a_good_file_reads(tmp_path: Path) -> None:
    (entry,) = read_entries(_write(tmp_path, GOOD), PLACES)
    assert entry.texts == {
        "name": {"fi": "Neuvonta", "en": "Advice"},
        "cost_text": {"fi": "Maksuton."},
    }
    assert entry.times == (demo_tray.Slot("10:00", "12:00", weekday=1),)
    assert entry.contact == demo_tray.Contact("Neuvoja", phone="06 555 0100")
    assert entry.status == "published" and entry.kind == "service"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'schedule = "recurring"',
            'schedule = "recurring"\ncolour = "red"',
            "field 'colour': unknown key",
        ),
        ('element = "guidance"\n', "", "field 'element': missing"),
        (
            'targets = ["everyone"]',
            'targets = "everyone"',
            "field 'targets': expected a list of strings, got str",
        ),
        ('element = "guidance"', 'element = "magic"', "field 'element': unknown code 'magic'"),
        (
            'targets = ["everyone"]',
            'targets = ["aliens"]',
            "field 'targets': unknown code 'aliens'",
        ),
        (
            'languages = ["fi", "en"]',
            'languages = ["fi", "zz"]',
            "field 'languages': unknown code 'zz'",
        ),
        ('name.en = "Advice"', 'name.zz = "Advice"', "field 'name.zz': unknown language code"),
        ('name.en = "Advice"', "name.en = 3", "field 'name.en': expected a non-empty string"),
        (
            'municipalities = "kokkola"',
            'municipalities = ["272", "999"]',
            "field 'municipalities': unknown code '999'",
        ),
        (
            'municipalities = "kokkola"',
            'municipalities = "lapland"',
            "field 'municipalities': unknown area 'lapland'",
        ),
        ('contact = "office"', 'contact = "boss"', "field 'contact': unknown contact 'boss'"),
        ('use = ["free"]', 'use = ["cheap"]', "field 'use': unknown shared text 'cheap'"),
        (
            "weekday = 1,",
            "weekday = 1, in_days = 3,",
            "times[0]: field 'weekday': give either weekday",
        ),
        (
            'ends_at = "12:00"',
            'ends_at = "25:00"',
            "times[0]: field 'ends_at': '25:00' is not a time HH:MM",
        ),
        ("weekday = 1,", "weekday = 7,", "times[0]: field 'weekday': 7 is not between 0 and 6"),
        (
            'places = ["kokkola-kotoutumispalvelut:paakirjasto"]',
            'places = ["kokkola-kotoutumispalvelut:sauna"]',
            "field 'places': unknown place",
        ),
        ('name.fi = "Neuvonta"\n', "", "field 'name.fi': missing"),
        (
            'contact = "office"',
            'contact = "office"\nprice = 5',
            "field 'price': expected euros as a string",
        ),
    ],
)
def test_a_broken_entry_names_the_file_the_entry_and_the_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(DemoDataError) as raised:
        read_entries(path, PLACES)
    text = str(raised.value)
    assert text.startswith("broken.toml: entry 1"), text
    if "name.fi" not in message:
        assert "entry 1 ('Neuvonta')" in text, text
    assert message in text, text


def test_a_file_that_is_not_toml_or_has_no_entries(tmp_path: Path) -> None:
    with pytest.raises(DemoDataError, match=r"^broken.toml: not valid TOML"):
        read_entries(_write(tmp_path, 'owner = "x'))
    with pytest.raises(DemoDataError, match=r"^broken.toml: field 'entries': missing"):
        read_entries(_write(tmp_path, "[contacts.office]\nrole = 'x'\n"))
    with pytest.raises(DemoDataError, match=r"^broken.toml: field 'extra': unknown key"):
        read_entries(_write(tmp_path, GOOD + "\n[extra]\nx = 1\n"))
    bad_shared = GOOD.replace('cost_text.fi = "Maksuton."', 'cost_text.zz = "Maksuton."')
    with pytest.raises(
        DemoDataError, match=r"^broken.toml: texts.free: field 'cost_text.zz': unknown"
    ):
        read_entries(_write(tmp_path, bad_shared), PLACES)
    twice = GOOD + GOOD[GOOD.index("[[entries]]") :]
    with pytest.raises(
        DemoDataError, match=r"entry 2 \('Neuvonta'\): field 'name.fi': the same owner"
    ):
        read_entries(_write(tmp_path, twice), PLACES)


ACTORS = """
[accessibility.step-free]
fi = "Esteetön."

[[organisations]]
slug = "kirjasto"
kind = "ngo"
name.fi = "Kirjasto"
serves = "kokkola"

[[places]]
key = "kirjasto:paakirjasto"
name.fi = "Pääkirjasto"
postal_code = "67100"
post_office = "Kokkola"
municipality_code = "272"
accessibility = "step-free"
"""


def test_the_actors_file_reads_and_a_broken_one_is_named(tmp_path: Path) -> None:
    orgs, places = read_actors(_write(tmp_path, ACTORS, "actors.toml"))
    assert orgs[0].serves == ("272",) and orgs[0].unit == demo_tray.DEFAULT_UNIT
    assert places[0].accessibility == {"fi": "Esteetön."}
    for old, new, message in (
        (
            'kind = "ngo"',
            'kind = "club"',
            "organisation 1 ('kirjasto'): field 'kind': unknown organisation kind 'club'",
        ),
        (
            'postal_code = "67100"',
            'postal_code = "671"',
            "place 1 ('kirjasto:paakirjasto'): field 'postal_code'",
        ),
        (
            'accessibility = "step-free"',
            'accessibility = "stairs"',
            "field 'accessibility': unknown shared note 'stairs'",
        ),
        (
            'municipality_code = "272"',
            'municipality_code = "091"',
            "field 'municipality_code': unknown code '091'",
        ),
    ):
        path = _write(tmp_path, ACTORS.replace(old, new), "actors.toml")
        with pytest.raises(DemoDataError) as raised:
            read_actors(path)
        assert str(raised.value).startswith("actors.toml: "), raised.value
        assert message in str(raised.value), raised.value
