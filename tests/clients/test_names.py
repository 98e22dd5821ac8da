"""The synthetic names are data: the file loads, and a broken one is named clearly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kotopolku.clients.names import NameDataError, pick_name, pools, read_pools

GOOD = """
[en]
female = ["Emma", "Olivia"]
male = ["Jack", "Noah"]
family = ["Smith", "Jones"]

[fi]
female = ["Aino"]
male = ["Eino"]
family = ["Virtanen"]
"""


def test_the_names_file_loads_every_language_group() -> None:
    table = pools()
    assert len(table) == 15
    assert {"en", "ru", "uk", "ar", "so", "fa", "vi"} <= set(table)
    for language, pool in table.items():
        assert len(pool.female) == len(pool.male) == len(pool.family) == 10, language


def test_pick_name_is_deterministic_and_falls_back_to_english() -> None:
    first = [pick_name(random.Random(3), "ru", female=True) for _ in range(2)]
    assert first[0] == first[1]
    assert first[0][1] in pools()["ru"].family
    _given, family = pick_name(random.Random(3), "xx", female=False)
    assert family in pools()["en"].family


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[fi]", "[zz]", "names.toml: [zz]: unknown language code"),
        (
            'male = ["Eino"]',
            'male = ["Eino"]\nnick = ["E"]',
            "names.toml: [fi]: field 'nick': unknown key",
        ),
        ('male = ["Eino"]\n', "", "names.toml: [fi]: field 'male': missing"),
        (
            'family = ["Virtanen"]',
            'family = "Virtanen"',
            "[fi]: field 'family': expected a non-empty list",
        ),
        ('family = ["Virtanen"]', "family = []", "[fi]: field 'family': expected a non-empty list"),
        ('female = ["Aino"]', 'female = ["Aino", " "]', "[fi]: field 'female': ' ' is not a name"),
        (
            'female = ["Aino"]',
            'female = ["Aino", "Aino"]',
            "[fi]: field 'female': 'Aino' appears twice",
        ),
        ("[en]", "[sv]", "names.toml: [en]: missing (the fallback language)"),
    ],
)
def test_a_broken_names_file_names_the_language_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    path = tmp_path / "names.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(NameDataError) as raised:
        read_pools(path)
    assert message in str(raised.value), raised.value


def test_a_good_file_reads_in_order(tmp_path: Path) -> None:
    path = tmp_path / "names.toml"
    path.write_text(GOOD, encoding="utf-8")
    table = read_pools(path)
    assert list(table) == ["en", "fi"]
    assert table["en"].female == ("Emma", "Olivia")
