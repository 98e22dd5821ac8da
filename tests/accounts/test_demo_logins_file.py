"""The demo logins are data: the file loads, and a broken one is named clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kotopolku.accounts import demo
from kotopolku.core.datafile import DataFileError
from kotopolku.orgs.models import Role

GOOD = """
[[logins]]
username = "counsellor.joensuu"
first_name = "Kotoutumisohjaaja"
last_name = "Joensuu"
org = "toivo"
unit = "ohjaus"
role = "counsellor"
public_official = true
"""


def test_the_demo_logins_file_loads_one_login_per_role() -> None:
    assert len(demo.LOGINS) == 10
    assert {login.role for login in demo.LOGINS} == set(Role)
    assert all(isinstance(login.role, Role) for login in demo.LOGINS)
    admin = next(login for login in demo.LOGINS if login.username == "admin")
    assert (admin.org, admin.unit, admin.public_official) == ("toivo", "hallinto", False)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('role = "counsellor"', 'role = "wizard"', "field 'role': unknown role 'wizard'"),
        ('unit = "ohjaus"', 'unit = "sauna"', "field 'unit': toivo/sauna is not a unit"),
        (
            "public_official = true",
            'public_official = "yes"',
            "field 'public_official': expected true or false",
        ),
        (
            "public_official = true",
            'public_official = true\nlanguage = "de"',
            "field 'language': 'de' is not one of",
        ),
        (
            "public_official = true",
            'public_official = true\nemail = "x"',
            "field 'email': unknown key",
        ),
        ('last_name = "Joensuu"\n', "", "field 'last_name': missing"),
    ],
)
def test_a_broken_file_names_the_login_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    path = tmp_path / "logins.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        demo.read_logins(path)
    text = str(raised.value)
    assert text.startswith("logins.toml: login 1 ('counsellor.joensuu')"), text
    assert message in text, text


def test_a_repeated_username_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "logins.toml"
    path.write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(
        DataFileError, match=r"^logins.toml: field 'username': 'counsellor.joensuu'"
    ):
        demo.read_logins(path)
