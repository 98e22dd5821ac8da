"""Demo organisations: the Joensuu region served by one regional centre, and Kokkola.

Names follow the seed documents and today's authorities (employment areas and wellbeing
counties since 2025); people appear only as role titles.
"""

from __future__ import annotations

from dataclasses import dataclass

from kotopolku.orgs import actions
from kotopolku.orgs.models import Municipality, Organisation, Unit, WellbeingCounty

JOENSUU_REGION = ("167", "276", "426", "146", "309", "176", "607", "090")
KOKKOLA = ("272",)
# The Keski-Pohjanmaa employment area serves Kokkola and its neighbours.
KESKI_POHJANMAA = ("272", "074", "217", "236", "421", "584", "849", "924")
POHJOIS_KARJALA_COUNTY = "14"
KESKI_POHJANMAA_COUNTY = "18"

K = Organisation.Kind


@dataclass(frozen=True)
class DemoOrg:
    slug: str
    kind: str
    name: dict[str, str]
    serves: tuple[str, ...]
    units: tuple[tuple[str, dict[str, str]], ...]
    county: str | None = None


ORGANISATIONS: tuple[DemoOrg, ...] = (
    DemoOrg(
        "toivo",
        K.REGIONAL_CENTRE,
        {
            "fi": "Pohjois-Karjalan kotouttamiskeskus Toivo",
            "sv": "Integrationscentret Toivo i Norra Karelen",
            "en": "Toivo Integration Centre of North Karelia",
        },
        JOENSUU_REGION,
        (
            (
                "ohjaus",
                {
                    "fi": "Kotoutumisohjaus",
                    "sv": "Integrationshandledning",
                    "en": "Integration counselling",
                },
            ),
            (
                "ryhmaohjaus",
                {
                    "fi": "Ryhmäohjaus ja yhteiskuntaorientaatio",
                    "sv": "Grupphandledning och samhällsorientering",
                    "en": "Group guidance and civic orientation",
                },
            ),
            (
                "koordinointi",
                {
                    "fi": "Seudullinen koordinointi",
                    "sv": "Regional samordning",
                    "en": "Regional coordination",
                },
            ),
            (
                "hallinto",
                {
                    "fi": "Hallinto ja tietosuoja",
                    "sv": "Administration och dataskydd",
                    "en": "Administration and data protection",
                },
            ),
        ),
        POHJOIS_KARJALA_COUNTY,
    ),
    DemoOrg(
        "joensuun-seudun-tyollisyysalue",
        K.EMPLOYMENT_AREA,
        {
            "fi": "Joensuun seudun työllisyysalue",
            "sv": "Sysselsättningsområdet i Joensuu-regionen",
            "en": "Joensuu Region Employment Area",
        },
        JOENSUU_REGION,
        (
            (
                "kotoutuminen",
                {
                    "fi": "Maahanmuuttajien työllisyyspalvelut",
                    "sv": "Sysselsättningstjänster för invandrare",
                    "en": "Employment services for immigrants",
                },
            ),
        ),
    ),
    DemoOrg(
        "siun-sote",
        K.WELLBEING_COUNTY,
        {
            "fi": "Pohjois-Karjalan hyvinvointialue Siun sote",
            "sv": "Norra Karelens välfärdsområde Siun sote",
            "en": "North Karelia Wellbeing Services County Siun sote",
        },
        JOENSUU_REGION,
        (
            (
                "maahanmuuttajatyo",
                {
                    "fi": "Maahanmuuttajien sosiaalityö",
                    "sv": "Socialt arbete för invandrare",
                    "en": "Social work with immigrants",
                },
            ),
        ),
        POHJOIS_KARJALA_COUNTY,
    ),
    DemoOrg(
        "spr-joensuu",
        K.NGO,
        {
            "fi": "Suomen Punainen Risti, Joensuun osasto",
            "sv": "Finlands Röda Kors, Joensuu avdelning",
            "en": "Finnish Red Cross, Joensuu branch",
        },
        JOENSUU_REGION,
        (
            (
                "vapaaehtoistoiminta",
                {"fi": "Vapaaehtoistoiminta", "sv": "Frivilligverksamhet", "en": "Volunteering"},
            ),
        ),
    ),
    DemoOrg(
        "joensuun-setlementti",
        K.NGO,
        {
            "fi": "Joensuun Setlementti ry",
            "sv": "Joensuu Settlement rf",
            "en": "Joensuu Settlement",
        },
        JOENSUU_REGION,
        (
            (
                "kotoutumistoiminta",
                {
                    "fi": "Kotoutumista tukeva toiminta",
                    "sv": "Verksamhet som stöder integration",
                    "en": "Integration activities",
                },
            ),
        ),
    ),
    DemoOrg(
        "kokkola-kotoutumispalvelut",
        K.MUNICIPAL_SERVICE,
        {
            "fi": "Kokkolan kaupunki, Kotoutumispalvelut",
            "sv": "Karleby stad, Integrationstjänster",
            "en": "City of Kokkola, Integration Services",
        },
        KOKKOLA,
        (
            (
                "ohjaus",
                {
                    "fi": "Kotoutumisohjaus",
                    "sv": "Integrationshandledning",
                    "en": "Integration counselling",
                },
            ),
            (
                "welcome-office",
                {"fi": "Welcome Office", "sv": "Welcome Office", "en": "Welcome Office"},
            ),
            (
                "koordinointi",
                {
                    "fi": "Kotoutumisen koordinointi",
                    "sv": "Samordning av integration",
                    "en": "Integration coordination",
                },
            ),
        ),
        KESKI_POHJANMAA_COUNTY,
    ),
    DemoOrg(
        "keski-pohjanmaan-tyollisyysalue",
        K.EMPLOYMENT_AREA,
        {
            "fi": "Keski-Pohjanmaan työllisyysalue",
            "sv": "Mellersta Österbottens sysselsättningsområde",
            "en": "Central Ostrobothnia Employment Area",
        },
        KESKI_POHJANMAA,
        (
            (
                "kotoutuminen",
                {
                    "fi": "Maahanmuuttajien työllisyyspalvelut",
                    "sv": "Sysselsättningstjänster för invandrare",
                    "en": "Employment services for immigrants",
                },
            ),
        ),
    ),
    DemoOrg(
        "soite",
        K.WELLBEING_COUNTY,
        {
            "fi": "Keski-Pohjanmaan hyvinvointialue Soite",
            "sv": "Mellersta Österbottens välfärdsområde Soite",
            "en": "Central Ostrobothnia Wellbeing Services County Soite",
        },
        KESKI_POHJANMAA,
        (
            (
                "maahanmuuttajatyo",
                {
                    "fi": "Maahanmuuttajien sosiaali- ja terveyspalvelut",
                    "sv": "Social- och hälsotjänster för invandrare",
                    "en": "Social and health services for immigrants",
                },
            ),
        ),
        KESKI_POHJANMAA_COUNTY,
    ),
    DemoOrg(
        "kotokunta",
        K.RECEPTION_CENTRE,
        {
            "fi": "Kotokunta (vastaanottokeskus)",
            "sv": "Kotokunta (mottagningscentral)",
            "en": "Kotokunta (reception centre)",
        },
        KOKKOLA,
        (("vastaanotto", {"fi": "Vastaanotto", "sv": "Mottagning", "en": "Reception"}),),
    ),
)


def load() -> dict[str, Organisation]:
    """Create the demo organisations and units that do not exist yet; return them by slug."""
    municipalities = {m.code: m for m in Municipality.objects.valid_on()}
    counties = {c.code: c for c in WellbeingCounty.objects.all()}
    result: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        org = Organisation.objects.filter(slug=spec.slug).first()
        if org is None:
            org = actions.do_create_organisation(
                slug=spec.slug,
                kind=spec.kind,
                name=spec.name,
                serves=[municipalities[c] for c in spec.serves if c in municipalities],
                wellbeing_county=counties.get(spec.county) if spec.county else None,
                acting_user=None,
            )
        existing = set(Unit.objects.filter(organisation=org).values_list("slug", flat=True))
        for slug, name in spec.units:
            if slug not in existing:
                actions.do_create_unit(org, slug=slug, name=name, acting_user=None)
        result[spec.slug] = org
    return result
