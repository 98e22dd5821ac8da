"""Demo logins (DESIGN.md contracts). They exist only in demo mode.

The logins are data: `data/demo_logins.toml`, checked when read (an unknown or missing key, a
wrong type, an unknown role or language, a unit the demo organisations do not have, a repeated
username raises `core.datafile.DataFileError` naming the file, the login and the field).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from kotopolku.accounts import actions
from kotopolku.accounts.models import User
from kotopolku.core.datafile import (
    Where,
    boolean,
    check_keys,
    read_toml,
    string,
    table_array,
)
from kotopolku.core.dates import add_years
from kotopolku.orgs import demo as orgs_demo
from kotopolku.orgs.models import Membership, Role, Unit

LOGINS_FILE = Path(__file__).resolve().parent / "data" / "demo_logins.toml"
LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    org: str
    unit: str
    role: str
    public_official: bool
    language: str = "fi"


def _login(where: Where, table: dict[str, Any], units: set[tuple[str, str]]) -> DemoLogin:
    check_keys(
        where,
        table,
        ("username", "first_name", "last_name", "org", "unit", "role", "public_official"),
        ("language",),
    )
    role = string(where, table, "role")
    if role not in Role.values:
        raise where.error("role", f"unknown role {role!r} (known: {', '.join(Role.values)})")
    org, unit = string(where, table, "org"), string(where, table, "unit")
    if (org, unit) not in units:
        raise where.error("unit", f"{org}/{unit} is not a unit of the demo organisations")
    language = string(where, table, "language", "fi")
    if language not in LANGUAGES:
        raise where.error("language", f"{language!r} is not one of {', '.join(LANGUAGES)}")
    return DemoLogin(
        username=string(where, table, "username"),
        first_name=string(where, table, "first_name"),
        last_name=string(where, table, "last_name"),
        org=org,
        unit=unit,
        role=Role(role),
        public_official=boolean(where, table, "public_official"),
        language=language,
    )


def read_logins(path: Path) -> tuple[DemoLogin, ...]:
    """The logins of a demo logins file, checked against the demo organisations' units."""
    where = Where(path)
    data = read_toml(path)
    check_keys(where, data, ("logins",), ())
    units = {(o.slug, slug) for o in orgs_demo.organisations() for slug, _name in o.units}
    logins = tuple(
        _login(where.at(f"login {i + 1} ({t.get('username')!r})"), t, units)
        for i, t in enumerate(table_array(where, data, "logins"))
    )
    names = [login.username for login in logins]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise where.error("username", f"{twice[0]!r} appears twice")
    return logins


LOGINS: tuple[DemoLogin, ...] = read_logins(LOGINS_FILE)


def load() -> list[DemoLogin]:
    """Create the demo logins that are missing and give each its role; idempotent."""
    password = settings.DEMO_PASSWORD
    for spec in LOGINS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = actions.do_create_user(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@demo.kotopolku.invalid",
                preferred_language=spec.language,
                password=password,
                acting_user=None,
            )
        elif not user.check_password(password):
            actions.do_set_password(user, password, acting_user=None)
        unit = Unit.objects.get(organisation__slug=spec.org, slug=spec.unit)
        if not Membership.objects.active().filter(user=user, unit=unit, role=spec.role).exists():
            actions.do_add_membership(
                user,
                unit=unit,
                role=spec.role,
                is_public_official=spec.public_official,
                # the demo staff have worked there for years: the demo casework has a history
                valid_from=add_years(timezone.localdate(), -5),
                acting_user=None,
            )
    return list(LOGINS)
