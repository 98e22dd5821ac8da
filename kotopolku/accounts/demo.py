"""Demo logins (DESIGN.md contracts). They exist only in demo mode."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from kotopolku.accounts import actions
from kotopolku.accounts.models import User
from kotopolku.core.dates import add_years
from kotopolku.orgs.models import Membership, Role, Unit


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


LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", "Pääkäyttäjä", "Demo", "toivo", "hallinto", Role.SYSTEM_ADMIN, False),
    DemoLogin(
        "counsellor.joensuu",
        "Kotoutumisohjaaja",
        "Joensuu",
        "toivo",
        "ohjaus",
        Role.COUNSELLOR,
        True,
    ),
    DemoLogin(
        "counsellor.kokkola",
        "Kotoutumisohjaaja",
        "Kokkola",
        "kokkola-kotoutumispalvelut",
        "ohjaus",
        Role.COUNSELLOR,
        True,
    ),
    DemoLogin(
        "manager.joensuu",
        "Kotouttamispäällikkö",
        "Joensuu",
        "toivo",
        "ohjaus",
        Role.UNIT_MANAGER,
        True,
    ),
    DemoLogin(
        "auditor.joensuu", "Tietosuojavastaava", "Joensuu", "toivo", "hallinto", Role.AUDITOR, True
    ),
    DemoLogin(
        "coordinator.joensuu",
        "Seutukoordinaattori",
        "Joensuu",
        "toivo",
        "koordinointi",
        Role.COORDINATOR,
        True,
    ),
    DemoLogin(
        "coordinator.kokkola",
        "Kotoutumisen vastuukoordinaattori",
        "Kokkola",
        "kokkola-kotoutumispalvelut",
        "koordinointi",
        Role.COORDINATOR,
        True,
    ),
    DemoLogin(
        "employment.kokkola",
        "Työllisyysasiantuntija",
        "Kokkola",
        "keski-pohjanmaan-tyollisyysalue",
        "kotoutuminen",
        Role.EMPLOYMENT_WORKER,
        True,
    ),
    DemoLogin(
        "wellbeing.kokkola",
        "Sosiaalityöntekijä",
        "Kokkola",
        "soite",
        "maahanmuuttajatyo",
        Role.WELLBEING_WORKER,
        True,
    ),
    DemoLogin(
        "ngo.spr",
        "Vapaaehtoistoiminnan koordinaattori",
        "SPR",
        "spr-joensuu",
        "vapaaehtoistoiminta",
        Role.NGO_PARTNER,
        False,
    ),
)


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
