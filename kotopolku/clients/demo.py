"""About 200 synthetic demo clients for the Joensuu region and Kokkola (demo mode only).

Deterministic for a given load day; built through the real actions, so the change log holds
their history. Henkilötunnus individual numbers are 900-999 only (never given to real people).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.clients import actions
from kotopolku.clients.models import Client, FirstPermitKind, HouseholdMember, ImmigrationBasis
from kotopolku.clients.names import pick_name
from kotopolku.core import henkilotunnus
from kotopolku.orgs.demo import JOENSUU_REGION
from kotopolku.orgs.models import Municipality, Unit

B = ImmigrationBasis
DEMO_MARK = "DEMO-"

# Mother tongues with weights, per site (after the seeds: Joensuu's largest groups are
# Russian, Bengali, Syrian Arabic, Estonian and Chinese; Kokkola names Russian, Ukrainian,
# Persian, Swahili, Arabic, Thai, Estonian and English).
JOENSUU_LANGUAGES = {
    "ru": 22,
    "bn": 10,
    "ar": 14,
    "et": 8,
    "zh": 6,
    "uk": 14,
    "fa": 6,
    "so": 6,
    "en": 6,
    "th": 3,
    "prs": 3,
    "ti": 2,
}
KOKKOLA_LANGUAGES = {
    "ru": 14,
    "uk": 18,
    "fa": 10,
    "sw": 6,
    "ar": 12,
    "th": 8,
    "et": 6,
    "en": 6,
    "ckb": 4,
    "vi": 4,
    "so": 4,
}

BASES_BY_LANGUAGE: dict[str, tuple[tuple[str, int], ...]] = {
    "ar": ((B.QUOTA_REFUGEE, 4), (B.INTERNATIONAL_PROTECTION, 4), (B.FAMILY, 3)),
    "fa": ((B.QUOTA_REFUGEE, 3), (B.INTERNATIONAL_PROTECTION, 3), (B.FAMILY, 2), (B.STUDY, 1)),
    "prs": ((B.QUOTA_REFUGEE, 4), (B.INTERNATIONAL_PROTECTION, 2), (B.FAMILY, 2)),
    "so": ((B.INTERNATIONAL_PROTECTION, 3), (B.FAMILY, 3), (B.QUOTA_REFUGEE, 2)),
    "ti": ((B.QUOTA_REFUGEE, 3), (B.INTERNATIONAL_PROTECTION, 2), (B.FAMILY, 1)),
    "ckb": ((B.INTERNATIONAL_PROTECTION, 3), (B.FAMILY, 2), (B.QUOTA_REFUGEE, 1)),
    "uk": ((B.TEMPORARY_PROTECTION, 8), (B.WORK, 2), (B.FAMILY, 1)),
    "ru": ((B.FAMILY, 4), (B.WORK, 3), (B.RETURNEE, 2), (B.STUDY, 1)),
    "et": ((B.EU_REGISTRATION, 6), (B.FAMILY, 1)),
    "th": ((B.FAMILY, 5), (B.WORK, 2), (B.TRAFFICKING_VICTIM, 1)),
    "bn": ((B.STUDY, 4), (B.WORK, 3), (B.FAMILY, 2)),
    "zh": ((B.STUDY, 3), (B.WORK, 2), (B.FAMILY, 1)),
    "en": ((B.WORK, 3), (B.FAMILY, 3), (B.NORDIC, 1), (B.OTHER, 1)),
    "sw": ((B.FAMILY, 2), (B.STUDY, 2), (B.INTERNATIONAL_PROTECTION, 2)),
    "vi": ((B.WORK, 3), (B.FAMILY, 2)),
}
PERMIT_KINDS: dict[str, str] = {
    B.EU_REGISTRATION: FirstPermitKind.EU_REGISTRATION,
    B.NORDIC: FirstPermitKind.NORDIC_REGISTRATION,
}
LANGUAGE_FOR_BASIS: dict[str, str] = {
    B.NORDIC: "en",
    B.EU_REGISTRATION: "et",
    B.TRAFFICKING_VICTIM: "th",
    B.RETURNEE: "ru",
}
JOENSUU_WEIGHTS = {"167": 60, "276": 8, "426": 7, "146": 5, "309": 6, "176": 3, "607": 3, "090": 3}


@dataclass
class Site:
    unit: Unit
    counsellor: User
    jobseeker_counsellor: User
    languages: dict[str, int]
    municipalities: dict[str, int]
    count: int


def _weighted(rng: random.Random, table: dict[str, int] | tuple[tuple[str, int], ...]) -> str:
    items = list(table.items()) if isinstance(table, dict) else list(table)
    return rng.choices([k for k, _w in items], weights=[w for _k, w in items])[0]


def _birth(rng: random.Random, today: datetime.date, low: int, high: int) -> datetime.date:
    return today - datetime.timedelta(days=rng.randint(low * 365, high * 365))


class _Builder:
    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.used_hetu: set[str] = set()
        self.serial = 0
        self.municipalities = {m.code: m for m in Municipality.objects.valid_on(today)}

    def hetu(self, birth: datetime.date) -> str:
        while True:
            code = henkilotunnus.make(birth, self.rng.randint(900, 999))
            if code not in self.used_hetu:
                self.used_hetu.add(code)
                return code

    def values(
        self,
        language: str,
        basis: str,
        birth: datetime.date,
        *,
        female: bool,
        last_name: str | None,
        municipality: str | None,
        permit: datetime.date,
        minor_alone: bool = False,
    ) -> dict[str, Any]:
        rng = self.rng
        first, last = pick_name(rng, language, female=female)
        self.serial += 1
        has_hetu = (
            not (basis == B.TEMPORARY_PROTECTION and municipality is None) and rng.random() < 0.82
        )
        reason = ""
        if municipality is None:
            reason = "198-tp" if basis == B.TEMPORARY_PROTECTION else "198"
        interpreter = language not in ("en", "et", "sv") and rng.random() < 0.6
        service = ["fi"] + (
            [language] if language in ("ru", "uk", "ar", "en", "fa", "so") else ["en"]
        )
        return {
            "first_name": first,
            "last_name": last_name or last,
            "birth_date": birth,
            "henkilotunnus": self.hetu(birth) if has_hetu else None,
            "internal_number": f"{DEMO_MARK}{self.serial:04d}",
            "unhcr_number": f"{rng.randint(100, 999)}-{rng.randint(10000000, 99999999)}"
            if basis == B.QUOTA_REFUGEE
            else "",
            "phone": f"+358 40 {rng.randint(1000000, 9999999)}" if rng.random() < 0.8 else "",
            "mother_tongue": language,
            "service_languages": list(dict.fromkeys(service)),
            "interpreter_needed": interpreter,
            "interpreter_language": language if interpreter else "",
            "municipality": self.municipalities.get(municipality) if municipality else None,
            "municipality_since": permit + datetime.timedelta(days=rng.randint(5, 120))
            if municipality
            else None,
            "no_municipality_reason": reason,
            "first_permit_date": permit,
            "first_permit_kind": PERMIT_KINDS.get(basis, FirstPermitKind.RESIDENCE_PERMIT),
            "immigration_basis": basis,
            "unaccompanied_minor": minor_alone,
        }


def _create(builder: _Builder, site: Site, values: dict[str, Any], *, jobseeker: bool) -> Client:
    counsellor = site.jobseeker_counsellor if jobseeker else site.counsellor
    if values["municipality_since"] and values["municipality_since"] > builder.today:
        values["municipality_since"] = builder.today
    with acting(user=counsellor, role="counsellor", unit=site.unit, view="command:demo"):
        return actions.do_create_client(
            values,
            responsible_unit=site.unit,
            counsellor=counsellor,
            jobseeker_since=values["first_permit_date"]
            + datetime.timedelta(days=builder.rng.randint(10, 200))
            if jobseeker
            else None,
            acting_user=counsellor,
        )


def _site_clients(builder: _Builder, site: Site) -> int:
    rng, today = builder.rng, builder.today
    made = 0
    while made < site.count:
        language = _weighted(rng, site.languages)
        basis = _weighted(rng, BASES_BY_LANGUAGE.get(language, ((B.OTHER, 1),)))
        permit = today - datetime.timedelta(days=rng.randint(20, 4 * 365))
        municipality: str | None = _weighted(rng, site.municipalities)
        if (basis == B.TEMPORARY_PROTECTION and rng.random() < 0.35) or rng.random() < 0.03:
            municipality = None
        family = (
            basis in (B.QUOTA_REFUGEE, B.INTERNATIONAL_PROTECTION, B.FAMILY, B.TEMPORARY_PROTECTION)
            and rng.random() < 0.35
        )
        minor_alone = basis == B.INTERNATIONAL_PROTECTION and not family and rng.random() < 0.12
        birth = _birth(rng, permit, 15, 17) if minor_alone else _birth(rng, today, 19, 62)
        female = rng.random() < 0.5
        jobseeker = not minor_alone and basis not in (B.TRAFFICKING_VICTIM,) and rng.random() < 0.3
        adult = _create(
            builder,
            site,
            builder.values(
                language,
                basis,
                birth,
                female=female,
                last_name=None,
                municipality=municipality,
                permit=permit,
                minor_alone=minor_alone,
            ),
            jobseeker=jobseeker,
        )
        made += 1
        if not family or made >= site.count:
            continue
        counsellor = site.counsellor
        with acting(user=counsellor, role="counsellor", unit=site.unit, view="command:demo"):
            spouse = _create(
                builder,
                site,
                builder.values(
                    language,
                    basis,
                    _birth(rng, today, 19, 60),
                    female=not female,
                    last_name=adult.last_name,
                    municipality=municipality,
                    permit=permit,
                ),
                jobseeker=rng.random() < 0.3,
            )
            actions.do_add_household_member(
                adult,
                member=spouse,
                relation=HouseholdMember.Relation.SPOUSE,
                acting_user=counsellor,
            )
            made += 1
            for _ in range(rng.randint(0, 3)):
                if made >= site.count:
                    break
                child_birth = _birth(rng, today, 1, 17)
                if child_birth > permit:
                    child_birth = permit - datetime.timedelta(days=rng.randint(30, 2000))
                child = _create(
                    builder,
                    site,
                    builder.values(
                        language,
                        basis,
                        child_birth,
                        female=rng.random() < 0.5,
                        last_name=adult.last_name,
                        municipality=municipality,
                        permit=permit,
                    ),
                    jobseeker=False,
                )
                actions.do_add_household_member(
                    adult,
                    member=child,
                    relation=HouseholdMember.Relation.CHILD,
                    acting_user=counsellor,
                )
                made += 1
            if rng.random() < 0.3:
                actions.do_add_household_member(
                    adult,
                    name=" ".join(pick_name(rng, language, female=rng.random() < 0.5)),
                    birth_year=today.year - rng.randint(45, 80),
                    relation=HouseholdMember.Relation.PARENT,
                    acting_user=counsellor,
                )
    return made


def load(*, seed: int = 20251, today: datetime.date | None = None) -> int:
    """Create the demo clients unless they exist; return how many were created."""
    if Client.objects.filter(internal_number__startswith=DEMO_MARK).exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    builder = _Builder(rng, today)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=("counsellor.joensuu", "counsellor.kokkola", "employment.kokkola")
        )
    }
    joensuu = Site(
        unit=Unit.objects.get(organisation__slug="toivo", slug="ohjaus"),
        counsellor=users["counsellor.joensuu"],
        jobseeker_counsellor=users["counsellor.joensuu"],
        languages=JOENSUU_LANGUAGES,
        municipalities={c: JOENSUU_WEIGHTS[c] for c in JOENSUU_REGION},
        count=120,
    )
    kokkola = Site(
        unit=Unit.objects.get(organisation__slug="kokkola-kotoutumispalvelut", slug="ohjaus"),
        counsellor=users["counsellor.kokkola"],
        jobseeker_counsellor=users["employment.kokkola"],
        languages=KOKKOLA_LANGUAGES,
        municipalities={"272": 1},
        count=80,
    )
    made = _site_clients(builder, joensuu) + _site_clients(builder, kokkola)
    _ensure_every_basis(builder, joensuu)
    return made


def _ensure_every_basis(builder: _Builder, site: Site) -> None:
    """Make sure every basis of residence appears at least once (the demo shows them all)."""
    present = set(Client.objects.values_list("immigration_basis", flat=True))
    for basis in ImmigrationBasis.values:
        if basis in present:
            continue
        language = LANGUAGE_FOR_BASIS.get(basis, "en")
        permit = builder.today - datetime.timedelta(days=400)
        _create(
            builder,
            site,
            builder.values(
                language,
                basis,
                _birth(builder.rng, builder.today, 20, 50),
                female=True,
                last_name=None,
                municipality="167",
                permit=permit,
            ),
            jobseeker=False,
        )
