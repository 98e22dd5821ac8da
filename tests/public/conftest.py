"""A small tray for Kokkola (272) and Joensuu (167) over the demo organisations, and helpers
that write programme versions directly with the models (the programme's actions are issue
17a's)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.catalog.models import Place, Service, ServiceTime
from kotopolku.catalog.search.index import index_service
from kotopolku.orgs.models import Municipality, Organisation
from kotopolku.programme.models import Programme, ProgrammeAnswer, ProgrammeSection

KOKKOLA = "272"
JOENSUU = "167"


def make_service(owner: Organisation, name: dict[str, str], **fields: Any) -> Service:
    """A published tray entry of Kokkola (unless told), indexed as the tray's search needs."""
    values: dict[str, Any] = {
        "status": Service.Status.PUBLISHED,
        "languages": ["fi"],
        "municipality_codes": [KOKKOLA],
        "schedule_kind": "appointment",
    }
    values.update(fields)
    service = Service.objects.create(owner=owner, name=name, **values)
    index_service(service)
    return service


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def tray(demo_world: dict[str, User], today: datetime.date) -> dict[str, Service]:
    kokkola = Organisation.objects.get(slug="kokkola-kotoutumispalvelut")
    toivo = Organisation.objects.get(slug="toivo")
    dvv = Organisation.objects.create(
        slug="dvv",
        kind=Organisation.Kind.STATE_AGENCY,
        name={"fi": "Digi- ja väestötietovirasto", "en": "Digital and Population Data Agency"},
    )
    dvv.serves.set(Municipality.objects.filter(code__in=[KOKKOLA, JOENSUU]))
    library = Place.objects.create(
        owner=kokkola,
        name={"fi": "Pääkirjasto", "en": "Main library"},
        street_address="Isokatu 1",
        postal_code="67100",
        post_office="Kokkola",
        municipality_code=KOKKOLA,
    )
    made = {
        "assessment": make_service(
            kokkola,
            {
                "fi": "Palvelutarpeen arviointi Kokkolassa",
                "fi-x-plain": "Alkuhaastattelu Kokkolassa",
            },
            programme_element="assessment",
            contact_phone="06 555 0100",
        ),
        "civic": make_service(
            kokkola,
            {"fi": "Yhteiskuntaorientaatio arabiaksi", "ar": "التوجيه المجتمعي في كوكولا"},
            programme_element="civic_orientation",
            schedule_kind="recurring",
            languages=["ar"],
        ),
        "welcome": make_service(
            kokkola,
            {"fi": "Welcome Office Kokkola", "en": "Welcome Office Kokkola"},
            programme_element="guidance",
            schedule_kind="drop_in",
        ),
        "counselling": make_service(
            kokkola,
            {"fi": "Kotoutumisohjaus Kokkolassa"},
            programme_element="guidance",
        ),
        "registration": make_service(
            dvv,
            {"fi": "DVV:n rekisteröinti", "en": "DVV registration"},
            kind=Service.Kind.AUTHORITY_ROLE,
            municipality_codes=[],
        ),
        "joensuu": make_service(
            toivo,
            {"fi": "Palvelutarpeen arviointi Joensuussa"},
            programme_element="assessment",
            municipality_codes=[JOENSUU],
        ),
        "draft": make_service(
            kokkola,
            {"fi": "Arvioinnin luonnospalvelu"},
            programme_element="assessment",
            status=Service.Status.DRAFT,
        ),
        "linked_v1": make_service(
            kokkola, {"fi": "Ohjelman ensimmäinen palvelu"}, programme_element="other"
        ),
        "linked_v2": make_service(
            kokkola, {"fi": "Ohjelman toinen palvelu"}, programme_element="other"
        ),
    }
    made["welcome"].places.add(library)
    ServiceTime.objects.create(
        service=made["welcome"],
        weekday=0,
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(15, 0),
    )
    ServiceTime.objects.create(
        service=made["civic"],
        date=today + datetime.timedelta(days=5),
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(12, 0),
    )
    return made


def make_programme(
    *,
    status: str,
    responsible: str,
    services: list[Service],
    version: int = 1,
    previous: Programme | None = None,
    approved_on: datetime.date | None = datetime.date(2024, 11, 25),
    body: str = "Kokkolan kaupunginhallitus",
) -> Programme:
    """A programme version for Kokkola whose part 1 (assessment) names `responsible` in B and
    links `services`."""
    coordinating = Organisation.objects.get(slug="kokkola-kotoutumispalvelut")
    programme = Programme.objects.create(
        organisation=coordinating,
        series=previous.series if previous else Programme._meta.get_field("series").default(),
        version=version,
        previous=previous,
        status=status,
        language="fi",
        title="Kokkolan kotoutumisohjelma",
        approved_by_body=body if status not in ("draft", "in_review") else "",
        approved_on=approved_on if status not in ("draft", "in_review") else None,
        published_at=timezone.now() if status == "published" else None,
    )
    programme.municipalities.set(Municipality.objects.filter(code=KOKKOLA))
    section = ProgrammeSection.objects.create(
        programme=programme, number=1, element="assessment", title="Arviointi"
    )
    ProgrammeAnswer.objects.create(
        section=section, part="a", position=0, question="a_how", text="Kuvaus, ei näy polulla."
    )
    ProgrammeAnswer.objects.create(
        section=section, part="b", position=0, question="b_who", text=responsible
    )
    section.services.set(services)
    return programme
