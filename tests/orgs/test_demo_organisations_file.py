"""The demo organisations are data: the file loads, and a broken one is named clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kotopolku.core.datafile import DataFileError
from kotopolku.orgs import demo

GOOD = """
[[organisations]]
slug = "toivo"
kind = "regional_centre"
name.fi = "Toivo"
serves = "joensuu-region"
county = "14"

[[organisations.units]]
slug = "ohjaus"
name.fi = "Ohjaus"
"""


def test_the_demo_organisations_file_loads() -> None:
    orgs = demo.organisations()
    assert len(orgs) == 9
    assert sum(len(o.units) for o in orgs) == 14
    toivo = next(o for o in orgs if o.slug == "toivo")
    assert toivo.serves == demo.JOENSUU_REGION and toivo.county == demo.POHJOIS_KARJALA_COUNTY
    assert toivo.units[0] == (
        "ohjaus",
        {
            "fi": "Kotoutumisohjaus",
            "sv": "Integrationshandledning",
            "en": "Integration counselling",
        },
    )


def test_a_good_file_reads(tmp_path: Path) -> None:
    path = tmp_path / "orgs.toml"
    path.write_text(GOOD, encoding="utf-8")
    (org,) = demo.read_organisations(path)
    assert org.units == (("ohjaus", {"fi": "Ohjaus"}),)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('kind = "regional_centre"', 'kind = "guild"', "field 'kind': unknown organisation kind"),
        ('county = "14"', 'county = "99"', "field 'county': unknown wellbeing county code '99'"),
        ('serves = "joensuu-region"', 'serves = "lapland"', "field 'serves': unknown area"),
        (
            'serves = "joensuu-region"',
            'serves = ["167", "091"]',
            "field 'serves': unknown code '091'",
        ),
        ('serves = "joensuu-region"', "serves = 167", "field 'serves': expected an area name"),
        ('county = "14"', 'county = "14"\nboss = "x"', "field 'boss': unknown key"),
        ('name.fi = "Toivo"\n', "", "field 'name': missing"),
        ('slug = "ohjaus"', 'slug = "ohjaus"\nhead = "x"', "unit 1: field 'head': unknown key"),
    ],
)
def test_a_broken_file_names_the_organisation_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    path = tmp_path / "orgs.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        demo.read_organisations(path)
    text = str(raised.value)
    assert text.startswith("orgs.toml: organisation 1 ('toivo')"), text
    assert message in text, text
